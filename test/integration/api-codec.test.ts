/**
 * The codec server, as the Temporal Web UI and an administrator use it: an admin decodes a case's
 * history; the dev stack's Web UI, which has no sign-on of its own, gets in with the session cookie
 * from its own origin; everyone else — no token, another role, another origin — is refused.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { daysAgo, refer } from '../support/api-bodies';
import { startStack, UI_ORIGIN, type Stack } from '../support/stack';
import { temporalCliPath } from '../support/tools';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

/** The case's history payloads in codec-server JSON, exactly as the Web UI would send them. */
async function historyPayloads(id: string) {
  const history = await stack.env.client.workflow.getHandle(id).fetchHistory();
  const payloads: { metadata: Record<string, string>; data: string }[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const p = node as { metadata?: Record<string, Uint8Array>; data?: Uint8Array };
    if (p.metadata && p.data instanceof Uint8Array && p.metadata.encoding) {
      payloads.push({
        metadata: Object.fromEntries(
          Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
        ),
        data: Buffer.from(p.data).toString('base64'),
      });
      return;
    }
    for (const v of Object.values(node)) visit(v);
  };
  visit(history);
  return payloads;
}

const decoded = (payloads: { data: string }[]) =>
  payloads.map((p) => Buffer.from(p.data, 'base64').toString('utf8')).join('\n');

test('an administrator with a token decodes a case’s history: the Web UI shows the person, the server never saw them', async () => {
  const id = await refer(stack);
  await stack.call('POST', `/referrals/${id}/reviews`, {
    token: await stack.token('assessment-team'),
    body: { round: 1, outcome: 'relevant', meetingDate: daysAgo(0), notes: 'Per Integrasjon passer godt.' },
  });
  const payloads = await historyPayloads(id);
  expect(payloads.length).toBeGreaterThan(1);
  expect(decoded(payloads)).not.toContain('Per Integrasjon');

  const admin = await stack.token('admin', { sub: 'systemeier' });
  const res = await stack.call('POST', '/codec/decode', {
    token: admin,
    body: { payloads },
    headers: { 'X-Namespace': 'bolig-forst' },
  });
  expect(res.status).toBe(200);
  expect(res.body.payloads).toHaveLength(payloads.length);
  const plain = decoded(res.body.payloads);
  expect(plain).toContain('Per Integrasjon');
  expect(plain).toContain('Per Integrasjon passer godt.');
  expect(res.body.payloads[0].metadata.encoding).toBe(Buffer.from('json/plain').toString('base64'));

  // Encode and decode again: the same plaintext, a new ciphertext under the active key.
  const encoded = await stack.call('POST', '/codec/encode', {
    token: admin,
    body: { payloads: res.body.payloads },
  });
  expect(encoded.status).toBe(200);
  expect(encoded.body.payloads[0].data).not.toBe(payloads[0].data);
  expect(Buffer.from(encoded.body.payloads[0].metadata['encryption-key-id'], 'base64').toString()).toBe(
    'test-1',
  );
  const back = await stack.call('POST', '/codec/decode', { token: admin, body: encoded.body });
  expect(back.body.payloads).toEqual(res.body.payloads);
});

test('every payload of a case’s history carries its municipality; another municipality’s administrator decodes none', async () => {
  const id = await refer(stack);
  await stack.call('POST', `/referrals/${id}/reviews`, {
    token: await stack.token('assessment-team'),
    body: { round: 1, outcome: 'relevant', meetingDate: daysAgo(0) },
  });
  const payloads = await historyPayloads(id);
  // Workflow input, update arguments and answers, activity arguments and results: every encrypted
  // payload is stamped (search attributes stay plain, as Temporal needs them).
  const meta = (p: { metadata: Record<string, string> }, k: string) =>
    Buffer.from(p.metadata[k] ?? '', 'base64').toString();
  const encrypted = payloads.filter((p) => meta(p, 'encoding') === 'binary/encrypted');
  expect(encrypted.length).toBeGreaterThan(1);
  expect(new Set(encrypted.map((p) => meta(p, 'bf-municipality')))).toEqual(new Set(['stavanger']));

  const bergen = await stack.token('admin', { municipality: 'bergen', sub: 'amir.bergen' });
  const res = await stack.call('POST', '/codec/decode', { token: bergen, body: { payloads } });
  expect(res.status).toBe(403);
  expect(res.body.payloads).toBeUndefined();
  expect(res.body.errors).toHaveLength(encrypted.length);
  const own = await stack.call('POST', '/codec/decode', {
    token: await stack.token('admin'),
    body: { payloads },
  });
  expect(own.status).toBe(200);
});

test('the codec refuses anonymous callers, other roles, and payloads it cannot decode', async () => {
  const payloads = await historyPayloads(await refer(stack));
  expect((await stack.call('POST', '/codec/decode', { body: { payloads } })).status).toBe(401);
  const lead = await stack.token('team-lead');
  expect((await stack.call('POST', '/codec/decode', { token: lead, body: { payloads } })).status).toBe(403);

  const tampered = { ...payloads[0], data: Buffer.from('not what was encrypted').toString('base64') };
  const res = await stack.call('POST', '/codec/decode', {
    token: await stack.token('admin'),
    body: { payloads: [payloads[0], tampered] },
  });
  expect(res.status).toBe(400);
  expect(res.body.errors).toEqual([{ path: 'payloads.1', message: expect.any(String) }]);
  const garbage = await stack.call('POST', '/codec/decode', {
    token: await stack.token('admin'),
    body: { pay: 1 },
  });
  expect(garbage.status).toBe(400);
});

test('the browser preflight is answered for the Web UI’s origin only, with credentials allowed', async () => {
  const ask = (origin: string) =>
    fetch(`${stack.apiUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,x-namespace',
      },
    });
  const ui = await ask(UI_ORIGIN);
  expect(ui.status).toBe(204);
  expect(ui.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
  expect(ui.headers.get('access-control-allow-credentials')).toBe('true');
  expect(ui.headers.get('access-control-allow-headers')).toMatch(/X-Namespace/i);
  expect(ui.headers.get('access-control-allow-methods')).toContain('POST');

  const evil = await ask('http://evil.example');
  expect(evil.status).toBe(403);
  expect(evil.headers.get('access-control-allow-origin')).toBeNull();
});

test('the dev Web UI decodes with the session cookie from its own origin; the cookie is useless elsewhere', async () => {
  const payloads = await historyPayloads(await refer(stack));
  const signIn = await fetch(`${stack.apiUrl}/codec/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: await stack.token('admin', { sub: 'drift' }) }),
    redirect: 'manual',
  });
  expect(signIn.status).toBe(200);
  expect(await signIn.text()).toContain('Include cross-origin credentials');
  const setCookie = signIn.headers.get('set-cookie')!;
  expect(setCookie).toMatch(/^bf_codec_session=/);
  expect(setCookie).toMatch(/HttpOnly/);
  expect(setCookie).toMatch(/SameSite=Strict/);
  expect(setCookie).toMatch(/Path=\/codec/);
  const cookie = setCookie.split(';')[0];

  const fromUi = await stack.call('POST', '/codec/decode', {
    body: { payloads },
    headers: { cookie, origin: UI_ORIGIN, 'x-namespace': 'bolig-forst' },
  });
  expect(fromUi.status).toBe(200);
  expect(fromUi.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
  expect(decoded(fromUi.body.payloads)).toContain('Per Integrasjon');

  const fromElsewhere = await stack.call('POST', '/codec/decode', {
    body: { payloads },
    headers: { cookie, origin: 'http://evil.example' },
  });
  expect(fromElsewhere.status).toBe(401);
  const noOrigin = await stack.call('POST', '/codec/decode', { body: { payloads }, headers: { cookie } });
  expect(noOrigin.status).toBe(401);

  const notAdmin = await fetch(`${stack.apiUrl}/codec/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: await stack.token('hf-team') }),
  });
  expect(notAdmin.status).toBe(403);
  expect(notAdmin.headers.get('set-cookie')).toBeNull();

  const page = await fetch(`${stack.apiUrl}/codec/session`);
  expect(await page.text()).toContain('<form method="post" action="/codec/session">');
});

test('every decode is in the access log, with the caller and how many payloads', async () => {
  const admin = await stack.token('admin', { sub: 'logget.admin' });
  await stack.call('POST', '/codec/decode', {
    token: admin,
    body: { payloads: [] },
    headers: { 'x-namespace': 'bolig-forst' },
  });
  const Database = (await import('better-sqlite3')).default;
  const path = await import('node:path');
  const db = new Database(path.join(stack.dataDir, 'audit.sqlite'), { readonly: true });
  try {
    const row = db
      .prepare("SELECT * FROM audit_log WHERE actor_id = 'logget.admin' AND action = 'decode'")
      .get() as any;
    expect(row).toMatchObject({
      route: '/codec/decode',
      status: 200,
      detail: 'payloads: 0, municipality: stavanger, namespace: bolig-forst',
    });
  } finally {
    db.close();
  }
});

test('the dev server’s Web UI is given this codec endpoint without credentials: the browser setting is needed', async () => {
  // What the README's steps rest on: `temporal server start-dev --ui-codec-endpoint` sets the
  // endpoint only, so the UI sends no token and no cookie until "Include cross-origin credentials"
  // is ticked in its Codec Server settings.
  const uiPort = 20_000 + Math.floor(Math.random() * 20_000);
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      namespace: 'bolig-forst',
      ui: true,
      uiPort,
      searchAttributes: ALL_SEARCH_ATTRIBUTES,
      extraArgs: ['--ui-codec-endpoint', 'http://localhost:3000/codec'],
      log: { format: 'json', level: 'error' },
    },
  });
  try {
    let settings: any;
    for (let i = 0; i < 50 && !settings; i++) {
      settings = await fetch(`http://127.0.0.1:${uiPort}/api/v1/settings`)
        .then((r) => (r.ok ? r.json() : undefined))
        .catch(() => undefined);
      if (!settings) await new Promise((r) => setTimeout(r, 200));
    }
    expect(settings.Codec).toMatchObject({
      Endpoint: 'http://localhost:3000/codec',
      PassAccessToken: false,
      IncludeCredentials: false,
    });
  } finally {
    await env.teardown();
  }
});
