/** Production refuses to start on development defaults that would be unsafe or lose cases. */
import { loadConfig } from '../../platform/config';

const key = `k1:${Buffer.alloc(32, 1).toString('base64')}`;
const secret = Buffer.alloc(32, 2).toString('base64');
const production: Record<string, string> = {
  NODE_ENV: 'production',
  BF_CODEC_KEYS: key,
  BF_IDEMPOTENCY_SECRET: secret,
  BF_PERSON_INDEX_SECRET: Buffer.alloc(32, 3).toString('base64'),
  AUTH_JWKS_URL: 'https://idp.kommune.test/jwks',
  PUBLIC_URL: 'https://bolig-forst.kommune.test',
  AUDIT_DATABASE_URL: 'postgres://bf:secret@db.kommune.test/audit',
  ARCHIVE_URL: 'https://arkiv.kommune.test/fiks',
  SVARUT_URL: 'https://svarut.ks.no/tjenester/api/forsendelse/v1',
  SVARUT_PASS: 'a-real-secret',
  CARE_SYSTEM_URL: 'https://fagsystem.kommune.test',
  NAV_URL: 'https://nav.kommune.test',
  SPECIALIST_HEALTH_URL: 'https://helse.kommune.test',
  HOUSING_URL: 'https://bolig.kommune.test',
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
  ['BF_PERSON_INDEX_SECRET', /BF_PERSON_INDEX_SECRET must be set in production/],
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

test('a short person index secret is refused', () => {
  expect(() =>
    loadConfig({ ...production, BF_PERSON_INDEX_SECRET: Buffer.alloc(8).toString('base64') }),
  ).toThrow(/BF_PERSON_INDEX_SECRET must be at least 32 bytes/);
});

test('a bad port is named', () => {
  expect(() => loadConfig({ ...production, API_PORT: 'eighty' })).toThrow(/API_PORT/);
});

test('production refuses every development setting at once, naming each', () => {
  let message = '';
  try {
    loadConfig({
      ...production,
      ARCHIVE_URL: 'http://127.0.0.1:4010/arkiv',
      HOUSING_URL: 'http://localhost:4010/housing',
      NAV_URL: '',
      SVARUT_PASS: 'dev-password',
      PUBLIC_URL: 'http://bolig-forst.kommune.test',
      AUTH_JWKS_URL: '',
      AUDIT_DATABASE_URL: '',
    });
  } catch (err) {
    message = (err as Error).message;
  }
  for (const name of [
    'ARCHIVE_URL points at this machine',
    'HOUSING_URL points at this machine',
    'NAV_URL must be set',
    'SVARUT_PASS is a known default password',
    'PUBLIC_URL must be https',
    'AUTH_JWKS_URL must be set',
    'AUDIT_DATABASE_URL must be set',
  ])
    expect(message).toContain(name);
  // The settings that were fine are not named.
  expect(message).not.toMatch(/CARE_SYSTEM_URL|SPECIALIST_HEALTH_URL|BF_CODEC_KEYS/);
});

test('the development stack listens on 127.0.0.1 only; production on every interface', () => {
  const dev = loadConfig({});
  expect(dev.api.host).toBe('127.0.0.1');
  expect(dev.listenHost).toBe('127.0.0.1');
  const prod = loadConfig(production);
  expect(prod.api.host).toBe('0.0.0.0');
  expect(prod.listenHost).toBe('0.0.0.0');
});
