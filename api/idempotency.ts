/**
 * `Idempotency-Key`: a client that did not hear the answer may send the same request again with
 * the same key and be sure it is applied once.
 *
 * - A referral's case ID is an HMAC of the caller and the key (see case-ids.ts), and the workflow
 *   is started with USE_EXISTING: Temporal itself refuses a second case.
 * - An event's update ID is an HMAC of the caller, the case, the route and the key: Temporal
 *   applies an update ID once per workflow run.
 * - Both are also recorded in the API's store with a keyed hash of the body. A key sent again
 *   with a different body is refused (422) instead of silently answering for the first body;
 *   and a completed event is answered from the record without asking the workflow again, which
 *   also covers a case that continued as new since (update IDs are remembered per run only).
 */
import { createHmac } from 'node:crypto';
import type { Request } from 'express';
import { ProblemError } from './problem';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** The header's value, checked: 1–200 visible ASCII characters. */
export function idempotencyKey(req: Request): string | undefined {
  const key = req.header(IDEMPOTENCY_HEADER);
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new ProblemError(400, 'The request is not valid', 'bad Idempotency-Key header', {
      errors: [{ path: 'header.Idempotency-Key', message: '1–200 visible ASCII characters' }],
    });
  }
  return key;
}

/** JSON with object keys sorted, so the same body always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function mac(secret: Uint8Array, text: string): string {
  return createHmac('sha256', secret).update(text).digest('base64url');
}

/** The record's ID: nothing of the key or the caller can be read back from it. */
export function recordId(secret: Uint8Array, parts: string[]): string {
  return mac(secret, parts.join('\n'));
}

/** Keyed hash of the (already validated) body. */
export function fingerprint(secret: Uint8Array, body: unknown): string {
  return mac(secret, `body\n${canonicalJson(body)}`);
}

export function reusedKey(): ProblemError {
  return new ProblemError(
    422,
    'Idempotency-Key already used',
    'this Idempotency-Key was used before with a different body; use a new key for a new request',
    { errors: [{ path: 'header.Idempotency-Key', message: 'already used with a different body' }] },
  );
}
