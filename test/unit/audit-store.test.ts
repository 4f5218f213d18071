/**
 * The access log and idempotency records on disk, in SQLite (the default) and in PostgreSQL (when
 * AUDIT_DATABASE_URL is set; here a throwaway server from the local PostgreSQL binaries). The log
 * keeps every entry in order and refuses to be changed or emptied, whatever code runs against it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client as PgClient } from 'pg';
import { openStores, type AuditEntry, type Stores } from '../../api/store';
import { postgresAvailable, startPostgres, type TestPostgres } from '../support/postgres';

const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({
  at: new Date().toISOString(),
  actorId: 'kari',
  actorRole: 'team-lead',
  actorRoles: ['team-lead'],
  actorOffice: null,
  action: 'read',
  method: 'GET',
  route: '/referrals/:id',
  caseId: 'hf-stavanger-abcdefghjk',
  status: 200,
  outcome: 'ok',
  personalData: true,
  detail: 'stage: mapping',
  requestId: 'r-1',
  ...over,
});

interface Backend {
  name: string;
  open(): Promise<{
    stores: Stores;
    /** Runs SQL on the log's database from outside the API, as an intruder or a careless admin would. */
    tamper(sql: string): Promise<void>;
    /** Rows in the log, counted from outside the API. */
    rows(): Promise<number>;
    close(): Promise<void>;
  }>;
}

/**
 * The message a promise was refused with, or undefined. (Not `rejects.toThrow`: better-sqlite3's
 * native addon builds its errors from the first test file's realm, which jest does not see as an
 * Error in later files.)
 */
async function refusal(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => undefined,
    (e: unknown) => String((e as { message?: unknown })?.message ?? e),
  );
}

let pg: TestPostgres | undefined;
beforeAll(async () => {
  pg = await startPostgres();
});
afterAll(async () => {
  await pg?.stop();
});

const backends: Backend[] = [
  {
    name: 'SQLite',
    async open() {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'bf-audit-'));
      const stores = await openStores({ dataDir: dir });
      return {
        stores,
        async tamper(sql) {
          const db = new Database(path.join(dir, 'audit.sqlite'));
          try {
            db.exec(sql);
          } finally {
            db.close();
          }
        },
        async rows() {
          const db = new Database(path.join(dir, 'audit.sqlite'), { readonly: true });
          try {
            return (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
          } finally {
            db.close();
          }
        },
        async close() {
          await stores.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
];
if (postgresAvailable()) {
  backends.push({
    name: 'PostgreSQL',
    async open() {
      const stores = await openStores({ dataDir: '/nonexistent', databaseUrl: pg!.url });
      const client = new PgClient({ connectionString: pg!.url });
      await client.connect();
      return {
        stores,
        async tamper(sql) {
          await client.query(sql);
        },
        async rows() {
          return Number((await client.query('SELECT count(*) AS n FROM audit_log')).rows[0].n);
        },
        async close() {
          await client.end();
          await stores.close();
        },
      };
    },
  });
} else {
  // Not silent: the PostgreSQL store is untested on this machine.
  console.warn('audit-store: no PostgreSQL binaries and no AUDIT_TEST_DATABASE_URL: testing SQLite only');
}

describe.each(backends)('$name', (backend) => {
  test('entries come back for their case, oldest first, exactly as written', async () => {
    const { stores, close } = await backend.open();
    try {
      expect(stores.kind).toBe(backend.name === 'SQLite' ? 'sqlite' : 'postgres');
      const caseId = `hf-stavanger-${Math.random().toString(36).slice(2, 12)}`;
      const second = entry({
        caseId,
        requestId: 'second',
        action: 'write',
        personalData: false,
        detail: null,
        actorOffice: 'madla',
      });
      await stores.audit.append(entry({ caseId, requestId: 'first' }));
      await stores.audit.append(entry({ caseId: 'hf-stavanger-otherother', requestId: 'other' }));
      await stores.audit.append(second);
      const rows = await stores.audit.forCase(caseId);
      expect(rows.map((r) => r.requestId)).toEqual(['first', 'second']);
      expect(rows[1]).toEqual({ ...second, seq: rows[1].seq });
      expect(rows[1].seq).toBeGreaterThan(rows[0].seq);
      expect(await stores.audit.forCase(caseId, { afterSeq: rows[0].seq })).toHaveLength(1);
    } finally {
      await close();
    }
  });

  test('the log refuses UPDATE, DELETE (and TRUNCATE) even from outside the API', async () => {
    const { stores, tamper, rows, close } = await backend.open();
    try {
      await stores.audit.append(entry({ caseId: 'hf-stavanger-tampertamp' }));
      const before = await rows();
      expect(before).toBeGreaterThan(0);
      expect(await refusal(tamper("UPDATE audit_log SET actor_id = 'nobody'"))).toMatch(/append-only/);
      expect(await refusal(tamper('DELETE FROM audit_log'))).toMatch(/append-only/);
      if (backend.name === 'PostgreSQL')
        expect(await refusal(tamper('TRUNCATE audit_log'))).toMatch(/append-only/);
      expect((await stores.audit.forCase('hf-stavanger-tampertamp'))[0].actorId).toBe('kari');
      expect(await rows()).toBe(before);
    } finally {
      await close();
    }
  });

  test('an idempotency key is claimed once; a second claim returns the first, and completion is kept', async () => {
    const { stores, close } = await backend.open();
    try {
      const id = `key-${Math.random()}`;
      const first = await stores.idempotency.claim(id, 'fp-a', 'hf-stavanger-abcdefghjk');
      expect(first).toMatchObject({ fingerprint: 'fp-a', status: null });
      const second = await stores.idempotency.claim(id, 'fp-b', null);
      expect(second).toMatchObject({ fingerprint: 'fp-a', caseId: 'hf-stavanger-abcdefghjk' });
      await stores.idempotency.complete(id, 201, '{"offerId":"o-1"}');
      expect(await stores.idempotency.claim(id, 'fp-a', null)).toMatchObject({
        status: 201,
        result: '{"offerId":"o-1"}',
      });
    } finally {
      await close();
    }
  });

  test('opening the stores twice (a restart, or two API instances) keeps what is there', async () => {
    const a = await backend.open();
    try {
      await a.stores.audit.append(entry({ caseId: 'hf-stavanger-restartrst' }));
      if (backend.name === 'PostgreSQL') {
        const b = await openStores({ dataDir: '/nonexistent', databaseUrl: pg!.url });
        expect((await b.audit.forCase('hf-stavanger-restartrst')).length).toBeGreaterThan(0);
        await b.close();
      }
    } finally {
      await a.close();
    }
  });
});
