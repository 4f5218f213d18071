/**
 * An eviction risk (rent arrears, complaints, a warning, a petition, an executed eviction): the
 * action-plan task opens with its escalation ladder; NAV hears of it when the consent lets it (or
 * the team is asked to ask); an executed eviction loses the home, and procurement starts again.
 */
import { navShouldHear } from '../consent';
import { LIMITS as L } from '../limits';
import { EVICTION_RISK_KINDS, type EvictionRiskEvent } from '../types';
import { badDate, first, invalid, optionalText, wrongStage } from '../pathway/checks';
import { loseHousing, tellNav } from '../pathway/common';
import { record, SYSTEM_ACTOR, type RiskState } from '../pathway/state';
import { openActionPlanTask } from '../pathway/tasks';
import type { Step } from './step';

export const evictionRisk: Step<'evictionRisk', EvictionRiskEvent, { riskId: string }> = {
  name: 'evictionRisk',
  route: {
    path: '/referrals/:id/eviction-risks',
    operationId: 'reportEvictionRisk',
    summary: 'Report an eviction risk: starts the escalation ladder',
    created: 'riskId',
  },
  roles: ['housing-provider', 'nav', 'hf-team'],
  stages: ['follow-up'],
  refusal: 'an eviction risk',
  limits: ['riskDetail'],
  tasks: { opens: ['action-plan', 'ask-nav-consent', 'housing'], closes: ['move-in'] },

  check: (state, e, now) => {
    if (state.stage !== 'follow-up') return wrongStage(state, evictionRisk.refusal);
    if (!(EVICTION_RISK_KINDS as readonly string[]).includes(e.kind)) {
      return invalid('kind', `expected one of ${EVICTION_RISK_KINDS.join(', ')}`);
    }
    return first(optionalText('detail', e.detail, L.riskDetail), badDate(state, 'date', e.date, now));
  },

  apply(state, actor, e, now) {
    const riskId = `risk-${++state.seq.risk}`;
    const executed = e.kind === 'eviction-executed';
    const task = openActionPlanTask(state, riskId, executed, e.kind, now);
    const risk: RiskState = {
      riskId,
      kind: e.kind,
      date: e.date,
      reportedBy: actor,
      actionPlanDueAt: task.dueAt,
    };
    state.evictionRisks.push(risk);
    record(state, now, 'eviction-risk', actor, `${riskId}: ${e.kind}`, e.date);
    if (navShouldHear(e.kind, actor.role === 'nav')) tellNav(state, risk, now);
    if (executed && (state.housing.status === 'housed' || state.housing.status === 'lease-signed')) {
      loseHousing(state, SYSTEM_ACTOR, e.date, now, 'eviction carried out');
    }
    return { riskId };
  },
};
