/**
 * What operations rely on: Prometheus metrics per route (from the API, and the worker's Temporal SDK
 * metrics on its own port), security headers, an explicit body-size limit, and rate limiting —
 * each refusal a problem+json like every other.
 */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { refer, referralBody } from '../support/api-bodies';
import { startStack, type Stack } from '../support/stack';
import { freePort } from '../../scripts/ports';

/** The rate limits' clock stands still mid-minute: no window can turn while a test counts. */
const STILL = () => Date.UTC(2026, 11, 1, 12, 0, 30);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

test('metrics count requests and latencies per route pattern, never per case ID', async () => {
  const id = await refer(stack);
  const token = await stack.token('team-lead');
  await stack.call('GET', `/referrals/${id}`, { token });
  await stack.call('GET', '/referrals/hf-stavanger-0000000000', { token });
  const res = await fetch(`${stack.apiUrl}/metrics`);
  const text = await res.text();
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/plain/);
  expect(text).toMatch(
    /http_requests_total\{[^}]*route="\/referrals\/:id"[^}]*method="GET"[^}]*status="200"[^}]*\} 1/,
  );
  expect(text).toMatch(/http_requests_total\{[^}]*route="\/referrals\/:id"[^}]*status="404"[^}]*\} 1/);
  expect(text).toMatch(/http_requests_total\{[^}]*route="\/referrals"[^}]*method="POST"[^}]*status="201"/);
  expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0.1",[^}]*route="\/referrals\/:id"/);
  expect(text).toContain('process_cpu_user_seconds_total');
  expect(text).not.toContain(id);
});

test('answers carry security headers; the docs page allows scripts from this API only', async () => {
  const res = await fetch(`${stack.apiUrl}/docs`);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  expect(res.headers.get('strict-transport-security')).toBeTruthy();
  expect(res.headers.get('x-powered-by')).toBeNull();
  expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
});

test('a body over 64 kB is refused with 413 and no case starts', async () => {
  const token = await stack.token('caseworker', { office: 'hillevag' });
  const count = async () => (await stack.env.client.workflow.count()).count;
  await new Promise((r) => setTimeout(r, 1000)); // visibility catches up with the earlier tests
  const before = await count();
  const res = await stack.call('POST', '/referrals', {
    token,
    body: referralBody({ notes: 'x'.repeat(70_000) }),
  });
  expect(res.status).toBe(413);
  expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(res.body.title).toBe('Body too large');
  await new Promise((r) => setTimeout(r, 500));
  expect(await count()).toBe(before);
});

test('a user sending too many requests is rate limited with 429 and told when to come back', async () => {
  const base = await stack.startApi({
    rateLimits: { windowMs: 60_000, perUser: 3, perAddress: 100, clock: STILL },
  });
  const token = await stack.token('team-lead', { sub: 'eager' });
  const statuses: number[] = [];
  let last;
  for (let i = 0; i < 5; i++) {
    last = await stack.call('GET', '/tasks', { token, base });
    statuses.push(last.status);
  }
  expect(statuses).toEqual([200, 200, 200, 429, 429]);
  expect(last!.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(last!.body).toMatchObject({ status: 429, title: 'Too many requests' });
  expect(last!.headers.get('ratelimit')).toMatch(/t=\d+/);
  // Another user is not held back by the first.
  const other = await stack.call('GET', '/tasks', {
    token: await stack.token('team-lead', { sub: 'calm' }),
    base,
  });
  expect(other.status).toBe(200);
});

test('an address hammering the API without a token is rate limited before any token check', async () => {
  // Counters are shared by every instance on the stack's database; with its own secret this
  // instance counts in buckets of its own, untouched by the requests the other tests sent.
  const base = await stack.startApi({
    rateLimits: { windowMs: 60_000, perUser: 100, perAddress: 2, clock: STILL },
    idempotencySecret: randomBytes(32),
  });
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++) statuses.push((await stack.call('GET', '/tasks', { base })).status);
  expect(statuses).toEqual([401, 401, 429]);
});

test('the worker process exposes its Temporal SDK metrics on its own port', async () => {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bf-worker-'));
  const root = path.resolve(__dirname, '..', '..');
  const worker = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['worker/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: stack.env.address,
      TEMPORAL_NAMESPACE: 'bolig-forst',
      TEMPORAL_TASK_QUEUE: 'metrics-check',
      WORKER_METRICS_PORT: String(port),
      BF_DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
    },
    stdio: 'ignore',
  });
  try {
    let text = '';
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && !/temporal_worker_start/.test(text)) {
      await new Promise((r) => setTimeout(r, 500));
      text = await fetch(`http://127.0.0.1:${port}/metrics`).then(
        (r) => r.text(),
        () => '',
      );
    }
    expect(text).toMatch(/temporal_worker_start\{[^}]*task_queue="metrics-check"/);
    expect(text).toMatch(/temporal_/);
  } finally {
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 120_000);
