/** RFC 9457 problem details: every error the API gives has this shape. */
import type { Response } from 'express';
import type { z } from 'zod';

export interface FieldError {
  path: string;
  message: string;
}

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

const TYPES: Record<number, string> = {
  400: 'invalid-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  409: 'wrong-stage',
  413: 'body-too-large',
  415: 'unsupported-media-type',
  422: 'idempotency-key-reused',
  429: 'rate-limited',
  500: 'internal-error',
  503: 'unavailable',
};

/** Seconds a client should wait before sending a 503'd request again (with the same key). */
export const RETRY_AFTER_SECONDS = 5;

export function sendProblem(res: Response, p: ProblemError): void {
  // Temporal or the access log away: tell a careful client when to come back.
  if (p.status === 503 && !res.get('Retry-After')) res.set('Retry-After', String(RETRY_AFTER_SECONDS));
  res
    .status(p.status)
    .type('application/problem+json')
    .json({
      type: `https://bolig-forst.kommune.test/problems/${TYPES[p.status] ?? 'error'}`,
      title: p.title,
      status: p.status,
      ...(p.detail ? { detail: p.detail } : {}),
      ...p.extra,
    });
}

function joinPath(prefix: string | undefined, path: PropertyKey[]): string {
  // Keys come from the caller's body: shortened so an odd key cannot blow up the answer.
  const parts = [...(prefix ? [prefix] : []), ...path.map((p) => String(p).slice(0, 64))];
  return parts.length ? parts.join('.') : '(body)';
}

/** One entry per bad field; an unknown field is named itself, not its parent object. */
export function fieldErrors(error: z.ZodError, prefix?: string): FieldError[] {
  return error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ path: joinPath(prefix, [...i.path, k]), message: 'unknown field' }))
      : [{ path: joinPath(prefix, i.path), message: i.message }],
  );
}

export function validationProblem(error: z.ZodError, where: 'body' | 'query' = 'body'): ProblemError {
  const errors = fieldErrors(error, where === 'query' ? 'query' : undefined);
  return new ProblemError(
    400,
    'The request is not valid',
    `${errors.length} invalid field${errors.length === 1 ? '' : 's'} in the ${where}: ${errors.map((e) => e.path).join(', ')}`,
    { errors },
  );
}
