/**
 * The review of a wait for a place (gjennomgang av ventende sak): on the profile's cadence a case
 * on the waiting list opens a review task for the team lead (domain/pathway/waiting.ts), who
 * checks that the person still wants and needs the place and records it here. The task closes;
 * the next one opens a cadence after the review that opened this one. A person who no longer
 * wants the place leaves through the exit or a withdrawal of consent, as from any stage.
 */
import type { WaitingReviewEvent } from '../types';
import { badDate, first, optionalText, wrongStage } from '../pathway/checks';
import { closeTasks, record } from '../pathway/state';
import { LIMITS as L } from '../limits';
import type { Step } from './step';

export const waitingReview: Step<'waitingReview', WaitingReviewEvent> = {
  name: 'waitingReview',
  route: {
    path: '/referrals/:id/waiting-review',
    operationId: 'recordWaitingReview',
    summary: 'Record the review of a case waiting for a place (closes the review task)',
  },
  roles: ['team-lead', 'hf-team'],
  stages: ['waiting-for-place'],
  refusal: 'a review of the wait for a place',
  limits: ['longText'],
  tasks: { opens: [], closes: ['waiting-review'] },

  check: (state, e, now) => {
    if (state.stage !== 'waiting-for-place') return wrongStage(state, waitingReview.refusal);
    return first(badDate(state, 'date', e.date, now), optionalText('note', e.note, L.longText));
  },

  apply(state, actor, e, now) {
    closeTasks(state, (t) => t.kind === 'waiting-review');
    record(state, now, 'waiting-reviewed', actor, 'the wait for a place was reviewed', e.date);
  },
};
