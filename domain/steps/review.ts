/**
 * The assessment team's reviews (vurderingsmøte), round 1 and round 2. Round 1 decides whether
 * Housing First is relevant (mapping follows) or not; round 2 whether a place is offered (the
 * places coordinator is asked) or there is none. "Not relevant" and "no place" are information,
 * never a decision (vedtak): a letter that says so, and the caseworker tells the person.
 */
import { anchorOf } from '../deadlines';
import { LIMITS as L } from '../limits';
import type { ReviewEvent } from '../types';
import { badDate, first, invalid, optionalText, wrongStage } from '../pathway/checks';
import { queueLetter } from '../pathway/common';
import { enqueue } from '../pathway/outbox';
import { closeTask, record, setStage } from '../pathway/state';
import { openLadderTask } from '../pathway/tasks';
import { reviewJournal } from '../pathway/texts';
import type { Step } from './step';

/** What each round's refusal names. */
export const REVIEW_REFUSALS = { 1: 'a first review', 2: 'a second review' } as const;

export const review: Step<'review', ReviewEvent> = {
  name: 'review',
  route: {
    path: '/referrals/:id/reviews',
    operationId: 'recordReview',
    summary: 'Record an assessment-team review (round 1 or 2)',
    description:
      'Round 1: `relevant` moves the case to mapping, `not-relevant` asks the caseworker to inform the person. ' +
      'Round 2: `place-offered` or `no-place`. Round 1 never creates a rejection decision (vedtak om avslag); ' +
      'round 2 `no-place` comes after the mapping confirmed the need, so it is a decision (avslag på plass) with ' +
      '`reasons` (required then, at least 40 characters) and appeal rights, sent to the person. After ' +
      '`place-offered` the answer waits (a few seconds at most) for the places coordinator: stage `decision` when ' +
      'a place was free, else `waiting-for-place` with `place.position` on the waiting list.',
  },
  roles: ['assessment-team'],
  stages: ['first-review', 'second-review'],
  refusal: `${REVIEW_REFUSALS[1]} or ${REVIEW_REFUSALS[2]}`,
  limits: ['longText'],
  tasks: { opens: ['mapping', 'inform-person'], closes: ['first-review', 'second-review'] },

  check: (state, e, now) => {
    if (e.round !== 1 && e.round !== 2) return invalid('round', 'expected 1 or 2');
    if (e.round === 1 && state.stage !== 'first-review') return wrongStage(state, REVIEW_REFUSALS[1]);
    if (e.round === 2 && state.stage !== 'second-review') return wrongStage(state, REVIEW_REFUSALS[2]);
    const outcomes = e.round === 1 ? ['relevant', 'not-relevant'] : ['place-offered', 'no-place'];
    if (!outcomes.includes(e.outcome)) {
      return invalid('outcome', `round ${e.round} decides ${outcomes.join(' or ')}`);
    }
    return first(
      badDate(state, 'meetingDate', e.meetingDate, now),
      optionalText('notes', e.notes, L.longText),
    );
  },

  apply(state, actor, e, now) {
    const anchor = anchorOf(e.meetingDate, now, state.policy);
    record(state, now, `review-${e.round}`, actor, `outcome: ${e.outcome}`, e.meetingDate);
    const text = reviewJournal(e);
    enqueue(
      state,
      {
        system: 'archive',
        op: 'journal',
        purpose: `review-${e.round}`,
        kind: `review-${e.round}`,
        date: e.meetingDate,
        ...text,
      },
      now,
    );
    closeTask(state, e.round === 1 ? 'first-review' : 'second-review');
    switch (e.outcome) {
      case 'relevant':
        setStage(state, 'mapping', now);
        openLadderTask(state, 'mapping', 'mapping', anchor, now);
        break;
      case 'place-offered':
        setStage(state, 'waiting-for-place', now);
        state.place = { status: 'waiting' };
        enqueue(state, { system: 'places', op: 'request', existing: false }, now);
        break;
      case 'not-relevant':
      case 'no-place':
        // Information, not a decision (vedtak): a letter that says so, and the caseworker tells them.
        setStage(state, e.outcome, now);
        queueLetter(state, e.outcome, e.meetingDate, now);
        openLadderTask(state, 'inform-person', 'inform-person', anchor, now);
        break;
    }
  },

  // A person registered after the first review found Housing First relevant: mapping is due.
  enter: {
    stage: 'mapping',
    apply(state, _e, since, now) {
      openLadderTask(state, 'mapping', 'mapping', since.at, now);
    },
  },
};
