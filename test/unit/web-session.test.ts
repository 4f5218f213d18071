/**
 * The web app's session (api/session.ts): the cookie is sealed (a changed byte is no session),
 * a change sent with the cookie needs the session's CSRF token and this origin, and the page a
 * sign-in returns to is always inside the app. And the development provider's test users cover
 * every office and every role of every municipality.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ProblemError, sendProblem } from '../../api/problem';
import { createSession, safeReturnTo, seal, SESSION_COOKIE, unseal } from '../../api/session';
import { ROLES } from '../../domain/types';
import { TEST_USERS } from '../../idp/users';
import { municipalities } from '../support/fixtures';

const secret = randomBytes(32);
const PUBLIC = 'http://localhost:3000';
let server: Server;
let url: string;

beforeAll(async () => {
  const { middleware } = createSession(
    {
      issuer: 'http://127.0.0.1:1',
      clientId: 'web',
      clientSecret: 's',
      scopes: 'openid',
      publicUrl: PUBLIC,
      secret,
    },
    async () => ({
      id: 'kari',
      name: 'Kari',
      roles: ['caseworker'],
      municipality: 'stavanger',
      office: 'hillevag',
    }),
  );
  const app = express();
  app.use(middleware);
  app.all('/echo', (req, res) => res.json({ authorization: req.headers.authorization ?? null }));
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) =>
    sendProblem(res, err as ProblemError),
  );
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((r) => server.close(r)));

const session = (exp = Math.floor(Date.now() / 1000) + 600) =>
  seal(secret, { at: 'the-access-token', it: 'id', csrf: 'csrf-123', exp });

test('a sealed session opens only with its key, and a changed byte opens nothing', () => {
  const sealed = session();
  expect(unseal<{ at: string }>(secret, sealed)?.at).toBe('the-access-token');
  expect(unseal(randomBytes(32), sealed)).toBeUndefined();
  const flipped = Buffer.from(sealed, 'base64url');
  flipped[flipped.length - 1] ^= 1;
  expect(unseal(secret, flipped.toString('base64url'))).toBeUndefined();
});

test('a read with the session cookie acts with the session token; a change without the CSRF token is refused', async () => {
  const cookie = `${SESSION_COOKIE}=${session()}`;
  const read = await fetch(`${url}/echo`, { headers: { cookie } });
  expect(await read.json()).toEqual({ authorization: 'Bearer the-access-token' });

  const noCsrf = await fetch(`${url}/echo`, { method: 'POST', headers: { cookie } });
  expect(noCsrf.status).toBe(403);
  const otherSite = await fetch(`${url}/echo`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': 'csrf-123', origin: 'https://evil.example' },
  });
  expect(otherSite.status).toBe(403);
  const ok = await fetch(`${url}/echo`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': 'csrf-123', origin: PUBLIC },
  });
  expect(await ok.json()).toEqual({ authorization: 'Bearer the-access-token' });
});

test('an expired or forged session cookie is a 401, never a request without a user', async () => {
  for (const value of [session(Math.floor(Date.now() / 1000) - 1), 'forged']) {
    const res = await fetch(`${url}/echo`, { headers: { cookie: `${SESSION_COOKIE}=${value}` } });
    expect(res.status).toBe(401);
  }
});

test('sign-in returns only to a page of the app', () => {
  expect(safeReturnTo('/app/saker/hf-stavanger-abc')).toBe('/app/saker/hf-stavanger-abc');
  for (const bad of [
    'https://evil.example/app/',
    '//evil.example/app/',
    '/referrals',
    '/app/\\evil',
    undefined,
  ])
    expect(safeReturnTo(bad)).toBe('/app/');
});

test('the test users cover every office, and every reading role in every municipality', () => {
  for (const m of municipalities.all()) {
    for (const office of m.offices)
      expect({
        office: office.id,
        has: TEST_USERS.some((u) => u.office === office.id && u.roles.includes('caseworker')),
      }).toEqual({
        office: office.id,
        has: true,
      });
    for (const role of ROLES.filter((r) => !['caseworker', 'housing-provider', 'nav'].includes(r)))
      expect({
        m: m.id,
        role,
        has: TEST_USERS.some((u) => u.municipality === m.id && u.roles.includes(role)),
      }).toEqual({
        m: m.id,
        role,
        has: true,
      });
  }
});
