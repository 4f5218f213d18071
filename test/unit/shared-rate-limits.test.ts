/**
 * Rate limits that hold across API instances: the counters live in the database next to the access
 * log, so two instances behind one load balancer do not double a caller's limit (in SQLite here,
 * and in PostgreSQL when the local binaries are there). The database holds no address in clear.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openStores } from '../../api/store';
import { startFakeApi, type FakeApi } from '../support/fake-api';
import { startPostgres, type TestPostgres } from '../support/postgres';

// The counters' clock stands still mid-minute: no window can turn during the count.
const LIMITS = {
  windowMs: 60_000,
  perUser: 1_000_000,
  perAddress: 6,
  clock: () => Date.UTC(2026, 11, 1, 12, 0, 30),
};

/** Requests alternate between the two instances, as a round-robin load balancer sends them. */
async function alternate(apis: FakeApi[], n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${apis[i % apis.length].url}/tasks`);
    out.push(res.status);
  }
  return out;
}

test('two API instances on one SQLite file share the per-address limit: the seventh request is refused', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bf-rl-'));
  // Each instance opens the file itself, as two processes would.
  const a = await openStores({ dataDir: dir });
  const b = await openStores({ dataDir: dir });
  const secret = randomBytes(32);
  const apis = await Promise.all([
    startFakeApi([], { rateLimits: LIMITS, stores: a, idempotencySecret: secret }),
    startFakeApi([], { rateLimits: LIMITS, stores: b, idempotencySecret: secret }),
  ]);
  try {
    const got = await alternate(apis, 10);
    // Without shared counters each instance would allow 6: twelve requests before the first 429.
    expect(got.slice(0, 6)).toEqual(Array(6).fill(401));
    expect(got.slice(6)).toEqual([429, 429, 429, 429]);

    const db = new Database(path.join(dir, 'audit.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT key, hits FROM rate_limits').all() as { key: string; hits: number }[];
    db.close();
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain('127.0.0.1');
  } finally {
    await Promise.all(apis.map((x) => x.stop()));
    await a.close().catch(() => {});
    await b.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('in PostgreSQL', () => {
  let pg: TestPostgres | undefined;
  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(async () => {
    await pg?.stop();
  });

  test('two API instances on one database share the per-address limit', async () => {
    if (!pg) return void console.warn('no PostgreSQL binaries here: checked on SQLite only');
    const stores = await Promise.all([
      openStores({ dataDir: '/nonexistent', databaseUrl: pg.url }),
      openStores({ dataDir: '/nonexistent', databaseUrl: pg.url }),
    ]);
    const secret = randomBytes(32);
    const apis = await Promise.all(
      stores.map((s) => startFakeApi([], { rateLimits: LIMITS, stores: s, idempotencySecret: secret })),
    );
    try {
      const got = await alternate(apis, 8);
      expect(got.slice(0, 6)).toEqual(Array(6).fill(401));
      expect(got.slice(6)).toEqual([429, 429]);
    } finally {
      await Promise.all(apis.map((x) => x.stop()));
      await Promise.all(stores.map((s) => s.close().catch(() => {})));
    }
  });
});

test('when the counters cannot be reached the API answers 503 with Retry-After, not an unlimited pass', async () => {
  const api = await startFakeApi([], { rateLimits: LIMITS });
  try {
    api.stores.rateLimits.hit = async () => {
      throw new Error('connection refused');
    };
    const res = await fetch(`${api.url}/tasks`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBeTruthy();
  } finally {
    await api.stop();
  }
});
