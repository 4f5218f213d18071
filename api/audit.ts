/**
 * The access log (Normen): every request that reads or changes a case — or lists, reports, or
 * decodes payloads — leaves one entry with who, when, which route, which case and the outcome.
 *
 * The entry is written before the answer goes out: a read whose entry cannot be stored is
 * refused (503) rather than shown unlogged. Nothing personal goes in: the route pattern, never
 * the URL; a case ID only when it is well-formed; short details chosen by the route.
 */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Role } from '../domain/types';
import { CASE_ID_PATTERN } from './case-ids';
import { ProblemError } from './problem';
import { timingOf } from './server-timing';
import type { AuditAction, AuditLog, AuditOutcome } from './store';

export interface AccessNote {
  action: AuditAction;
  route: string;
  caseId: string | null;
  personalData: boolean;
  detail?: string;
  recorded?: boolean;
}

declare module 'express-serve-static-core' {
  interface Request {
    access?: AccessNote;
    requestId?: string;
  }
}

/** Starts the access note for a route; `:id` becomes the case ID when it is one. */
export function startAccess(action: AuditAction, route: string) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const id = typeof req.params.id === 'string' ? req.params.id : undefined;
    req.access = { action, route, caseId: id && CASE_ID_PATTERN.test(id) ? id : null, personalData: false };
    next();
  };
}

export function noteAccess(req: Request, note: Partial<AccessNote>): void {
  if (req.access) Object.assign(req.access, note);
}

export function requestId(req: Request, res: Response, next: NextFunction) {
  res.locals.receivedAt = performance.now(); // Server-Timing's `total` (api/server-timing.ts)
  const given = req.header('x-request-id');
  req.requestId = given && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', req.requestId);
  next();
}

export function outcomeFor(status: number): AuditOutcome {
  if (status < 400) return 'ok';
  switch (status) {
    case 400:
    case 415:
      return 'invalid';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 409:
      return 'wrong-stage';
    case 413:
      return 'too-large';
    case 422:
      return 'conflict';
    case 429:
      return 'rate-limited';
    case 503:
    case 504:
      return 'unavailable';
    default:
      return 'error';
  }
}

/** Writes the request's entry, once. Throws when the log cannot take it. */
export async function recordAccess(log: AuditLog, req: Request, status: number): Promise<void> {
  const note = req.access;
  if (!note || note.recorded) return;
  note.recorded = true;
  const user = req.user;
  await log.append({
    at: new Date().toISOString(),
    actorId: user?.id ?? null,
    actorRole: req.role ?? null,
    actorRoles: user?.roles ?? [],
    actorOffice: user?.office ?? null,
    action: note.action,
    method: req.method,
    route: note.route,
    caseId: note.caseId,
    status,
    outcome: outcomeFor(status),
    personalData: status < 400 && note.personalData,
    detail: note.detail ?? null,
    requestId: req.requestId ?? randomUUID(),
  });
}

export class AuditUnavailable extends ProblemError {
  constructor(changed: boolean) {
    super(
      503,
      'Access log unavailable',
      changed
        ? 'the event was recorded on the case, but the access log could not be written; ' +
            'retrying with the same Idempotency-Key is safe'
        : 'the access log could not be written, so nothing is shown; try again shortly',
    );
  }
}

/** Records the access, then answers. Nothing is shown when the access cannot be logged. */
export async function reply(
  log: AuditLog,
  req: Request,
  res: Response,
  status: number,
  body: unknown,
  opts: { changed?: boolean; role?: Role } = {},
): Promise<void> {
  const timing = timingOf(res);
  const t = performance.now();
  try {
    await recordAccess(log, req, status);
  } catch {
    throw new AuditUnavailable(!!opts.changed);
  }
  if (timing) {
    timing.add('log', performance.now() - t);
    timing.finish(res);
    res.setHeader('Server-Timing', timing.header());
  }
  res.status(status).json(body);
}
