/**
 * The team lead's own review of an appealed decision (forvaltningsloven § 33 andre ledd): the
 * appeal is granted (a revised decision follows through the decisions route), partly granted,
 * dismissed (a late appeal without good reason, fvl. § 31), or the decision stands. What is not
 * granted is sent on to Statsforvalteren (pbrl. § 7-2, fvl. § 33 fjerde ledd), and the team lead
 * is asked to record its outcome when it comes.
 */
import { APPEAL_REVIEW_OUTCOMES, appealPolicy, sentOn, type AppealReviewEvent } from '../appeals';
import { LIMITS as L } from '../limits';
import { badDate, first, invalid, nonEmpty, unknown, wrongStage } from '../pathway/checks';
import { findAppeal, openAppealTask } from '../pathway/appeals';
import { closeTask, record } from '../pathway/state';
import { openDecisionReviewTask } from '../pathway/tasks';
import type { Step } from './step';

export const appealReview: Step<'appealReview', AppealReviewEvent> = {
  name: 'appealReview',
  route: {
    path: '/referrals/:id/appeal-review',
    operationId: 'recordAppealReview',
    summary:
      'Record the team lead’s own review of an appeal (fvl. § 33): granted, partly, dismissed or upheld',
    description:
      '`upheld` and `partly-granted` send the appeal on to Statsforvalteren; `granted` asks for a revised decision ' +
      '(the decision review task is due at once); `dismissed` closes a late appeal (fvl. § 31).',
  },
  roles: ['team-lead'],
  stages: ['housing', 'move-in', 'follow-up'],
  refusal: 'the review of an appeal',
  limits: ['longText'],
  tasks: { opens: ['appeal-outcome', 'decision-review'], closes: ['appeal-review'] },

  check: (state, e, now) => {
    if (!appealReview.stages.includes(state.stage)) return wrongStage(state, appealReview.refusal);
    const a = findAppeal(state, e.appealId);
    if (!a) return unknown('appealId', String(e.appealId));
    if (a.status !== 'team-lead-review') return invalid('appealId', `${a.appealId} was already reviewed`);
    if (!(APPEAL_REVIEW_OUTCOMES as readonly string[]).includes(e.outcome))
      return invalid('outcome', `expected one of ${APPEAL_REVIEW_OUTCOMES.join(', ')}`);
    if (e.outcome === 'dismissed' && !a.late)
      return invalid('outcome', 'only a late appeal can be dismissed');
    return first(
      badDate(state, 'date', e.date, now),
      typeof e.date === 'string' && e.date < a.receivedDate
        ? invalid('date', `cannot come before the appeal was received (${a.receivedDate})`)
        : undefined,
      nonEmpty(e.reasons, L.longText) ? undefined : invalid('reasons', 'expected the reasons for the review'),
    );
  },

  apply(state, actor, e, now) {
    const a = findAppeal(state, e.appealId)!;
    a.review = { outcome: e.outcome, date: e.date, reasons: e.reasons };
    closeTask(state, `appeal-review:${a.appealId}`);
    if (sentOn(e.outcome)) {
      a.status = 'at-statsforvalteren';
      a.sentOn = e.date;
      openAppealTask(state, 'appeal-outcome', a, appealPolicy(state.policy).statsforvalteren, e.date, now);
      record(
        state,
        now,
        'appeal-sent-on',
        actor,
        `${a.appealId}: ${e.outcome}; sent on to Statsforvalteren`,
        e.date,
      );
      return;
    }
    a.status = 'closed';
    record(state, now, 'appeal-reviewed', actor, `${a.appealId}: ${e.outcome} by the team lead`, e.date);
    if (e.outcome === 'granted') {
      // The decision is to be made anew: the review of the decision is due now.
      openDecisionReviewTask(state, a.decisionNo, e.date, e.date, now);
    }
  },
};
