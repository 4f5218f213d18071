/**
 * Temporal away: the API (started with a lazy connection, as api/main.ts does) answers every
 * case route with 503 and a Retry-After header within a bounded time — not 500, not a hang — and
 * a careful client knows when to send the same request again (with the same Idempotency-Key).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../api/app';
import { createVerifier } from '../../api/auth';
import { UPDATE_DEADLINE_MS } from '../../api/cases';
import { openStores, type Stores } from '../../api/store';
import { signDevToken } from '../../platform/dev-tokens';
import { createLogger } from '../../platform/logger';
import { referralBody } from '../support/api-bodies';
import { municipalities } from '../support/fixtures';
import { TEST_KEYS } from '../support/temporal';
import { seededHousing } from '../support/housing';

let server: Server;
let connection: Connection;
let stores: Stores;
let dataDir: string;
let base: string;
const secret = randomBytes(32);

/** A port nobody listens on: Temporal is down. */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'bf-api-down-'));
  stores = await openStores({ dataDir });
  connection = Connection.lazy({ address: `127.0.0.1:${await closedPort()}` });
  const app = createApp({
    client: new Client({ connection, namespace: 'bolig-forst' }),
    taskQueue: 'pathway',
    municipalities,
    verifyToken: createVerifier({ issuer: 'down-test', audience: 'bolig-forst', devSecret: secret }),
    idempotencySecret: randomBytes(32),
    personIndexKey: randomBytes(32),
    log: createLogger('api-down-test', 'silent'),
    publicUrl: 'http://localhost:3000',
    stores,
    housing: seededHousing,
    codecKeys: TEST_KEYS,
    uiOrigins: [],
  });
  await new Promise<void>((resolve) => {
    server = app.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await connection.close().catch(() => undefined);
  await stores.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const token = (roles: string[], office?: string) =>
  signDevToken(
    secret,
    { sub: 'down-test', name: 'down-test', roles: roles as never, municipality: 'stavanger', office },
    { issuer: 'down-test', audience: 'bolig-forst' },
  );

test.each([
  ['a referral', 'POST', '/referrals', ['caseworker'], referralBody()],
  [
    'an event',
    'POST',
    '/referrals/hf-stavanger-abcdefghjk/contacts',
    ['hf-team'],
    { date: '2026-11-30', kind: 'phone', minutes: 5 },
  ],
  ['a read', 'GET', '/referrals/hf-stavanger-abcdefghjk', ['team-lead'], undefined],
  ['a person search', 'POST', '/search', ['caseworker'], { term: 'Ola Nordmann' }],
])(
  '%s while Temporal is down: 503 with Retry-After, within the deadline',
  async (_what, method, route, roles, body) => {
    const res = await fetch(`${base}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${await token(roles, 'hillevag')}`,
        ...(body ? { 'content-type': 'application/json', 'idempotency-key': 'down-1' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      // Bounded: the API's own deadline, plus room for a slow machine; a hang fails here.
      signal: AbortSignal.timeout(UPDATE_DEADLINE_MS + 15_000),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as { title: string }).title).toBe('Temporal did not answer');
  },
  90_000,
);

test('readiness says not ready, with Retry-After', async () => {
  const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(30_000) });
  expect(res.status).toBe(503);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
});
