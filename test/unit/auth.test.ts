/**
 * Tokens expire and name their municipality (contract, "Who may call what"): a token without `exp`,
 * living longer than 12 hours, not yet valid, issued in the future, or without a municipality this
 * deployment serves is refused — with the development secret and with an identity provider's JWKS.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { createVerifier, type Verifier } from '../../api/auth';
import { lifetimeSeconds, signDevToken } from '../../platform/dev-tokens';
import { municipalities } from '../support/fixtures';

const ISSUER = 'bf-test';
const AUDIENCE = 'bolig-forst';
const secret = new Uint8Array(32).fill(7);
const verify = createVerifier({ issuer: ISSUER, audience: AUDIENCE, devSecret: secret, municipalities });
const now = () => Math.floor(Date.now() / 1000);

const base: JWTPayload = { sub: 'kari', name: 'Kari', roles: ['team-lead'], municipality: 'stavanger' };

function sign(claims: JWTPayload, key: Parameters<SignJWT['sign']>[0] = secret, alg = 'HS256', kid?: string) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg, ...(kid ? { kid } : {}) })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .sign(key);
}

async function refused(v: Verifier, token: string): Promise<string> {
  return v(token).then(
    () => 'accepted',
    (err: Error) => err.message,
  );
}

test('a token with exp, iat and a municipality is accepted, and the user carries the municipality', async () => {
  const user = await verify(await sign({ ...base, iat: now(), exp: now() + 3600 }));
  expect(user).toEqual({ id: 'kari', name: 'Kari', roles: ['team-lead'], municipality: 'stavanger' });
});

test('a token without exp is refused (an admin token that never expires could decode payloads forever)', async () => {
  expect(await refused(verify, await sign({ ...base, iat: now() }))).toMatch(/exp/);
});

test('a token living longer than 12 hours is refused, with or without iat', async () => {
  expect(await refused(verify, await sign({ ...base, iat: now(), exp: now() + 13 * 3600 }))).toMatch(
    /12 hours/,
  );
  expect(await refused(verify, await sign({ ...base, exp: now() + 13 * 3600 }))).toMatch(/12 hours/);
  // Issued 11 hours ago with a 13-hour lifetime: still too long, although it has 2 hours left.
  expect(
    await refused(verify, await sign({ ...base, iat: now() - 11 * 3600, exp: now() + 2 * 3600 })),
  ).toMatch(/12 hours/);
  const t = now(); // one reading: two could straddle a second and make the lifetime 12 h 1 s
  expect(await refused(verify, await sign({ ...base, iat: t, exp: t + 12 * 3600 }))).toBe('accepted');
});

test('a development token lives exactly its lifetime, even when the clock ticks while it is signed', async () => {
  // A clock that moves a whole second at every reading: a token whose iat and exp came from two
  // readings lived 12 h 1 s and was refused (a 401 in a fresh-clone run under load).
  const RealDate = Date;
  let t = RealDate.now();
  class TickingDate extends RealDate {
    constructor(...args: ConstructorParameters<DateConstructor> | []) {
      if (args.length) super(...(args as ConstructorParameters<DateConstructor>));
      else super((t += 1000));
    }
    static override now() {
      return (t += 1000);
    }
  }
  globalThis.Date = TickingDate as DateConstructor;
  let token: string;
  try {
    token = await signDevToken(
      secret,
      { sub: 'kari', name: 'Kari', roles: ['team-lead'], municipality: 'stavanger' },
      { issuer: ISSUER, audience: AUDIENCE },
    );
  } finally {
    globalThis.Date = RealDate;
  }
  const { iat, exp } = decodeJwt(token);
  expect(exp! - iat!).toBe(12 * 3600);
  expect(await refused(verify, token)).toBe('accepted');
  expect(lifetimeSeconds('90s')).toBe(90);
  expect(lifetimeSeconds('30m')).toBe(1800);
  expect(lifetimeSeconds('1d')).toBe(86_400);
  expect(() => lifetimeSeconds('12 hours')).toThrow(/expiresIn/);
});

test('nbf and iat are honoured with a bounded clock skew', async () => {
  const exp = now() + 3600;
  expect(await refused(verify, await sign({ ...base, iat: now(), nbf: now() + 600, exp }))).toMatch(/nbf/);
  expect(await refused(verify, await sign({ ...base, iat: now() + 600, exp: now() + 1200 }))).toMatch(
    /future|iat/,
  );
  // A few seconds of skew between the identity provider's clock and ours is fine.
  expect(await refused(verify, await sign({ ...base, iat: now() + 20, nbf: now() + 20, exp }))).toBe(
    'accepted',
  );
  expect(await refused(verify, await sign({ ...base, iat: now() - 7200, exp: now() - 600 }))).toMatch(/exp/);
});

test('every token names a municipality this deployment serves; an office must lie in it', async () => {
  const exp = now() + 3600;
  const { municipality: _m, ...noMunicipality } = base;
  expect(await refused(verify, await sign({ ...noMunicipality, iat: now(), exp }))).toMatch(/municipality/);
  expect(await refused(verify, await sign({ ...base, municipality: 'oslo', iat: now(), exp }))).toMatch(
    /unknown municipality/,
  );
  const caseworker = { ...base, roles: ['caseworker'], office: 'bergenhus' };
  expect(await refused(verify, await sign({ ...caseworker, iat: now(), exp }))).toMatch(/office/);
  expect(await refused(verify, await sign({ ...caseworker, municipality: 'bergen', iat: now(), exp }))).toBe(
    'accepted',
  );
});

describe('with an identity provider (AUTH_JWKS_URL)', () => {
  let server: Server;
  let jwksVerify: Verifier;
  let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
    jwksVerify = createVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: url, municipalities });
  });
  afterAll(() => new Promise((r) => server.close(r)));

  test('its tokens are verified against its keys, under the same rules', async () => {
    const ok = await sign({ ...base, iat: now(), exp: now() + 3600 }, privateKey, 'ES256', 'k1');
    expect((await jwksVerify(ok)).municipality).toBe('stavanger');
    const forever = await sign({ ...base, iat: now() }, privateKey, 'ES256', 'k1');
    expect(await refused(jwksVerify, forever)).toMatch(/exp/);
    // The development secret does not sign for the identity provider.
    expect(await refused(jwksVerify, await sign({ ...base, iat: now(), exp: now() + 3600 }))).not.toBe(
      'accepted',
    );
  });
});
