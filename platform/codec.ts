/**
 * The payload codec that keeps personal and health data out of Temporal in clear text.
 *
 * Every payload (workflow input, update arguments, query results, activity arguments and
 * results, and — through the failure converter — error messages and stack traces) is serialised
 * and encrypted with AES-256-GCM. The key ID travels in the payload's metadata, so keys can be
 * rotated: new payloads use the active key, old histories still decode with the retired keys
 * kept in configuration.
 *
 * Municipalities are tenants, in Temporal too: every payload carries the municipality of the
 * workflow it belongs to (`bf-municipality`, read from the workflow ID the SDK hands the codec:
 * `hf-<municipality>-…`, `places-<municipality>`, …), bound to the ciphertext as AES-GCM
 * additional data, so the tag cannot be moved to another payload without decryption failing. The
 * codec server decodes only payloads of the caller's own municipality (api/routes/codec.ts).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import { METADATA_ENCODING_KEY } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export const ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
/** The municipality a payload belongs to (clear, authenticated as the cipher's additional data). */
export const MUNICIPALITY_METADATA = 'bf-municipality';
const MUNICIPALITY_ID = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * The municipality in one of our workflow IDs: cases `hf-<m>-<10 characters>`, the coordinators
 * `places-<m>` and `programme-<m>`, the digest schedule's runs `weekly-digest-<m>[-<start time>]`,
 * and `task-alert-<one of these>`.
 * Undefined for any other ID (such payloads carry no municipality, and the codec server shows
 * them to nobody).
 */
export function municipalityOfWorkflowId(id: string): string | undefined {
  // The alert about a stuck workflow belongs where that workflow belongs.
  if (id.startsWith('task-alert-')) return municipalityOfWorkflowId(id.slice('task-alert-'.length));
  const m =
    /^hf-([a-z][a-z0-9-]*)-[0-9a-hjkmnp-tv-z]{10}$/.exec(id)?.[1] ??
    /^(?:places|programme)-([a-z][a-z0-9-]*)$/.exec(id)?.[1] ??
    /^weekly-digest-([a-z][a-z0-9-]*?)(?:-\d{4}-\d{2}-\d{2}T[0-9:.]+Z)?$/.exec(id)?.[1];
  return m && MUNICIPALITY_ID.test(m) ? m : undefined;
}

const aad = (municipality: string) => Buffer.from(`${MUNICIPALITY_METADATA}:${municipality}`);
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface CodecKeys {
  /** Key used for new payloads. */
  activeKeyId: string;
  /** Every key that may still be needed to decode, by ID, each 32 bytes. */
  keys: Map<string, Buffer>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly config: CodecKeys) {
    const active = config.keys.get(config.activeKeyId);
    if (!active)
      throw new Error(`codec: active key "${config.activeKeyId}" is not among the configured keys`);
    for (const [id, key] of config.keys) {
      if (key.length !== 32)
        throw new Error(`codec: key "${id}" must be 32 bytes (AES-256), got ${key.length}`);
    }
  }

  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    const owner = context?.workflowId ? municipalityOfWorkflowId(context.workflowId) : undefined;
    return this.encodeFor(owner, payloads);
  }

  /** Encrypts for a municipality (the codec server's encode: the caller's own), or untagged. */
  async encodeFor(municipality: string | undefined, payloads: Payload[]): Promise<Payload[]> {
    if (municipality !== undefined && !MUNICIPALITY_ID.test(municipality))
      throw new Error('codec: not a municipality ID');
    const key = this.config.keys.get(this.config.activeKeyId)!;
    return payloads.map((payload) => {
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      if (municipality) cipher.setAAD(aad(municipality));
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          [METADATA_ENCODING_KEY]: encoder.encode(ENCODING),
          [KEY_ID_METADATA]: encoder.encode(this.config.activeKeyId),
          ...(municipality ? { [MUNICIPALITY_METADATA]: encoder.encode(municipality) } : {}),
        },
        data,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
      if (!encoding || decoder.decode(encoding) !== ENCODING) return payload;
      const keyIdBytes = payload.metadata?.[KEY_ID_METADATA];
      if (!keyIdBytes) throw new Error('codec: encrypted payload without a key ID');
      const keyId = decoder.decode(keyIdBytes);
      const key = this.config.keys.get(keyId);
      if (!key) throw new Error(`codec: no key "${keyId}" configured to decode this payload`);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      const iv = data.subarray(0, IV_BYTES);
      const tag = data.subarray(data.length - TAG_BYTES);
      const body = data.subarray(IV_BYTES, data.length - TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      // Payloads written before municipalities were stamped have no tag and no additional data.
      const municipality = municipalityOf(payload);
      if (municipality) decipher.setAAD(aad(municipality));
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(body), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain) as Payload;
    });
  }
}

/** Key IDs travel in clear in payload metadata: short and plain. */
const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/**
 * Reads keys from `BF_CODEC_KEYS` ("id1:base64,id2:base64") and `BF_CODEC_ACTIVE_KEY`.
 * The first key listed is active when none is named.
 *
 * Rotation: add the new key to the list and name it active; keep every older key listed for as
 * long as a history encrypted with it exists (a case lives for years), since histories are never
 * re-encrypted. New payloads then use the new key; old ones still decode with theirs.
 */
export function parseCodecKeys(spec: string, active?: string): CodecKeys {
  const keys = new Map<string, Buffer>();
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const i = part.indexOf(':');
    if (i <= 0) throw new Error('BF_CODEC_KEYS must look like "keyid:base64key,…"');
    const id = part.slice(0, i);
    if (!KEY_ID.test(id))
      throw new Error(`BF_CODEC_KEYS: key ID "${id}" must be letters, digits and ._- (max 40)`);
    if (keys.has(id)) throw new Error(`BF_CODEC_KEYS: key ID "${id}" is listed twice`);
    keys.set(id, Buffer.from(part.slice(i + 1), 'base64'));
  }
  if (keys.size === 0) throw new Error('BF_CODEC_KEYS holds no key');
  const activeKeyId = active || keys.keys().next().value!;
  if (!keys.has(activeKeyId))
    throw new Error(`BF_CODEC_ACTIVE_KEY "${activeKeyId}" is not among the keys in BF_CODEC_KEYS`);
  return { activeKeyId, keys };
}

export function newKeySpec(id: string): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

/** The key a payload was encrypted with, or undefined for a payload the codec did not encrypt. */
export function keyIdOf(payload: Payload): string | undefined {
  const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
  if (!encoding || decoder.decode(encoding) !== ENCODING) return undefined;
  const id = payload.metadata?.[KEY_ID_METADATA];
  return id ? decoder.decode(id) : undefined;
}

/** The municipality an encrypted payload belongs to, from its metadata; undefined if untagged. */
export function municipalityOf(payload: Payload): string | undefined {
  const tag = payload.metadata?.[MUNICIPALITY_METADATA];
  return tag ? decoder.decode(tag) : undefined;
}
