/**
 * Case IDs are the workflow IDs: `hf-<municipality>-<10 characters>`. They hold no personal data
 * (they appear unencrypted in the Web UI, logs and emails). With an Idempotency-Key the
 * characters come from an HMAC of the caller and the key, so a repeated request maps to the same
 * workflow and Temporal refuses to start a second one.
 */
import { createHmac, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

function base32(bytes: Buffer, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i] % 32];
  return out;
}

export function newCaseId(municipality: string): string {
  return `hf-${municipality}-${base32(randomBytes(10), 10)}`;
}

export function idempotentCaseId(
  municipality: string,
  secret: Uint8Array,
  caller: string,
  key: string,
): string {
  const mac = createHmac('sha256', secret).update(`${caller}\n${key}`).digest();
  return `hf-${municipality}-${base32(mac, 10)}`;
}

export const CASE_ID_PATTERN = /^hf-[a-z][a-z0-9-]*-[0-9a-hjkmnp-tv-z]{10}$/;
