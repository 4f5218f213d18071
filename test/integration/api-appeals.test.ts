/**
 * Appeals over HTTP (issue 13 item 8): a person already in follow-up appeals the decision; the
 * HF team registers it, the team lead reviews it and sends it on, and records Statsforvalteren's
 * outcome. Bad bodies are 400s naming the field; the wrong role is refused; the unit leader sees
 * the appeal's course without what the person wrote or the team lead's reasons.
 */
import type { Role } from '../../domain/types';
import { daysAgoFrom, eventually } from '../support/api-bodies';
import { startStack, type Stack } from '../support/stack';

/** One "today" for the whole file: what a test sends and what it expects back agree across midnight. */
const daysAgo = daysAgoFrom(Date.now());

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const tokens = new Map<string, string>();
async function as(role: Role) {
  if (!tokens.has(role)) tokens.set(role, await stack.token(role, { sub: `${role}-person` }));
  return tokens.get(role)!;
}
const post = async (role: Role, route: string, body: unknown) =>
  stack.call('POST', route, { token: await as(role), body });
const read = async (role: Role, id: string) =>
  (await stack.call('GET', `/referrals/${id}`, { token: await as(role) })).body;

async function caseInFollowUp(): Promise<string> {
  const res = await post('team-lead', '/existing-cases', {
    person: { name: 'Klagende Person', pseudonym: 'K1' },
    office: 'madla',
    criteria: { homeless: true, substanceUse: true, mentalHealth: true, additional: [] },
    consent: { given: true, date: daysAgo(200), scope: ['hf-team'] },
    referredAt: daysAgo(190),
    existing: {
      stage: 'follow-up',
      stageSince: daysAgo(60),
      decision: { services: [{ kind: 'oppfølging', hoursPerWeek: 4 }], date: daysAgo(90) },
      movedInAt: daysAgo(60),
      lastContactAt: daysAgo(3),
    },
  });
  expect(res.status).toBe(201);
  await eventually(
    async () => read('hf-team', res.body.id),
    (v) => v.stage === 'follow-up',
  );
  return res.body.id;
}

test('an appeal is registered, reviewed by the team lead, sent on, and its outcome recorded', async () => {
  const id = await caseInFollowUp();
  const summary = 'Personen mener fire timer i uka er for lite.';

  const bad = await post('hf-team', `/referrals/${id}/appeals`, { receivedDate: '31.12.2026' });
  expect(bad.status).toBe(400);
  expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['receivedDate']);

  const registered = await post('hf-team', `/referrals/${id}/appeals`, { receivedDate: daysAgo(1), summary });
  expect(registered.status).toBe(200);
  expect(registered.body.appeals).toEqual([
    expect.objectContaining({
      appealId: 'appeal-1',
      decisionNo: 1,
      late: false,
      status: 'team-lead-review',
      summary,
    }),
  ]);
  expect(registered.body.tasks.map((t: { kind: string }) => t.kind)).toContain('appeal-review');

  // One appeal at a time on a decision: the second names the field.
  const twice = await post('hf-team', `/referrals/${id}/appeals`, { receivedDate: daysAgo(0) });
  expect(twice.status).toBeGreaterThanOrEqual(400);
  expect(twice.status).toBeLessThan(500);
  expect(JSON.stringify(twice.body)).toContain('appeal-1');

  // The review is the team lead's own.
  const review = {
    appealId: 'appeal-1',
    outcome: 'upheld',
    date: daysAgo(0),
    reasons: 'I tråd med kartleggingen.',
  };
  expect((await post('hf-team', `/referrals/${id}/appeal-review`, review)).status).toBe(403);
  const wrongOutcome = await post('team-lead', `/referrals/${id}/appeal-review`, {
    ...review,
    outcome: 'maybe',
  });
  expect(wrongOutcome.status).toBe(400);
  expect(wrongOutcome.body.errors.map((e: { path: string }) => e.path)).toEqual(['outcome']);
  const reviewed = await post('team-lead', `/referrals/${id}/appeal-review`, review);
  expect(reviewed.status).toBe(200);
  expect(reviewed.body.appeals[0]).toMatchObject({ status: 'at-statsforvalteren', sentOn: daysAgo(0) });
  expect(reviewed.body.tasks.map((t: { kind: string }) => t.kind)).toContain('appeal-outcome');

  // The unit leader follows the course, without what the person wrote or the reasons.
  const course = await read('unit-leader', id);
  expect(course.appeals[0]).toMatchObject({ appealId: 'appeal-1', status: 'at-statsforvalteren' });
  expect(JSON.stringify(course.appeals)).not.toContain(summary);
  expect(JSON.stringify(course.appeals)).not.toContain(review.reasons);

  const outcome = await post('team-lead', `/referrals/${id}/appeal-outcome`, {
    appealId: 'appeal-1',
    outcome: 'upheld',
    date: daysAgo(0),
  });
  expect(outcome.status).toBe(200);
  expect(outcome.body.appeals[0]).toMatchObject({ status: 'closed', outcome: { outcome: 'upheld' } });
  expect(outcome.body.stage).toBe('follow-up');
});
