/**
 * The action plan for an eviction risk (tiltaksplan): what will be done, registered against the
 * risk; its escalation ladder stops and the plan is archived.
 */
import { LIMITS as L } from '../limits';
import type { ActionPlanEvent } from '../types';
import { badDate, invalid, nonEmpty, unknown, wrongStage } from '../pathway/checks';
import { enqueue } from '../pathway/outbox';
import { closeTask, record } from '../pathway/state';
import { actionPlanJournal } from '../pathway/texts';
import type { Step } from './step';

export const actionPlan: Step<'actionPlan', ActionPlanEvent> = {
  name: 'actionPlan',
  route: {
    path: '/referrals/:id/eviction-risks/:riskId/action-plan',
    operationId: 'registerActionPlan',
    summary: 'Register the action plan for an eviction risk: stops that ladder',
    params: { riskId: 'The risk’s ID (from POST /referrals/{id}/eviction-risks)' },
  },
  roles: ['hf-team', 'team-lead'],
  stages: ['follow-up'],
  refusal: 'an action plan',
  limits: ['longText'],
  tasks: { opens: [], closes: ['action-plan'] },

  check: (state, e, now) => {
    if (state.stage !== 'follow-up') return wrongStage(state, actionPlan.refusal);
    const risk = state.evictionRisks.find((r) => r.riskId === e.riskId);
    if (!risk) return unknown('riskId', String(e.riskId));
    if (risk.actionPlan)
      return invalid('riskId', `${e.riskId} already has an action plan (${risk.actionPlan.date})`);
    if (!nonEmpty(e.summary, L.longText)) return invalid('summary', 'expected what will be done');
    return badDate(state, 'date', e.date, now);
  },

  apply(state, actor, e, now) {
    const risk = state.evictionRisks.find((r) => r.riskId === e.riskId)!;
    risk.actionPlan = { date: e.date, summary: e.summary };
    closeTask(state, `eviction:${e.riskId}`);
    record(state, now, 'action-plan', actor, `${e.riskId}: action plan registered`, e.date);
    enqueue(
      state,
      {
        system: 'archive',
        op: 'journal',
        purpose: `action-plan:${e.riskId}`,
        kind: 'action-plan',
        date: e.date,
        ...actionPlanJournal(risk.kind, e),
      },
      now,
    );
  },
};
