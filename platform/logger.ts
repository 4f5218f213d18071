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

type SdkLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
const PINO_LEVEL: Record<SdkLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * The Temporal SDK's logger (worker, workflow and activity logs, and the native core's, when
 * forwarded) as pino JSON lines through the same redaction. The SDK's metadata names workflows,
 * runs and activity types, never payloads.
 */
export function temporalLogger(log: Logger) {
  const emit = (level: SdkLevel, message: string, meta?: Record<string, unknown>) => {
    const { error, ...rest } = meta ?? {};
    const fields = error instanceof Error ? { ...rest, error: error.message, errorType: error.name } : meta;
    log[PINO_LEVEL[level] ?? 'info'](fields ?? {}, message);
  };
  return {
    log: (level: SdkLevel, message: string, meta?: Record<string, unknown>) => emit(level, message, meta),
    trace: (message: string, meta?: Record<string, unknown>) => emit('TRACE', message, meta),
    debug: (message: string, meta?: Record<string, unknown>) => emit('DEBUG', message, meta),
    info: (message: string, meta?: Record<string, unknown>) => emit('INFO', message, meta),
    warn: (message: string, meta?: Record<string, unknown>) => emit('WARN', message, meta),
    error: (message: string, meta?: Record<string, unknown>) => emit('ERROR', message, meta),
  };
}
