/**
 * The individual decision (vedtak): the team lead grants services with their hours a week, once a
 * place is held. It is archived, registered in the care system, sent to the person as a letter,
 * and the specialist health service hears of it when the consent lets it; the review of the
 * decision is due by its date. The first decision starts procurement; a later one revises it.
 */
import { anchorOf } from '../deadlines';
import { LIMITS as L } from '../limits';
import type { DecisionEvent } from '../types';
import { badDate, CURRENT_RULES, first, invalid, isObject, nonEmpty, wrongStage } from '../pathway/checks';
import { decisionKey, queueLetter, startProcurement, tellSpecialistHealth } from '../pathway/common';
import { enqueue } from '../pathway/outbox';
import { closeTask, record, setStage } from '../pathway/state';
import { openDecisionReviewTask, openLadderTask } from '../pathway/tasks';
import { decisionJournal } from '../pathway/texts';
import type { Step } from './step';

export const decision: Step<'decision', DecisionEvent> = {
  name: 'decision',
  route: {
    path: '/referrals/:id/decision',
    operationId: 'makeDecision',
    summary: 'Make the individual decision (vedtak): services and hours per week; archived and sent',
    description:
      '`reasons` (required): the facts and the main considerations for this person, as the letter states ' +
      'them (forvaltningsloven §§ 24–25); for a revised decision, what changed and why. `services[].kind` is ' +
      'one of the municipality’s service kinds (its id, name or a listed alias). The signer is the caller.',
  },
  roles: ['team-lead'],
  stages: ['decision', 'housing', 'move-in', 'follow-up'],
  refusal: 'a decision (vedtak), which needs a held place,',
  limits: ['serviceKind', 'hoursPerWeek'],
  tasks: { opens: ['decision-review', 'housing', 'ask-specialist-health-consent'], closes: ['decision'] },

  check: (state, e, now, rules = CURRENT_RULES) => {
    if (!decision.stages.includes(state.stage)) return wrongStage(state, decision.refusal);
    if (!Array.isArray(e.services) || e.services.length === 0) {
      return invalid('services', 'expected at least one service with its hours per week');
    }
    for (const [i, s] of e.services.entries()) {
      if (!isObject(s) || !nonEmpty(s.kind, L.serviceKind))
        return invalid(`services.${i}.kind`, 'expected the service');
      if (typeof s.hoursPerWeek !== 'number' || !(s.hoursPerWeek > 0 && s.hoursPerWeek <= L.hoursPerWeek)) {
        return invalid(
          `services.${i}.hoursPerWeek`,
          `expected hours per week between 0 and ${L.hoursPerWeek}`,
        );
      }
    }
    return first(
      badDate(state, 'date', e.date, now),
      e.reviewBy === undefined ? undefined : badDate(state, 'reviewBy', e.reviewBy, now, false),
      rules.datesInOrder && e.reviewBy !== undefined && !(e.reviewBy > e.date)
        ? invalid('reviewBy', 'must come after the decision date')
        : undefined,
    );
  },

  apply(state, actor, e, now) {
    const no = ++state.seq.decision;
    state.decisions.push({ ...e, no });
    const hours = e.services.reduce((sum, s) => sum + s.hoursPerWeek, 0);
    record(
      state,
      now,
      no === 1 ? 'decision' : 'decision-revised',
      actor,
      `vedtak ${no}: ${e.services.length} service(s), ${hours} hours per week`,
      e.date,
    );
    const text = decisionJournal(e, no);
    const key = decisionKey(no);
    enqueue(
      state,
      {
        system: 'archive',
        op: 'journal',
        purpose: key,
        kind: 'decision',
        date: e.date,
        decisionNo: no,
        ...text,
      },
      now,
    );
    enqueue(state, { system: 'care', op: 'register-decision', decisionNo: no }, now);
    queueLetter(state, 'decision', e.date, now, no);
    tellSpecialistHealth(state, 'decision', e.date, key, now, no === 1);
    openDecisionReviewTask(state, no, e.date, e.reviewBy, now);
    if (state.stage === 'decision') {
      closeTask(state, 'decision');
      setStage(state, 'housing', now);
      startProcurement(state, anchorOf(e.date, now, state.policy), now);
    }
  },

  // A person registered with a decision, while a home is searched for.
  enter: {
    stage: 'housing',
    apply(state, _e, since, now) {
      state.housing.status = 'searching';
      openLadderTask(state, 'housing', `housing-${++state.seq.housingRound}`, since.at, now);
    },
  },
};
