/**
 * The assessment team's reviews (domain/steps/review.ts), as the team and the caseworker meet them.
 */
import { review } from '../../../domain/steps/review';
import { day, meeting, now, openKinds, registered, sent } from './cases';

it('a first review that finds Housing First relevant moves the case to mapping, with the mapping task due', () => {
  const state = registered();
  review.apply(state, meeting, { round: 1, outcome: 'relevant', meetingDate: day(-1) }, now);
  expect(state.stage).toBe('mapping');
  expect(openKinds(state)).toEqual(['mapping']);
  expect(
    state.outbox.some((i) => i.system === 'archive' && i.op === 'journal' && i.purpose === 'review-1'),
  ).toBe(true);
});

it('"not relevant" is information, not a decision: a letter saying so, and the caseworker is asked to tell the person', () => {
  const state = registered();
  review.apply(state, meeting, { round: 1, outcome: 'not-relevant', meetingDate: day(-1) }, now);
  expect(state.stage).toBe('not-relevant');
  expect(state.letters.map((l) => l.purpose)).toEqual(['not-relevant']);
  expect(state.decisions).toEqual([]);
  expect(openKinds(state)).toEqual(['inform-person']);
});

it('a second review that offers a place asks the places coordinator, and the case waits for its answer', () => {
  const state = registered({ stage: 'second-review', stageSince: day(-5) });
  review.apply(state, meeting, { round: 2, outcome: 'place-offered', meetingDate: day(-1) }, now);
  expect(state.stage).toBe('waiting-for-place');
  expect(state.place).toEqual({ status: 'waiting' });
  expect(sent(state)).toContain('places:request');
  expect(openKinds(state)).not.toContain('second-review');
});

it('a round decides only its own outcomes, and the wrong round is refused naming the round it expects', () => {
  const state = registered();
  expect(
    review.check(state, { round: 1, outcome: 'place-offered', meetingDate: day(-1) }, now),
  ).toMatchObject({
    type: 'InvalidEvent',
    details: { path: 'outcome' },
  });
  const refusal = review.check(state, { round: 2, outcome: 'no-place', meetingDate: day(-1) }, now);
  expect(refusal).toMatchObject({ type: 'WrongStage', details: { stage: 'first-review' } });
  expect(refusal!.message).toContain('a second review does not fit');
});
