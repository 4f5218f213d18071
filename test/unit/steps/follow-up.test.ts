/**
 * The steps of follow-up (domain/steps/plans.ts, contact.ts, evaluation.ts, housing-lost.ts).
 */
import { contact } from '../../../domain/steps/contact';
import { evaluation } from '../../../domain/steps/evaluation';
import { housingLost } from '../../../domain/steps/housing-lost';
import { plans } from '../../../domain/steps/plans';
import { day, inFollowUp, now, openKinds, team } from './cases';

it('the plans task closes only when the follow-up plan, the safety plan and the individual-plan offer are all in', () => {
  const state = inFollowUp();
  expect(openKinds(state)).toContain('plans');
  plans.apply(state, team, { followUpPlan: day(-1), safetyPlan: day(-1) }, now);
  expect(openKinds(state)).toContain('plans');
  plans.apply(state, team, { individualPlanOffered: day(0) }, now);
  expect(openKinds(state)).not.toContain('plans');
});

it('a contact resets the stale-contact clock: the contact task is due again from the contact’s date', () => {
  const state = inFollowUp();
  const before = state.tasks.find((t) => t.kind === 'contact')!;
  contact.apply(state, team, { date: day(0), kind: 'home-visit', minutes: 45 }, now);
  const after = state.tasks.filter((t) => t.kind === 'contact');
  expect(after).toHaveLength(1);
  expect(after[0].id).not.toBe(before.id);
  expect(after[0].dueAt > before.dueAt).toBe(true);
  expect(state.followUp!.lastContactAt).toBe(day(0));
});

it('an evaluation closes its milestone’s task; the same milestone twice is refused', () => {
  const state = inFollowUp();
  const milestone = state.policy.evaluationMonths[0];
  const event = { milestone, date: day(0), mansaScore: 4.2 };
  expect(evaluation.check(state, event, now)).toBeUndefined();
  evaluation.apply(state, team, event, now);
  expect(state.tasks.some((t) => t.id === `evaluation-${milestone}`)).toBe(false);
  expect(evaluation.check(state, event, now)).toMatchObject({
    type: 'InvalidEvent',
    details: { path: 'milestone' },
  });
});

it('a lost home keeps the person in follow-up and starts the search again; a second loss needs a home first', () => {
  const state = inFollowUp();
  housingLost.apply(state, team, { date: day(0), reason: 'Flyttet ut etter konflikt.' }, now);
  expect(state.stage).toBe('follow-up');
  expect(state.housing.status).toBe('lost');
  expect(openKinds(state)).toEqual(expect.arrayContaining(['housing', 'contact']));
  expect(housingLost.check(state, { date: day(0), reason: 'igjen' }, now)).toMatchObject({
    type: 'WrongStage',
  });
});
