/**
 * Statsforvalteren's outcome of an appeal sent on (pbrl. § 7-2, fvl. § 34): the decision stands,
 * is changed, or is quashed and sent back for a new decision. A changed or quashed decision makes
 * the review of the decision due at once, so the team lead makes the new one.
 */
import { STATSFORVALTEREN_OUTCOMES, type AppealOutcomeEvent } from '../appeals';
import { LIMITS as L } from '../limits';
import { badDate, first, invalid, optionalText, unknown, wrongStage } from '../pathway/checks';
import { findAppeal } from '../pathway/appeals';
import { closeTask, record } from '../pathway/state';
import { openDecisionReviewTask } from '../pathway/tasks';
import type { Step } from './step';

export const appealOutcome: Step<'appealOutcome', AppealOutcomeEvent> = {
  name: 'appealOutcome',
  route: {
    path: '/referrals/:id/appeal-outcome',
    operationId: 'recordAppealOutcome',
    summary: 'Record Statsforvalteren’s outcome of an appeal: upheld, changed or quashed',
  },
  roles: ['team-lead'],
  stages: ['housing', 'move-in', 'follow-up'],
  refusal: 'Statsforvalteren’s outcome of an appeal',
  limits: ['longText'],
  tasks: { opens: ['decision-review'], closes: ['appeal-outcome'] },

  check: (state, e, now) => {
    if (!appealOutcome.stages.includes(state.stage)) return wrongStage(state, appealOutcome.refusal);
    const a = findAppeal(state, e.appealId);
    if (!a) return unknown('appealId', String(e.appealId));
    if (a.status !== 'at-statsforvalteren')
      return invalid('appealId', `${a.appealId} is not with Statsforvalteren`);
    if (!(STATSFORVALTEREN_OUTCOMES as readonly string[]).includes(e.outcome))
      return invalid('outcome', `expected one of ${STATSFORVALTEREN_OUTCOMES.join(', ')}`);
    return first(
      badDate(state, 'date', e.date, now),
      typeof e.date === 'string' && a.sentOn && e.date < a.sentOn
        ? invalid('date', `cannot come before the appeal was sent on (${a.sentOn})`)
        : undefined,
      optionalText('note', e.note, L.longText),
    );
  },

  apply(state, actor, e, now) {
    const a = findAppeal(state, e.appealId)!;
    a.status = 'closed';
    a.outcome = { outcome: e.outcome, date: e.date, ...(e.note ? { note: e.note } : {}) };
    closeTask(state, `appeal-outcome:${a.appealId}`);
    record(state, now, 'appeal-outcome', actor, `${a.appealId}: Statsforvalteren ${e.outcome}`, e.date);
    if (e.outcome !== 'upheld') openDecisionReviewTask(state, a.decisionNo, e.date, e.date, now);
  },
};
