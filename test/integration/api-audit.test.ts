/**
 * The access log (Normen): a team lead can show who read or changed a case, when, through which
 * route and with what outcome — including refused attempts — and the log holds nothing personal
 * and cannot be altered.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { openStores } from '../../api/store';
import { daysAgo, refer } from '../support/api-bodies';
import { startPostgres } from '../support/postgres';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

test('a read and a write each leave an entry with who, role, route, outcome; the log shows no personal data', async () => {
  const id = await refer(stack);
  const lead = await stack.token('team-lead', { sub: 'kari.teamleder' });
  const assessor = await stack.token('assessment-team', { sub: 'vurderingsteam.ola' });
  const madla = await stack.token('caseworker', { office: 'madla', sub: 'saksbehandler.madla' });

  expect((await stack.call('GET', `/referrals/${id}`, { token: lead })).status).toBe(200);
  const review = await stack.call('POST', `/referrals/${id}/reviews`, {
    token: assessor,
    body: {
      round: 1,
      outcome: 'relevant',
      meetingDate: daysAgo(0),
      notes: 'Per Integrasjon er i målgruppen.',
    },
  });
  expect(review.status).toBe(200);
  expect((await stack.call('GET', `/referrals/${id}`, { token: madla })).status).toBe(404);

  const log = await stack.call('GET', `/referrals/${id}/audit`, { token: lead });
  expect(log.status).toBe(200);
  const entries = log.body.entries as any[];
  const summary = entries.map((e) => [
    e.actorId,
    e.actorRole,
    e.action,
    e.method,
    e.route,
    e.status,
    e.outcome,
  ]);
  expect(summary).toEqual([
    ['test-caseworker-hillevag', 'caseworker', 'create', 'POST', '/referrals', 201, 'ok'],
    ['kari.teamleder', 'team-lead', 'read', 'GET', '/referrals/:id', 200, 'ok'],
    ['vurderingsteam.ola', 'assessment-team', 'write', 'POST', '/referrals/:id/reviews', 200, 'ok'],
    ['saksbehandler.madla', 'caseworker', 'read', 'GET', '/referrals/:id', 404, 'not-found'],
  ]);
  expect(entries[1]).toMatchObject({ personalData: true, caseId: id, detail: 'stage: first-review' });
  expect(entries[2]).toMatchObject({ detail: 'update: review', personalData: true });
  expect(entries[3]).toMatchObject({ personalData: false, actorOffice: 'madla' });
  expect(entries.every((e) => typeof e.requestId === 'string' && Date.parse(e.at) > 0)).toBe(true);
  const raw = JSON.stringify(entries);
  expect(raw).not.toContain('Per Integrasjon');
  expect(raw).not.toContain('Sover ute');

  // Reading the log is itself logged.
  const again = await stack.call('GET', `/referrals/${id}/audit`, { token: lead });
  expect(again.body.entries.at(-1)).toMatchObject({
    action: 'audit-read',
    actorId: 'kari.teamleder',
    status: 200,
  });
});

test('refused attempts are logged with their outcome: a wrong role, a wrong stage, a bad body', async () => {
  const id = await refer(stack);
  const nav = await stack.token('nav', { sub: 'nav.veileder' });
  const hf = await stack.token('hf-team', { sub: 'oppfolger.per' });
  expect((await stack.call('GET', `/referrals/${id}`, { token: nav })).status).toBe(403);
  expect(
    (await stack.call('POST', `/referrals/${id}/move-in`, { token: hf, body: { date: daysAgo(0) } })).status,
  ).toBe(409);
  expect(
    (await stack.call('POST', `/referrals/${id}/contacts`, { token: hf, body: { date: 'x' } })).status,
  ).toBe(400);
  const entries = (await stack.call('GET', `/referrals/${id}/audit`, { token: await stack.token('admin') }))
    .body.entries as any[];
  expect(entries.slice(1, 4).map((e) => [e.actorId, e.route, e.status, e.outcome])).toEqual([
    ['nav.veileder', '/referrals/:id', 403, 'forbidden'],
    ['oppfolger.per', '/referrals/:id/move-in', 409, 'wrong-stage'],
    ['oppfolger.per', '/referrals/:id/contacts', 400, 'invalid'],
  ]);
});

test('lists are logged without a case; a URL with junk in it stores no ID', async () => {
  const lead = await stack.token('team-lead', { sub: 'liste.leser' });
  await stack.call('GET', '/referrals?stage=mapping', { token: lead });
  await stack.call('GET', '/referrals/01017012343', { token: lead }); // someone pasted a national ID
  const db = new Database(path.join(stack.dataDir, 'audit.sqlite'), { readonly: true });
  try {
    const rows = db
      .prepare("SELECT * FROM audit_log WHERE actor_id = 'liste.leser' ORDER BY seq")
      .all() as any[];
    expect(rows.map((r) => [r.action, r.route, r.case_id, r.detail, r.status])).toEqual([
      ['list', '/referrals', null, 'stage=mapping municipality=stavanger', 200],
      ['read', '/referrals/:id', null, null, 404],
    ]);
    expect(JSON.stringify(rows)).not.toContain('01017012343');
  } finally {
    db.close();
  }
});

test('the log on disk refuses to be changed or deleted', async () => {
  await refer(stack);
  const db = new Database(path.join(stack.dataDir, 'audit.sqlite'));
  try {
    const count = (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    expect(count).toBeGreaterThan(0);
    // Messages, not toThrow: better-sqlite3's errors may come from another test file's realm.
    const refusal = (sql: string) => {
      try {
        db.prepare(sql).run();
        return undefined;
      } catch (e) {
        return String((e as { message?: unknown }).message);
      }
    };
    expect(refusal("UPDATE audit_log SET actor_id = 'someone-else'")).toMatch(/append-only/);
    expect(refusal('DELETE FROM audit_log')).toMatch(/append-only/);
    expect((db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n).toBe(count);
  } finally {
    db.close();
  }
});

test('when the access log cannot be written, a case is not shown (503) and the refusal names the log', async () => {
  const id = await refer(stack);
  const failing = {
    ...stack.stores,
    audit: {
      append: async () => {
        throw new Error('disk full');
      },
      forCase: stack.stores.audit.forCase,
    },
  };
  const base = await stack.startApi({ stores: failing });
  const res = await stack.call('GET', `/referrals/${id}`, { token: await stack.token('team-lead'), base });
  expect(res.status).toBe(503);
  expect(res.body.title).toBe('Access log unavailable');
  expect(JSON.stringify(res.body)).not.toContain('Per Integrasjon');
});

test('with AUDIT_DATABASE_URL the same entries go to PostgreSQL', async () => {
  const pg = await startPostgres();
  if (!pg) {
    console.warn(
      'api-audit: no PostgreSQL here: the PostgreSQL store is covered by test/unit/audit-store only',
    );
    return;
  }
  const stores = await openStores({ dataDir: stack.dataDir, databaseUrl: pg.url });
  try {
    expect(stores.kind).toBe('postgres');
    const base = await stack.startApi({ stores });
    const id = await refer(stack);
    const lead = await stack.token('team-lead', { sub: 'pg.leser' });
    expect((await stack.call('GET', `/referrals/${id}`, { token: lead, base })).status).toBe(200);
    const log = await stack.call('GET', `/referrals/${id}/audit`, { token: lead, base });
    expect(log.body.entries.map((e: any) => [e.actorId, e.action, e.status])).toEqual([
      ['pg.leser', 'read', 200],
    ]);
  } finally {
    await stores.close();
    await pg.stop();
  }
});
