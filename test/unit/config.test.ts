/** Production refuses to start on development defaults that would be unsafe or lose cases. */
import { loadConfig } from '../../platform/config';

const key = `k1:${Buffer.alloc(32, 1).toString('base64')}`;
const secret = Buffer.alloc(32, 2).toString('base64');
const production = {
  NODE_ENV: 'production',
  BF_CODEC_KEYS: key,
  BF_IDEMPOTENCY_SECRET: secret,
  AUTH_JWKS_URL: 'https://idp.kommune.test/jwks',
};

test('production starts with keys, an idempotency secret and an identity provider configured', () => {
  const config = loadConfig(production);
  expect(config.production).toBe(true);
  expect(config.codec.activeKeyId).toBe('k1');
  expect(config.idempotencySecret.equals(Buffer.alloc(32, 2))).toBe(true);
});

test.each([
  ['BF_CODEC_KEYS', /BF_CODEC_KEYS must be set in production/],
  ['BF_IDEMPOTENCY_SECRET', /BF_IDEMPOTENCY_SECRET must be set in production/],
  ['AUTH_JWKS_URL', /AUTH_JWKS_URL must be set in production/],
])('production without %s refuses to start, naming it', (missing, message) => {
  const env: Record<string, string> = { ...production };
  delete env[missing];
  expect(() => loadConfig(env)).toThrow(message);
});

test('a short idempotency secret is refused', () => {
  expect(() =>
    loadConfig({ ...production, BF_IDEMPOTENCY_SECRET: Buffer.alloc(8).toString('base64') }),
  ).toThrow(/at least 32 bytes/);
});

test('a bad port is named', () => {
  expect(() => loadConfig({ ...production, API_PORT: 'eighty' })).toThrow(/API_PORT/);
});
