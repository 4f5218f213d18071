/**
 * Retrying is safe: a caseworker whose connection dropped sends the referral again with the same
 * Idempotency-Key and gets the same case, never a second; an event retried with its key is applied
 * once; a key reused for a different body is refused, and nothing starts or changes.
 */
import { daysAgo, EVENT_BODIES, refer, referralBody } from '../support/api-bodies';
import { startStack, type Stack } from '../support/stack';
import { parseServerTiming } from '../../api/server-timing';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

async function countCases(): Promise<number> {
  return (await stack.env.client.workflow.count('WorkflowType = "caseWorkflow"')).count;
}

async function settledCount(expected: number): Promise<number> {
  let n = await countCases();
  for (let i = 0; i < 30 && n !== expected; i++) {
    await new Promise((r) => setTimeout(r, 200));
    n = await countCases();
  }
  return n;
}

test('the same referral sent three times with one key is one case; the repeats answer 200 with its ID', async () => {
  const token = await stack.token('caseworker', { office: 'hillevag' });
  const before = await countCases();
  const body = referralBody();
  const headers = { 'Idempotency-Key': 'referral-2026-11-24-per' };
  const answers = await Promise.all(
    [1, 2, 3].map(() => stack.call('POST', '/referrals', { token, body, headers })),
  );
  const ids = new Set(answers.map((a) => a.body.id));
  expect(ids.size).toBe(1);
  expect(answers.every((a) => a.status === 201 || a.status === 200)).toBe(true);
  const later = await stack.call('POST', '/referrals', { token, body, headers });
  expect(later.status).toBe(200);
  expect(later.body.id).toBe(answers[0].body.id);
  expect(await settledCount(before + 1)).toBe(before + 1);
  // Where an intake's time went (Server-Timing): the key's record, the start, the access log.
  expect(Object.keys(parseServerTiming(later.headers.get('server-timing')))).toEqual([
    'claim',
    'start',
    'log',
    'total',
  ]);
});

test('the same key with a different body is refused with 422, and starts nothing', async () => {
  const token = await stack.token('caseworker', { office: 'hillevag' });
  const headers = { 'Idempotency-Key': 'reused-key-1' };
  const first = await stack.call('POST', '/referrals', { token, body: referralBody(), headers });
  expect(first.status).toBe(201);
  const before = await settledCount(await countCases());
  const other = await stack.call('POST', '/referrals', {
    token,
    body: referralBody({ notes: 'En annen person.' }),
    headers,
  });
  expect(other.status).toBe(422);
  expect(other.body.errors).toEqual([
    { path: 'header.Idempotency-Key', message: 'already used with a different body' },
  ]);
  await new Promise((r) => setTimeout(r, 500));
  expect(await countCases()).toBe(before);
});

test('two caseworkers using the same key get two cases: a key belongs to its sender', async () => {
  const a = await stack.token('caseworker', { office: 'hillevag', sub: 'kari' });
  const b = await stack.token('caseworker', { office: 'hillevag', sub: 'ola' });
  const headers = { 'Idempotency-Key': 'shared-key' };
  const one = await stack.call('POST', '/referrals', { token: a, body: referralBody(), headers });
  const two = await stack.call('POST', '/referrals', { token: b, body: referralBody(), headers });
  expect([one.status, two.status]).toEqual([201, 201]);
  expect(one.body.id).not.toBe(two.body.id);
});

test('a review retried with its key is applied once: the retry gets the same answer and the history one update', async () => {
  const id = await refer(stack);
  const token = await stack.token('assessment-team');
  const body = { round: 1, outcome: 'relevant', meetingDate: daysAgo(0) };
  const headers = { 'Idempotency-Key': 'review-1-of-case' };
  const first = await stack.call('POST', `/referrals/${id}/reviews`, { token, body, headers });
  expect(first.status).toBe(200);
  expect(first.body.stage).toBe('mapping');
  const retry = await stack.call('POST', `/referrals/${id}/reviews`, { token, body, headers });
  expect(retry.status).toBe(200);
  expect(retry.body.stage).toBe('mapping');
  expect(retry.body.timeline.filter((e: any) => e.type === 'review-1')).toHaveLength(1);

  const history = await stack.env.client.workflow.getHandle(id).fetchHistory();
  const accepted = (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
  expect(accepted).toHaveLength(1);

  // Without the key, the same review is a new event: the case has moved on and says so.
  const fresh = await stack.call('POST', `/referrals/${id}/reviews`, { token, body });
  expect(fresh.status).toBe(409);
  expect(fresh.body.stage).toBe('mapping');
});

test('with Prefer: return=minimal an event answers with the receipt and links, not the case; its retry answers the same', async () => {
  const id = await refer(stack);
  const token = await stack.token('assessment-team');
  const body = { round: 1, outcome: 'relevant', meetingDate: daysAgo(0) };
  const headers = { 'Idempotency-Key': 'review-1-minimal', Prefer: 'respond-async, return=minimal' };
  const first = await stack.call('POST', `/referrals/${id}/reviews`, { token, body, headers });
  expect(first.status).toBe(200);
  expect(first.headers.get('preference-applied')).toBe('return=minimal');
  // Where the time went (Server-Timing): the case found, the key claimed, the update, the access
  // log, and the request's whole time on the server, which holds them all; the case was not read back.
  const timing = parseServerTiming(first.headers.get('server-timing'));
  expect(Object.keys(timing)).toEqual(['find', 'claim', 'update', 'log', 'total']);
  const phases = timing.find + timing.claim + timing.update + timing.log;
  expect(timing.total).toBeGreaterThanOrEqual(phases - 0.25); // each rounded to 0.1 ms
  expect(first.body).toEqual({
    caseId: id,
    accepted: true,
    links: expect.objectContaining({ self: `/referrals/${id}` }),
  });
  const retry = await stack.call('POST', `/referrals/${id}/reviews`, { token, body, headers });
  expect(retry.status).toBe(200);
  expect(retry.body).toEqual(first.body);
  // The case took it, once.
  const read = await stack.call('GET', `/referrals/${id}`, { token });
  expect(read.body.stage).toBe('mapping');
  expect(read.body.timeline.filter((e: any) => e.type === 'review-1')).toHaveLength(1);
  // Without the preference the same route answers with the case, as the contract says.
  const hf = await stack.token('hf-team');
  const mapped = await stack.call('POST', `/referrals/${id}/mapping`, {
    token: hf,
    body: EVENT_BODIES['/referrals/:id/mapping'],
    headers: { Prefer: 'return=representation' },
  });
  expect(mapped.status).toBe(200);
  expect(mapped.headers.get('preference-applied')).toBeNull();
  expect(Object.keys(parseServerTiming(mapped.headers.get('server-timing')))).toEqual([
    'find',
    'update',
    'read',
    'log',
    'total',
  ]);
  expect(mapped.body.stage).toBe('second-review');
});

test('concurrent retries of one event, while the first is in flight, are still applied once', async () => {
  const id = await refer(stack);
  const token = await stack.token('assessment-team');
  const body = { round: 1, outcome: 'not-relevant', meetingDate: daysAgo(0) };
  const headers = { 'Idempotency-Key': 'concurrent-review' };
  const answers = await Promise.all(
    [1, 2, 3, 4].map(() => stack.call('POST', `/referrals/${id}/reviews`, { token, body, headers })),
  );
  expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
  const history = await stack.env.client.workflow.getHandle(id).fetchHistory();
  expect((history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(
    1,
  );
});

test('an event key reused with a different body is refused with 422 and the case is unchanged', async () => {
  const id = await refer(stack);
  const token = await stack.token('assessment-team');
  const headers = { 'Idempotency-Key': 'review-key' };
  const first = await stack.call('POST', `/referrals/${id}/reviews`, {
    token,
    headers,
    body: { round: 1, outcome: 'relevant', meetingDate: daysAgo(0) },
  });
  expect(first.status).toBe(200);
  const other = await stack.call('POST', `/referrals/${id}/reviews`, {
    token,
    headers,
    body: { round: 1, outcome: 'not-relevant', meetingDate: daysAgo(0) },
  });
  expect(other.status).toBe(422);
  const view = await stack.call('GET', `/referrals/${id}`, { token: await stack.token('team-lead') });
  expect(view.body.stage).toBe('mapping');
});

test('a malformed key is refused naming the header', async () => {
  const token = await stack.token('caseworker', { office: 'hillevag' });
  const res = await stack.call('POST', '/referrals', {
    token,
    body: referralBody(),
    headers: { 'Idempotency-Key': 'x'.repeat(201) },
  });
  expect(res.status).toBe(400);
  expect(res.body.errors[0].path).toBe('header.Idempotency-Key');
});

test('a retry after the case’s run has changed is answered from the API’s record, not applied again', async () => {
  // Temporal remembers update IDs per run only; a case that continued as new (or ended) since would
  // take the event again. The API's record answers the retry instead of sending it.
  const id = await refer(stack);
  const token = await stack.token('assessment-team');
  const body = { round: 1, outcome: 'relevant', meetingDate: daysAgo(0) };
  const headers = { 'Idempotency-Key': 'review-before-new-run' };
  expect((await stack.call('POST', `/referrals/${id}/reviews`, { token, body, headers })).status).toBe(200);
  const handle = stack.env.client.workflow.getHandle(id);
  if ((await handle.describe()).status.name === 'RUNNING') await handle.terminate('test: the run ends');
  const retry = await stack.call('POST', `/referrals/${id}/reviews`, { token, body, headers });
  expect(retry.status).toBe(200);
  expect(retry.body.stage).toBe('mapping');
  const unkeyed = await stack.call('POST', `/referrals/${id}/reviews`, { token, body });
  expect(unkeyed.status).toBe(409);
  expect(unkeyed.body.expects).toMatch(/ended/);
});
