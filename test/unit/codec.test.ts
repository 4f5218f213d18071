/**
 * The payload codec: what it encrypts comes back whole; a payload tampered with is refused; keys
 * rotate without breaking old payloads; key configuration mistakes stop start-up with a clear word.
 */
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { EncryptionCodec, keyIdOf, newKeySpec, parseCodecKeys, type CodecKeys } from '../../platform/codec';

const person = { name: 'Kari Nordmann', nationalId: '01017012343', notes: 'innlagt tre ganger' };
const plain = (): Payload => defaultPayloadConverter.toPayload(person)!;
const text = (p: Payload) => Buffer.from(p.data ?? new Uint8Array()).toString('utf8');

const keys = (active: string, ...ids: string[]): CodecKeys => ({
  activeKeyId: active,
  keys: new Map(ids.map((id) => [id, KEYS[id]])),
});
const KEYS: Record<string, Buffer> = { k1: randomBytes(32), k2: randomBytes(32) };

test('an encrypted payload holds nothing readable and decodes to exactly what went in', async () => {
  const codec = new EncryptionCodec(keys('k1', 'k1'));
  const [encrypted] = await codec.encode([plain()]);
  expect(text(encrypted)).not.toContain('Kari');
  expect(Buffer.from(encrypted.metadata!.encoding!).toString()).toBe('binary/encrypted');
  expect(keyIdOf(encrypted)).toBe('k1');
  const [decoded] = await codec.decode([encrypted]);
  expect(defaultPayloadConverter.fromPayload(decoded)).toEqual(person);
  // The same payload twice: two different ciphertexts (a fresh IV each time).
  const [again] = await codec.encode([plain()]);
  expect(Buffer.from(again.data!).equals(Buffer.from(encrypted.data!))).toBe(false);
});

test('a payload the codec did not encrypt passes through untouched', async () => {
  const codec = new EncryptionCodec(keys('k1', 'k1'));
  const [out] = await codec.decode([plain()]);
  expect(text(out)).toContain('Kari');
  expect(keyIdOf(plain())).toBeUndefined();
});

test('a tampered payload is refused rather than decoded into something else', async () => {
  const codec = new EncryptionCodec(keys('k1', 'k1'));
  const [encrypted] = await codec.encode([plain()]);
  const data = Buffer.from(encrypted.data!);
  data[20] ^= 0xff;
  await expect(codec.decode([{ ...encrypted, data }])).rejects.toThrow();
});

test('after rotation old payloads still decode, new ones use the new key, and a dropped key is named', async () => {
  const before = new EncryptionCodec(keys('k1', 'k1'));
  const after = new EncryptionCodec(keys('k2', 'k1', 'k2'));
  const [old] = await before.encode([plain()]);
  const [fresh] = await after.encode([plain()]);
  expect(keyIdOf(old)).toBe('k1');
  expect(keyIdOf(fresh)).toBe('k2');
  const decoded = await after.decode([old, fresh]);
  expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([person, person]);
  const tooEarly = new EncryptionCodec(keys('k2', 'k2'));
  await expect(tooEarly.decode([old])).rejects.toThrow('no key "k1" configured');
});

test('the key list is read from configuration: active key named or first, mistakes refused with the reason', () => {
  const a = newKeySpec('2026-01');
  const b = newKeySpec('2026-06');
  expect(parseCodecKeys(`${a},${b}`).activeKeyId).toBe('2026-01');
  expect(parseCodecKeys(`${a},${b}`, '2026-06').activeKeyId).toBe('2026-06');
  expect(parseCodecKeys(`${a}`, '').activeKeyId).toBe('2026-01'); // compose passes an empty value
  expect(() => parseCodecKeys(`${a}`, 'missing')).toThrow(/BF_CODEC_ACTIVE_KEY "missing"/);
  expect(() => parseCodecKeys(`${a},${a}`)).toThrow(/listed twice/);
  expect(() => parseCodecKeys('bad key:abc')).toThrow(/key ID "bad key"/);
  expect(() => parseCodecKeys('')).toThrow(/holds no key/);
  expect(() => new EncryptionCodec(parseCodecKeys(`short:${Buffer.alloc(16).toString('base64')}`))).toThrow(
    /32 bytes/,
  );
});
