/**
 * The report a programme group can use (issue 13 item 11): the last 12 months by default; the
 * cases found not relevant, given no place and withdrawn; median days in each stage; the MANSA
 * change from baseline; exits by reason with where a transferred person went. Walked over HTTP in
 * Bergen, as the team would record it.
 */
import type { Role } from '../../domain/types';
import { osloToday } from '../../domain/schemas/common';
import { daysAgoFrom, EVENT_BODIES, eventually, refer } from '../support/api-bodies';
import { startStack, type Stack } from '../support/stack';

/** One "today" for the whole file: what a test sends and what it expects back agree across midnight. */
const daysAgo = daysAgoFrom(Date.now());

/** Ending a granted service is a decision: the team lead's reasons (issue 15, item 4). */
const ENDING = 'Du har flyttet fra kommunen, og teamet har hjulpet deg med å få oppfølging der du bor nå.';
/** A place refused after the mapping is a decision: its reasons. */
const REFUSAL = 'Alle plassene er i bruk, og vurderingsteamet venter ingen ledige plasser de neste månedene.';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const tokens = new Map<string, string>();
async function as(role: Role) {
  if (!tokens.has(role)) {
    const office = role === 'caseworker' ? 'bergenhus' : undefined;
    tokens.set(role, await stack.token(role, { office, municipality: 'bergen', sub: `${role}-bergen` }));
  }
  return tokens.get(role)!;
}

async function post(role: Role, route: string, body: unknown) {
  const res = await stack.call('POST', route, { token: await as(role), body });
  return res;
}

async function ok(role: Role, route: string, body: unknown) {
  const res = await post(role, route, body);
  if (res.status !== 200) throw new Error(`${route}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function existingInFollowUp(name: string, extra: Record<string, unknown> = {}) {
  const res = await stack.call('POST', '/existing-cases', {
    token: await as('team-lead'),
    body: {
      person: { name, pseudonym: name },
      office: 'arstad',
      criteria: { homeless: true, substanceUse: true, mentalHealth: false, additional: [] },
      consent: { given: true, date: daysAgo(420), scope: ['assessment-team', 'hf-team'] },
      referredAt: daysAgo(410),
      existing: {
        stage: 'follow-up',
        stageSince: daysAgo(300),
        decision: { services: [{ kind: 'oppfølging', hoursPerWeek: 4 }], date: daysAgo(350) },
        movedInAt: daysAgo(300),
        lastContactAt: daysAgo(2),
        ...extra,
      },
    },
  });
  if (res.status !== 201) throw new Error(`existing case refused: ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

test('the outcome report counts endings, days in each stage, the MANSA change and where transferred people went', async () => {
  const meeting = { meetingDate: daysAgo(0) };
  // Not relevant after the first review.
  const notRelevant = await refer(stack, 'bergenhus');
  await ok('assessment-team', `/referrals/${notRelevant}/reviews`, {
    round: 1,
    outcome: 'not-relevant',
    ...meeting,
  });
  // Mapped, then no place after the second review.
  const noPlace = await refer(stack, 'bergenhus');
  await ok('assessment-team', `/referrals/${noPlace}/reviews`, { round: 1, outcome: 'relevant', ...meeting });
  await ok('hf-team', `/referrals/${noPlace}/mapping`, EVENT_BODIES['/referrals/:id/mapping']);
  await ok('assessment-team', `/referrals/${noPlace}/reviews`, {
    round: 2,
    outcome: 'no-place',
    ...meeting,
    reasons: REFUSAL,
  });
  // Consent withdrawn while waiting for the first review.
  const withdrawn = await refer(stack, 'bergenhus');
  await ok('caseworker', `/referrals/${withdrawn}/consent-withdrawal`, { date: daysAgo(0) });
  // In follow-up with a MANSA baseline of 3.0 at mapping; the 12-month evaluation scores 4.5.
  const mansa = await existingInFollowUp('Mansa Måling', {
    mapping: { ...EVENT_BODIES['/referrals/:id/mapping'], mansaBaseline: 3.0 },
    evaluations: [{ milestone: 6, date: daysAgo(120), mansaScore: 3.5 }],
  });
  await ok('hf-team', `/referrals/${mansa}/evaluations`, {
    milestone: 12,
    date: daysAgo(0),
    mansaScore: 4.5,
  });
  // Transferred: where to is asked for, and only then.
  const transferred = await existingInFollowUp('Overført Person');
  const without = await post('hf-team', `/referrals/${transferred}/exit`, {
    reason: 'transferred',
    date: daysAgo(1),
  });
  expect(without.status).toBe(400);
  expect(without.body.errors).toEqual([
    { path: 'destination', message: 'say where the person was transferred to' },
  ]);
  const misplaced = await post('hf-team', `/referrals/${transferred}/exit`, {
    reason: 'moved-away',
    date: daysAgo(1),
    destination: 'prison',
    reasons: ENDING,
  });
  expect(misplaced.status).toBe(400);
  expect(misplaced.body.errors[0].path).toBe('destination');
  await ok('hf-team', `/referrals/${transferred}/exit`, {
    reason: 'transferred',
    date: daysAgo(1),
    destination: 'nursing-home',
    reasons: ENDING,
  });

  // The team lead sees where the person went; the unit leader sees the course without it.
  const lead = await stack.call('GET', `/referrals/${transferred}`, { token: await as('team-lead') });
  expect(lead.body.exit).toEqual({ reason: 'transferred', date: daysAgo(1), destination: 'nursing-home' });
  const unit = await stack.call('GET', `/referrals/${transferred}`, { token: await as('unit-leader') });
  expect(unit.body.exit).toEqual({ reason: 'transferred', date: daysAgo(1) });
  // The stages a case passed are on it, with when it entered and left each.
  const mapped = await stack.call('GET', `/referrals/${noPlace}`, { token: await as('unit-leader') });
  expect(mapped.body.stageStays.map((s: { stage: string }) => s.stage)).toEqual([
    'first-review',
    'mapping',
    'second-review',
  ]);

  // Without a period: the last 12 months up to today.
  const read = async () =>
    (await stack.call('GET', '/reports/outcomes?municipality=bergen', { token: await as('unit-leader') }))
      .body;
  const dayBefore = osloToday();
  const report = await eventually(
    read,
    (r) => r.exitsByReason?.transferred === 1 && r.notRelevant === 1 && r.noPlace === 1 && r.withdrawn === 1,
    20_000,
  );
  // "Today" as the API took it when it answered: the day before or after the answer, across midnight.
  expect([dayBefore, osloToday()]).toContain(report.to);
  const today: string = report.to;
  const yearAgo = new Date(`${today}T00:00:00Z`);
  yearAgo.setUTCFullYear(yearAgo.getUTCFullYear() - 1);
  yearAgo.setUTCDate(yearAgo.getUTCDate() + 1);
  expect(report).toMatchObject({
    municipality: 'bergen',
    to: today,
    from: yearAgo.toISOString().slice(0, 10),
    notRelevant: 1,
    noPlace: 1,
    withdrawn: 1,
    exitsByReason: { transferred: 1 },
    exitsByDestination: { 'nursing-home': 1 },
    mansa: { people: 1, medianChange: 1.5 },
  });
  // Each of these stages was left today, the same day it was entered.
  for (const stage of ['first-review', 'mapping', 'second-review'])
    expect(report.medianDaysInStage[stage]).toBeLessThan(1);
  expect(report.casesRead).toBeGreaterThanOrEqual(5);
  expect(Object.keys(report.definitions)).toEqual(
    expect.arrayContaining(['notRelevant', 'noPlace', 'withdrawn', 'medianDaysInStage', 'mansa']),
  );

  // With only `from`, the 12 months from it.
  const fromOnly = await stack.call('GET', '/reports/outcomes?municipality=bergen&from=2026-01-01', {
    token: await as('unit-leader'),
  });
  expect(fromOnly.status).toBe(200);
  expect(fromOnly.body).toMatchObject({ from: '2026-01-01', to: '2026-12-31' });
}, 120_000);
