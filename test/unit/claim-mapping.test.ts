/**
 * Production identity providers issue their own claims; `AUTH_CLAIM_MAPPING` maps them to roles,
 * municipality and office. Tested with real tokens from the development provider configured as a
 * "foreign" one (Keycloak-style groups in `realm_access.roles`, the municipality's number, the
 * department): signed in through the code flow with PKCE, verified through its JWKS, and used as a
 * bearer token at the API.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createVerifier } from '../../api/auth';
import { foreignClaimMapping } from '../../idp/foreign';
import { claimMapping } from '../../platform/config';
import { caseView, startFakeApi, type FakeApi } from '../support/fake-api';
import { municipalities } from '../support/fixtures';
import { freePort } from '../../scripts/ports';

const AUDIENCE = 'bolig-forst';
const CLIENT = { id: 'bf-web', secret: 'web-secret' };
const APP = 'http://127.0.0.1:9';
const REDIRECT = `${APP}/auth/callback`;
const ROOT = path.resolve(__dirname, '..', '..');
let issuer: string;
let idp: ChildProcess;
let dataDir: string;

// The provider is an ES module (oidc-provider): it runs as its own process, as `npm start` runs it.
beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'bf-idp-'));
  const port = await freePort();
  issuer = `http://127.0.0.1:${port}`;
  idp = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'idp', 'main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      IDP_PORT: String(port),
      OIDC_ISSUER: issuer,
      PUBLIC_URL: APP,
      OIDC_CLIENT_ID: CLIENT.id,
      OIDC_CLIENT_SECRET: CLIENT.secret,
      AUTH_AUDIENCE: AUDIENCE,
      BF_DATA_DIR: dataDir,
      IDP_CLAIM_STYLE: 'foreign',
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${issuer}/.well-known/openid-configuration`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (i > 300) throw new Error('the identity provider did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
}, 60_000);

afterAll(async () => {
  if (idp && idp.exitCode === null) {
    await new Promise<void>((resolve) => {
      idp.once('exit', () => resolve());
      idp.kill('SIGTERM');
    });
  }
  rmSync(dataDir, { recursive: true, force: true });
});

const b64url = (b: Buffer) => b.toString('base64url');

/** Signs in as a test user through the provider's code flow (PKCE), as the API's session does. */
async function accessTokenFor(user: string): Promise<string> {
  const jar = new Map<string, string>();
  const go = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  };
  const verifier = b64url(randomBytes(32));
  const auth = new URL(`${issuer}/auth`);
  auth.search = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT.id,
    redirect_uri: REDIRECT,
    scope: 'openid profile bolig',
    state: 'st',
    nonce: 'no',
    code_challenge: b64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  }).toString();
  let res = await go(auth.toString());
  const interaction = new URL(res.headers.get('location')!, issuer).toString();
  res = await go(`${interaction}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ user }).toString(),
  });
  // The provider resumes the authorization, then sends the browser back with a code.
  for (let i = 0; i < 5; i++) {
    const location = res.headers.get('location');
    if (!location) throw new Error(`no redirect (status ${res.status})`);
    if (location.startsWith(REDIRECT)) {
      const code = new URL(location).searchParams.get('code')!;
      const token = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`,
        },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: REDIRECT,
          code_verifier: verifier,
        }),
      });
      return ((await token.json()) as { access_token: string }).access_token;
    }
    res = await go(new URL(location, issuer).toString());
  }
  throw new Error('the sign-in did not come back with a code');
}

const verifierWith = (claims?: ReturnType<typeof foreignClaimMapping>) =>
  createVerifier({ issuer, audience: AUDIENCE, jwksUrl: `${issuer}/jwks`, municipalities, claims });

test('the foreign provider’s token carries its own claims, not ours; without a mapping it is refused', async () => {
  const token = await accessTokenFor('kari');
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
  expect(claims).toMatchObject({ kommunenr: '1103', avdeling: 'HSK hillevag' });
  expect(claims.realm_access.roles).toContain('bf-saksbehandler');
  expect(claims.roles).toBeUndefined();
  await expect(verifierWith()(token)).rejects.toThrow(/roles/);
});

test('with the mapping (read from AUTH_CLAIM_MAPPING) its users get their roles, municipality and office', async () => {
  const mapping = claimMapping(JSON.stringify(foreignClaimMapping()));
  const verify = verifierWith(mapping);
  await expect(verify(await accessTokenFor('kari'))).resolves.toEqual({
    id: 'kari',
    name: 'Kari Nilsen',
    roles: ['caseworker'],
    municipality: 'stavanger',
    office: 'hillevag',
  });
  // The provider's other roles (offline_access …) give nothing; a team lead has no office.
  await expect(verify(await accessTokenFor('ole'))).resolves.toMatchObject({
    roles: ['team-lead'],
    municipality: 'stavanger',
    office: undefined,
  });
});

describe('at the API, as a bearer token', () => {
  let api: FakeApi;
  const hillevag = caseView({
    caseId: 'hf-stavanger-mapped0001',
    municipality: 'stavanger',
    office: 'hillevag',
    consentScope: ['assessment-team', 'hf-team'],
  });
  const madla = caseView({
    caseId: 'hf-stavanger-mapped0002',
    municipality: 'stavanger',
    office: 'madla',
    consentScope: ['assessment-team', 'hf-team'],
  });
  beforeAll(async () => {
    api = await startFakeApi([hillevag, madla], { verifyToken: verifierWith(foreignClaimMapping()) });
  });
  afterAll(async () => {
    await api?.stop();
  });

  test('a mapped caseworker reads her own office’s case and not another office’s', async () => {
    const token = await accessTokenFor('kari');
    expect((await api.call('GET', `/referrals/${hillevag.caseId}`, token)).status).toBe(200);
    expect((await api.call('GET', `/referrals/${madla.caseId}`, token)).status).toBe(404);
    // Mona (Madla) is the other way round: the office came from her department claim.
    const mona = await accessTokenFor('mona');
    expect((await api.call('GET', `/referrals/${madla.caseId}`, mona)).status).toBe(200);
  });
});

test('a mapping with a mistake is refused at start-up, naming the field', () => {
  expect(() => claimMapping('{"roles":{"claim":"groups","map":{"g1":"superuser"}}}')).toThrow(
    /AUTH_CLAIM_MAPPING\.roles\.map\.g1/,
  );
  expect(() => claimMapping('{"roles":{}}')).toThrow(/AUTH_CLAIM_MAPPING\.roles\.claim/);
  expect(() => claimMapping('not json')).toThrow(/AUTH_CLAIM_MAPPING is not valid JSON/);
  expect(claimMapping('')).toBeUndefined();
});
