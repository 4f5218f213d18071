/**
 * Temporal's codec-server protocol (`{"payloads":[{"metadata":{…base64},"data":"base64"}]}`):
 * reading the JSON form, and decoding or encoding each payload with the same keys as the worker
 * and the API. Payloads that are not ours to decode go back exactly as sent. Knows nothing of
 * HTTP, sign-in or the access log (the API mounts it: api/routes/codec.ts).
 *
 * Municipalities are tenants: a caller decodes only payloads stamped with its own municipality
 * (platform/codec.ts stamps every payload with its workflow's); a payload of another municipality,
 * or one without a stamp (written before payloads carried one), is refused, never decrypted.
 */
import type { Payload } from '@temporalio/common';
import { z } from 'zod';
import { ENCODING, EncryptionCodec, municipalityOf, type CodecKeys } from '../platform/codec';

const base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'expected base64');
const payloadJson = z.looseObject({
  metadata: z.record(z.string(), base64).optional(),
  data: base64.optional(),
});
/** A request body: at most 10,000 payloads (a whole history's worth). */
export const codecBody = z.looseObject({ payloads: z.array(payloadJson).max(10_000) });
export type PayloadJson = z.infer<typeof payloadJson>;
export type CodecOperation = 'decode' | 'encode';

/** The body and answer as JSON Schema, for the OpenAPI document. */
export const codecPayloadsSchema = {
  type: 'object',
  required: ['payloads'],
  properties: {
    payloads: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          metadata: { type: 'object', additionalProperties: { type: 'string', contentEncoding: 'base64' } },
          data: { type: 'string', contentEncoding: 'base64' },
        },
      },
    },
  },
};

function fromJson(p: PayloadJson): Payload {
  return {
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))]),
    ),
    data: new Uint8Array(Buffer.from(p.data ?? '', 'base64')),
  };
}

function toJson(p: Payload): PayloadJson {
  return {
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [
        k,
        Buffer.from(v ?? new Uint8Array()).toString('base64'),
      ]),
    ),
    data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
  };
}

function isEncrypted(p: Payload): boolean {
  const encoding = p.metadata?.encoding;
  return !!encoding && Buffer.from(encoding).toString() === ENCODING;
}

export interface Transcoded {
  payloads: PayloadJson[];
  /** One entry per payload that could not be handled, by its position. */
  errors: { path: string; message: string }[];
  /** One entry per payload the caller may not decode (another municipality's, or unstamped). */
  refused: { path: string; message: string }[];
}

export function createTranscoder(keys: CodecKeys) {
  const codec = new EncryptionCodec(keys);
  /** `municipality`: the caller's; it decodes only its own payloads and encodes for itself. */
  return async function transcode(
    op: CodecOperation,
    items: PayloadJson[],
    municipality: string,
  ): Promise<Transcoded> {
    const payloads: PayloadJson[] = [];
    const errors: Transcoded['errors'] = [];
    const refused: Transcoded['refused'] = [];
    for (const [i, item] of items.entries()) {
      try {
        const payload = fromJson(item);
        if (op === 'decode' && !isEncrypted(payload)) {
          payloads.push(item); // not ours to decode: back exactly as sent
        } else if (op === 'decode') {
          const owner = municipalityOf(payload);
          if (owner !== municipality) {
            refused.push({
              path: `payloads.${i}`,
              message: owner
                ? 'belongs to another municipality’s workflow'
                : 'carries no municipality (written before payloads were stamped with one)',
            });
            continue;
          }
          const [result] = await codec.decode([payload]);
          payloads.push(toJson(result));
        } else {
          const [result] = await codec.encodeFor(municipality, [payload]);
          payloads.push(toJson(result));
        }
      } catch (err) {
        errors.push({
          path: `payloads.${i}`,
          message: err instanceof Error ? err.message : 'cannot be decoded',
        });
      }
    }
    return { payloads, errors, refused };
  };
}
