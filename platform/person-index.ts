/**
 * The person search's blind index. A case carries, as its `PersonIndex` search attribute, a keyed
 * hash (HMAC-SHA256 with a secret from configuration, `BF_PERSON_INDEX_SECRET`) of the person's
 * national ID and of each token of their name. Visibility is not encrypted, so the attribute holds
 * only these hashes: without the secret they cannot be turned back into a name or a number, and a
 * search hashes its term with the same secret and asks for the same hash.
 *
 * Normalising a name (decided once here; the API and the worker both use it):
 * - Unicode NFC, then lower case (locale-independent);
 * - split into tokens at anything that is not a letter or a digit ("Anne-Lise O'Brien" gives
 *   anne, lise, o, brien), so a search for one of the names finds the person;
 * - the Norwegian letters æ, ø and å are kept as they are (they are letters of their own:
 *   "Åse" is not "Ase"), every other diacritic is folded ("José" and "Jose" are the same token,
 *   as a caseworker who cannot type é would expect);
 * - at most MAX_NAME_TOKENS tokens, each once.
 * A national ID is its 11 digits (spaces dropped). Each kind is hashed with its own prefix, so a
 * name token can never match a national ID's hash.
 *
 * Only whole tokens match (a hash cannot be searched by prefix): "Ola" finds "Ola Nordmann",
 * "Ol" does not.
 */
import { createHmac } from 'node:crypto';

export const MAX_NAME_TOKENS = 12;
/** Hash length kept (base64url of 16 bytes): short in the visibility store, no collisions in practice. */
const HASH_BYTES = 16;

const NORWEGIAN = new Set(['æ', 'ø', 'å']);

/** The normalised tokens of a name (see the module's comment). */
export function nameTokens(name: string): string[] {
  const lower = name.normalize('NFC').toLowerCase();
  let folded = '';
  for (const ch of lower) {
    folded += NORWEGIAN.has(ch) ? ch : ch.normalize('NFD').replace(/\p{M}/gu, '');
  }
  const tokens = folded.split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);
  return [...new Set(tokens)].slice(0, MAX_NAME_TOKENS);
}

/** A national ID as it is hashed: its digits, or undefined when it is not 11 digits. */
export function normalNationalId(id: string): string | undefined {
  const digits = id.replace(/\s+/g, '');
  return /^\d{11}$/.test(digits) ? digits : undefined;
}

function hash(key: Uint8Array, kind: 'fnr' | 'name', value: string): string {
  return createHmac('sha256', key)
    .update(`${kind}:${value}`, 'utf8')
    .digest()
    .subarray(0, HASH_BYTES)
    .toString('base64url');
}

export function nationalIdHash(key: Uint8Array, nationalId: string): string | undefined {
  const id = normalNationalId(nationalId);
  return id ? hash(key, 'fnr', id) : undefined;
}

export function nameTokenHashes(key: Uint8Array, name: string): string[] {
  return nameTokens(name).map((t) => hash(key, 'name', t));
}

/** Everything a case's `PersonIndex` holds for a person: the national ID's hash and each name token's. */
export function personIndex(key: Uint8Array, person: { name: string; nationalId?: string }): string[] {
  const id = person.nationalId ? nationalIdHash(key, person.nationalId) : undefined;
  return [...(id ? [id] : []), ...nameTokenHashes(key, person.name)];
}

/**
 * What a search term asks for: a national ID (11 digits, spaces allowed) or a name (every token
 * must match). Undefined when the term has no token at all.
 */
export function searchHashes(
  key: Uint8Array,
  term: string,
): { kind: 'national-id' | 'name'; hashes: string[] } | undefined {
  const id = nationalIdHash(key, term);
  if (id) return { kind: 'national-id', hashes: [id] };
  const hashes = nameTokenHashes(key, term);
  return hashes.length ? { kind: 'name', hashes } : undefined;
}
