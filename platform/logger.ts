/**
 * Structured JSON logs (pino). Logs leave the service unencrypted, so they carry case IDs,
 * stages and outcomes, never a person's name, number, phone or notes: fields with those names
 * are censored wherever they appear, as a second line of defence.
 */
import pino from 'pino';

export const REDACTED_KEYS = [
  'person',
  'name',
  'nationalId',
  'pseudonym',
  'phone',
  'notes',
  'note',
  'detail',
  'summary',
  'reason',
  'housingWishes',
  'followUpWorker',
  'authorization',
  'body',
];

export function createLogger(component: string, level = process.env.LOG_LEVEL ?? 'info') {
  return pino({
    level,
    base: { component },
    redact: {
      paths: [...REDACTED_KEYS, ...REDACTED_KEYS.map((k) => `*.${k}`), 'req.headers.authorization'],
      censor: '[redacted]',
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

export type Logger = ReturnType<typeof createLogger>;
