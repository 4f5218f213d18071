/**
 * A policy whose escalation comes before its reminder cannot loop a case: the profile is refused
 * when it loads, naming the ladder, and the scheduler (rules version 2) never wakes for an
 * escalation whose reminder has not gone out.
 */
import { municipalityProfileSchema, policySnapshotSchema } from '../../domain/schemas/policy';
import { fireDueSteps, nextWakeAt } from '../../domain/pathway';
import { startCase } from '../../domain/pathway';
import { caseInput, municipalities } from '../support/fixtures';

const profile = municipalities.require('stavanger');
const backwards = {
  ...profile.policy,
  ladders: { ...profile.policy.ladders, firstReview: { remindAfter: '14 days', escalateAfter: '7 days' } },
};

test('a profile whose escalation comes before its reminder is refused when it loads, naming the ladder', () => {
  const result = municipalityProfileSchema.safeParse({ ...profile, policy: backwards });
  expect(result.success).toBe(false);
  expect(result.error!.issues).toEqual([
    expect.objectContaining({
      path: ['policy', 'ladders', 'firstReview', 'escalateAfter'],
      message: 'escalateAfter (7 days) must not come before remindAfter (14 days)',
    }),
  ]);
  expect(policySnapshotSchema.safeParse(profile.policy).success).toBe(true);
});

test('durations of different units are compared by their ordinary length: a working day is 7/5 of a day', () => {
  const ladder = (remindAfter: string, escalateAfter: string) =>
    policySnapshotSchema.safeParse({
      ...profile.policy,
      ladders: { ...profile.policy.ladders, mapping: { remindAfter, escalateAfter } },
    }).success;
  expect(ladder('5 working-days', '7 days')).toBe(true);
  expect(ladder('10 working-days', '13 days')).toBe(false);
  expect(ladder('2 weeks', '1 months')).toBe(true);
  expect(ladder('1 years', '11 months')).toBe(false);
});

test('a running case that kept such a policy wakes for the reminder, not every millisecond before it', () => {
  const start = new Date('2026-03-02T09:00:00Z');
  const state = startCase(caseInput({ policy: backwards, referredAt: '2026-03-02' }), start);
  const task = state.tasks.find((t) => t.kind === 'first-review')!;
  const day8 = new Date('2026-03-10T09:00:00Z');
  expect(fireDueSteps(state, day8)).toBe(0);
  // Version 1 (recorded histories) woke at the escalation instant, already past on day 8.
  expect(nextWakeAt(state, day8, 1)!.getTime()).toBeLessThanOrEqual(day8.getTime());
  // Version 2 waits for the reminder.
  expect(nextWakeAt(state, day8, 2)!.toISOString()).toBe(task.remindAt);
});
