/**
 * The team lead's waiting list (issue 8): the cases waiting for a place in the places coordinator's
 * order, with capacity and free places, through `GET /places`, and nothing personal in it.
 */
import { TASK_QUEUE } from '../support/temporal';
import { EVENT_BODIES, daysAgo, eventually, refer } from '../support/api-bodies';
import { nationalId } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';
import { placesConfigureSignal } from '../../workflows/messages';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

/** Stavanger's places coordinator with no place to give (as when all its flats are in use). */
async function noPlaceFree() {
  await stack.env.client.workflow.signalWithStart('placesWorkflow', {
    workflowId: 'places-stavanger',
    taskQueue: TASK_QUEUE,
    args: [{ municipality: 'stavanger', capacity: 0 }],
    signal: placesConfigureSignal,
    signalArgs: [{ capacity: 0 }],
  });
}

/** A referral walked to the second review, where a place is offered. */
async function offeredPlace(name: string): Promise<string> {
  const id = await refer(stack, 'hillevag', { person: { name, nationalId: nationalId() } });
  const assessor = await stack.token('assessment-team');
  const hf = await stack.token('hf-team');
  const ok = (r: { status: number; body: unknown }) => {
    if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  };
  ok(
    await stack.call('POST', `/referrals/${id}/reviews`, {
      token: assessor,
      body: EVENT_BODIES['/referrals/:id/reviews'],
    }),
  );
  ok(
    await stack.call('POST', `/referrals/${id}/mapping`, {
      token: hf,
      body: EVENT_BODIES['/referrals/:id/mapping'],
    }),
  );
  ok(
    await stack.call('POST', `/referrals/${id}/reviews`, {
      token: assessor,
      body: { round: 2, outcome: 'place-offered', meetingDate: daysAgo(0) },
    }),
  );
  return id;
}

test('the team lead sees the waiting list in the coordinator’s order, with capacity and free places, and no names', async () => {
  // Every place is taken: the municipality has none to give (as when all its flats are in use).
  await noPlaceFree();
  const first = await offeredPlace('Vente Først');
  const second = await offeredPlace('Vente Andre');
  const lead = await stack.token('team-lead');
  const res = await eventually(
    () => stack.call('GET', '/places', { token: lead }),
    (r) =>
      r.body?.waiting?.length === 2 && r.body.waiting.every((w: { referredAt?: string }) => w.referredAt),
  );
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ municipality: 'stavanger', capacity: 0, held: 0, free: 0 });
  expect(res.body.waiting).toEqual([
    expect.objectContaining({ position: 1, caseId: first, office: 'hillevag' }),
    expect.objectContaining({ position: 2, caseId: second, office: 'hillevag' }),
  ]);
  expect(JSON.stringify(res.body)).not.toMatch(/Vente/);

  // A place frees up: the first in line gets it and leaves the list; the second moves up.
  await stack.env.client.workflow
    .getHandle('places-stavanger')
    .signal(placesConfigureSignal, { capacity: 1 });
  const after = await eventually(
    () => stack.call('GET', '/places', { token: lead }),
    (r) => r.body?.waiting?.length === 1,
  );
  expect(after.body).toMatchObject({ capacity: 1, held: 1, free: 0 });
  expect(after.body.waiting).toEqual([expect.objectContaining({ position: 1, caseId: second })]);
  // Another municipality's team lead sees their own list only.
  const bergen = await stack.call('GET', '/places', {
    token: await stack.token('team-lead', { municipality: 'bergen' }),
  });
  expect(bergen.body).toMatchObject({ municipality: 'bergen', waiting: [] });
});

test('an offered place answered with Prefer: return=minimal waits for the coordinator: the next read shows the position', async () => {
  // No place free: the case waits, and the coordinator answers with its position.
  await noPlaceFree();
  const id = await refer(stack, 'hillevag', { person: { name: 'Vente Kort', nationalId: nationalId() } });
  const assessor = await stack.token('assessment-team');
  const hf = await stack.token('hf-team');
  const minimal = { Prefer: 'return=minimal' };
  const review1 = await stack.call('POST', `/referrals/${id}/reviews`, {
    token: assessor,
    body: EVENT_BODIES['/referrals/:id/reviews'],
    headers: minimal,
  });
  expect(review1.status).toBe(200);
  await stack.call('POST', `/referrals/${id}/mapping`, {
    token: hf,
    body: EVENT_BODIES['/referrals/:id/mapping'],
    headers: minimal,
  });
  const review2 = await stack.call('POST', `/referrals/${id}/reviews`, {
    token: assessor,
    body: { round: 2, outcome: 'place-offered', meetingDate: daysAgo(0) },
    headers: minimal,
  });
  expect(review2.status).toBe(200);
  expect(review2.headers.get('preference-applied')).toBe('return=minimal');
  expect(review2.body).toEqual({ caseId: id, accepted: true, links: expect.any(Object) });
  // Read at once (as the web app does after an event): the coordinator has answered already.
  const read = await stack.call('GET', `/referrals/${id}`, { token: hf });
  expect(read.body.stage).toBe('waiting-for-place');
  expect(read.body.place.position).toEqual(expect.any(Number));
});
