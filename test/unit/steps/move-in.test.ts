/**
 * The move-in step (domain/steps/move-in.ts): the first move-in starts follow-up with its plans,
 * contact clock and evaluation milestones; a move-in needs a signed lease; a person registered in
 * follow-up keeps the dates of what was already done.
 */
import * as pathway from '../../../domain/pathway';
import { lease } from '../../../domain/steps/lease';
import { moveIn } from '../../../domain/steps/move-in';
import { caseInput } from '../../support/fixtures';

const DAY = 86_400_000;
const now = new Date();
const day = (offset: number) => new Date(now.getTime() + offset * DAY).toISOString().slice(0, 10);
const team = { id: 'hf', role: 'hf-team' as const };

it('the first move-in starts follow-up: plans, contact and each evaluation become tasks', () => {
  const state = pathway.startCase(
    caseInput({ referredAt: day(-30), existing: { stage: 'housing', stageSince: day(-10) } }),
    now,
  );
  lease.apply(state, team, { unitId: 'stv-001', signedDate: day(-3), moveInDate: day(-1) }, now);
  expect(moveIn.check(state, { date: day(-1) }, now)).toBeUndefined();
  moveIn.apply(state, team, { date: day(-1) }, now);
  expect(state.stage).toBe('follow-up');
  expect(state.followUp?.startedAt).toBe(day(-1));
  const open = new Set(state.tasks.map((t) => t.kind));
  expect([...moveIn.tasks.opens].filter((k) => !open.has(k))).toEqual([]);
  expect(moveIn.tasks.closes.filter((k) => open.has(k))).toEqual([]);
  expect(state.tasks.filter((t) => t.kind === 'evaluation')).toHaveLength(
    state.policy.evaluationMonths.length,
  );
});

it('a move-in without a signed lease is refused, naming what the case expects', () => {
  const state = pathway.startCase(
    caseInput({ referredAt: day(-30), existing: { stage: 'housing', stageSince: day(-10) } }),
    now,
  );
  const refusal = moveIn.check(state, { date: day(-1) }, now);
  expect(refusal).toMatchObject({ type: 'WrongStage', details: { stage: 'housing' } });
  expect(refusal!.message).toContain(moveIn.refusal);
});

it('a move-in date in the future is refused, naming the field', () => {
  const state = pathway.startCase(
    caseInput({
      referredAt: day(-30),
      existing: {
        stage: 'move-in',
        stageSince: day(-2),
        lease: { unitId: 'u', signedDate: day(-2), moveInDate: day(1) },
      },
    }),
    now,
  );
  expect(moveIn.check(state, { date: day(2) }, now)).toMatchObject({
    type: 'InvalidEvent',
    details: { path: 'date' },
  });
});

it('a person registered in follow-up keeps the move-in date and the evaluations already done', () => {
  const state = pathway.startCase(
    caseInput({
      referredAt: day(-400),
      existing: {
        stage: 'follow-up',
        stageSince: day(-300),
        movedInAt: day(-300),
        evaluations: [{ milestone: 6, date: day(-120) }],
      },
    }),
    now,
  );
  expect(moveIn.enter?.stage).toBe('follow-up');
  expect(state.stage).toBe('follow-up');
  expect(state.followUp?.startedAt).toBe(day(-300));
  expect(state.tasks.some((t) => t.kind === 'evaluation' && t.id.endsWith('-6'))).toBe(false);
});
