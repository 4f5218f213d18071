/**
 * The record the team keeps is kept (issue 13 item 5): contact notes and evaluation feedback stay on
 * the case for those who may read personal fields; MANSA's twelve answers at baseline and at each
 * evaluation, with their mean as the score the report compares.
 */
import { daysAgoFrom, refer } from '../support/api-bodies';
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

const ANSWERS = [4, 3, 2, 5, 4, 6, 5, 4, 3, 5, 4, 3]; // mean 4
const LATER = [5, 4, 3, 5, 5, 6, 6, 5, 4, 5, 5, 4]; // mean 4.75

test('contact notes, evaluation feedback and the MANSA answers are kept, shown only to those who may see the person', async () => {
  const lead = await stack.token('team-lead', { municipality: 'bergen' });
  const team = await stack.token('hf-team', { municipality: 'bergen' });
  const unit = await stack.token('unit-leader', { municipality: 'bergen' });
  const post = (token: string, route: string, body: unknown) => stack.call('POST', route, { token, body });

  // Mapping with the twelve answers: the baseline is their mean (Bergen requires MANSA at mapping).
  const id = await refer(stack, 'bergenhus');
  const assess = await stack.token('assessment-team', { municipality: 'bergen' });
  await post(assess, `/referrals/${id}/reviews`, { round: 1, outcome: 'relevant', meetingDate: daysAgo(0) });
  const eleven = await post(team, `/referrals/${id}/mapping`, {
    followUpWorker: 'Ola Oppfølger',
    housingWishes: { areas: ['Årstad'], needs: [] },
    forms: { mapping: daysAgo(0) },
    mansaItems: ANSWERS.slice(1),
  });
  expect(eleven.status).toBe(400);
  expect(eleven.body.errors[0]).toEqual({
    path: 'mansaItems',
    message: 'expected the 12 MANSA answers, in order',
  });
  const mapped = await post(team, `/referrals/${id}/mapping`, {
    followUpWorker: 'Ola Oppfølger',
    housingWishes: { areas: ['Årstad'], needs: [] },
    forms: { mapping: daysAgo(0) },
    mansaItems: ANSWERS,
  });
  expect(mapped.status).toBe(200);
  expect(mapped.body).toMatchObject({ mansaBaseline: 4, mansaBaselineItems: ANSWERS });

  // A person in follow-up: notes from contacts and an evaluation's feedback are kept.
  const res = await stack.call('POST', '/existing-cases', {
    token: lead,
    body: {
      person: { name: 'Notat Person', pseudonym: 'NP' },
      office: 'arstad',
      criteria: { homeless: true, substanceUse: true, mentalHealth: true, additional: [] },
      consent: { given: true, date: daysAgo(400), scope: ['assessment-team', 'hf-team'] },
      referredAt: daysAgo(390),
      existing: {
        stage: 'follow-up',
        stageSince: daysAgo(200),
        decision: { services: [{ kind: 'oppfølging', hoursPerWeek: 4 }], date: daysAgo(250) },
        movedInAt: daysAgo(200),
        lastContactAt: daysAgo(5),
      },
    },
  });
  const followed = res.body.id as string;
  await post(team, `/referrals/${followed}/contacts`, {
    date: daysAgo(1),
    kind: 'home-visit',
    minutes: 45,
    note: 'Snakket om å søke jobb på lageret. Leiligheten er ryddig.',
  });
  const disagree = await post(team, `/referrals/${followed}/evaluations`, {
    milestone: 6,
    date: daysAgo(0),
    mansaItems: LATER,
    mansaScore: 3,
  });
  expect(disagree.status).toBe(400);
  expect(disagree.body.errors[0].path).toBe('mansaScore');
  const evaluated = await post(team, `/referrals/${followed}/evaluations`, {
    milestone: 6,
    date: daysAgo(0),
    mansaItems: LATER,
    feedback: 'Trives i boligen, ønsker mer hjelp med økonomi.',
  });
  expect(evaluated.status).toBe(200);

  const full = (await stack.call('GET', `/referrals/${followed}`, { token: lead })).body;
  expect(full.teamNotes).toEqual([
    {
      date: daysAgo(1),
      kind: 'contact',
      text: 'Snakket om å søke jobb på lageret. Leiligheten er ryddig.',
      by: expect.any(String),
    },
    {
      date: daysAgo(0),
      kind: 'evaluation',
      text: 'Trives i boligen, ønsker mer hjelp med økonomi.',
      by: expect.any(String),
    },
  ]);
  expect(full.followUp.evaluations).toEqual([
    { milestone: 6, date: daysAgo(0), mansaScore: 4.75, mansaItems: LATER },
  ]);
  // The unit leader sees the course: no notes, no scores.
  const course = await stack.call('GET', `/referrals/${followed}`, { token: unit });
  expect(course.body.teamNotes).toBeUndefined();
  expect(course.body.followUp.evaluations).toEqual([{ milestone: 6, date: daysAgo(0) }]);
  expect(JSON.stringify(course.body)).not.toContain('lageret');
  // Nothing of the notes in clear in Temporal.
  const history = JSON.stringify(await stack.env.client.workflow.getHandle(followed).fetchHistory());
  expect(history).not.toContain('lageret');
});
