/**
 * The move-in (innflytting): the HF team records the day the person moved in. The first move-in
 * starts follow-up (plans due, the stale-contact clock, the evaluation milestones); a move-in
 * after a lost home closes procurement and follow-up simply goes on.
 */
import { isValidDate } from '../deadlines';
import type { MoveInEvent } from '../types';
import { badDate, wrongStage } from '../pathway/checks';
import { completeFollowUpStart, dateOr } from '../pathway/common';
import { closeTasks, iso, record } from '../pathway/state';
import type { Step } from './step';

export const moveIn: Step<'moveIn', MoveInEvent> = {
  name: 'moveIn',
  route: {
    path: '/referrals/:id/move-in',
    operationId: 'recordMoveIn',
    summary: 'Record the move-in: starts follow-up and the milestone clock',
  },
  roles: ['hf-team'],
  // In follow-up only when a new lease was signed after the home was lost.
  stages: ['move-in', 'follow-up'],
  refusal: 'a move-in (it follows a signed lease)',
  limits: [],
  tasks: { opens: ['plans', 'contact', 'evaluation'], closes: ['move-in'] },

  check: (state, e, now) => {
    const fits =
      state.stage === 'move-in' || (state.stage === 'follow-up' && state.housing.status === 'lease-signed');
    if (!fits) return wrongStage(state, moveIn.refusal);
    return badDate(state, 'date', e.date, now);
  },

  apply(state, actor, e, now) {
    closeTasks(state, (t) => t.kind === 'move-in');
    if (state.stage === 'move-in') {
      record(state, now, 'move-in', actor, 'moved in; follow-up starts', e.date);
      completeFollowUpStart(state, e.date, now, {});
    } else {
      state.housing.status = 'housed';
      state.housing.movedInAgainAt.push(e.date);
      record(state, now, 'move-in', actor, 'moved into a new home; follow-up goes on', e.date);
    }
  },

  // A person registered in follow-up, with the dates of what was done since the move-in.
  enter: {
    stage: 'follow-up',
    apply(state, e, since, now) {
      state.seq.housingRound = 1;
      if (e.lease) state.housing.lease = { ...e.lease };
      const movedIn = dateOr(e.movedInAt, since.date);
      completeFollowUpStart(state, movedIn, now, {
        lastContactAt: e.lastContactAt && isValidDate(e.lastContactAt) ? e.lastContactAt : undefined,
        plans: e.plans,
        evaluations: e.evaluations,
      });
      // completeFollowUpStart moved the stage clock to now; the person has been here since then.
      state.stageSince = iso(since.at);
    },
  },
};
