/**
 * No case waits unseen (domain/pathway/waiting.ts, issue 14 item 4): a case on the waiting list
 * is reviewed on the profile's cadence, asks the coordinator, and a request the coordinator does
 * not know becomes an incident and is made again.
 */
import * as pathway from '../../domain/pathway';
import { STEPS } from '../../domain/steps';
import { after } from '../../domain/deadlines';
import { placeConfirmed } from '../../domain/pathway/waiting';
import { waitingReview } from '../../domain/steps/waiting-review';
import { caseInput } from '../support/fixtures';

const DAY = 86_400_000;
const start = new Date('2026-03-02T09:00:00Z');
const assessor = { id: 'a', role: 'assessment-team' as const };
const teamLead = { id: 'tl', role: 'team-lead' as const };

function waitingCase() {
  const state = pathway.startCase(
    caseInput({ referredAt: '2026-01-05', existing: { stage: 'second-review', stageSince: '2026-02-20' } }),
    start,
  );
  STEPS.review.apply(
    state,
    assessor,
    { round: 2, outcome: 'place-offered', meetingDate: '2026-03-02' },
    start,
  );
  state.outbox = [];
  expect(state.stage).toBe('waiting-for-place');
  return state;
}

const places = (state: ReturnType<typeof waitingCase>) =>
  state.outbox.filter((o) => o.system === 'places').map((o) => o.op);

test('the first review is due 30 days into the wait and opens one task for the team lead and one question to the coordinator', () => {
  const state = waitingCase();
  const due = pathway.nextWaitingReviewAt(state)!;
  expect(due).toEqual(after(state.policy, start, '30 days'));
  expect(pathway.reviewWaiting(state, new Date(due.getTime() - 1))).toBe(false);
  expect(pathway.reviewWaiting(state, due)).toBe(true);
  expect(state.tasks).toEqual([
    expect.objectContaining({ id: 'waiting-review-1', kind: 'waiting-review', assignee: 'team-lead' }),
  ]);
  expect(places(state)).toEqual(['confirm']);
  expect(pathway.reviewWaiting(state, due)).toBe(false);
  expect(pathway.nextWaitingReviewAt(state)).toEqual(after(state.policy, due, '30 days'));
});

test('a case that comes back after months gets one review for the latest round, not one per round missed', () => {
  const state = waitingCase();
  const late = new Date(start.getTime() + 100 * DAY);
  expect(pathway.reviewWaiting(state, late)).toBe(true);
  expect(state.tasks.map((t) => t.id)).toEqual(['waiting-review-3']);
  expect(places(state)).toEqual(['confirm']);
  expect(pathway.nextWaitingReviewAt(state)!.getTime()).toBeGreaterThan(late.getTime());
});

test('the profile sets the cadence; a case that is not waiting has none', () => {
  const state = waitingCase();
  state.policy = { ...state.policy, waitingReview: { every: '2 weeks', escalateAfter: '3 days' } };
  expect(pathway.nextWaitingReviewAt(state)).toEqual(after(state.policy, start, '2 weeks'));
  pathway.applyPlaceGranted(state, start);
  expect(pathway.nextWaitingReviewAt(state)).toBeUndefined();
});

test('the coordinator does not know the request: an incident, the administrator alerted, asked again and checked; known again resolves it', () => {
  const state = waitingCase();
  const due = pathway.nextWaitingReviewAt(state)!;
  pathway.reviewWaiting(state, due);
  state.outbox = [];
  placeConfirmed(state, { status: 'unknown' }, due);
  expect(state.incidents).toEqual([
    expect.objectContaining({ system: 'places', operation: 'confirmPlace', status: 'open', attempts: 1 }),
  ]);
  expect(pathway.attributesOf(state).hasIncident).toBe(true);
  expect(state.outbox.map((o) => `${o.system}:${o.op}`)).toEqual([
    'urgent:notify',
    'places:request',
    'places:confirm',
  ]);
  // Still unknown at the check: the same incident, tried again.
  state.outbox = [];
  placeConfirmed(state, { status: 'unknown' }, due);
  expect(state.incidents).toHaveLength(1);
  expect(state.incidents[0].attempts).toBe(2);
  placeConfirmed(state, { status: 'waiting', position: 4 }, due);
  expect(state.incidents[0]).toMatchObject({ status: 'resolved' });
  expect(state.place).toEqual({ status: 'waiting', position: 4 });
  expect(pathway.attributesOf(state).hasIncident).toBe(false);
});

test('the coordinator holds a place the case never heard of: the case moves on to the decision', () => {
  const state = waitingCase();
  pathway.reviewWaiting(state, pathway.nextWaitingReviewAt(state)!);
  placeConfirmed(state, { status: 'held' }, new Date(start.getTime() + 31 * DAY));
  expect(state.stage).toBe('decision');
  expect(state.tasks.map((t) => t.kind)).toEqual(['decision']);
});

test('the review step closes the task and fits only a waiting case', () => {
  const state = waitingCase();
  const due = pathway.nextWaitingReviewAt(state)!;
  pathway.reviewWaiting(state, due);
  expect(waitingReview.check(state, { date: '2026-04-01' }, due)).toBeUndefined();
  waitingReview.apply(state, teamLead, { date: '2026-04-01' }, due);
  expect(state.tasks).toEqual([]);
  expect(waitingReview.check(state, { date: '2026-04-01', note: 'x'.repeat(5000) }, due)).toMatchObject({
    type: 'InvalidEvent',
    details: { path: 'note' },
  });
  pathway.applyPlaceGranted(state, due);
  expect(waitingReview.check(state, { date: '2026-04-01' }, due)).toMatchObject({ type: 'WrongStage' });
});
