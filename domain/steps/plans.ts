/**
 * The plans of follow-up: the follow-up plan with its agreement (oppfølgingsplan), the safety and
 * crisis plan (trygghetsplan) and the offer of an individual plan (individuell plan), each by its
 * date. The plans task closes when all three are registered.
 */
import type { PlansEvent } from '../types';
import { badDate, invalid, wrongStage } from '../pathway/checks';
import { closeTask, record } from '../pathway/state';
import type { Step } from './step';

const PLAN_KEYS = ['followUpPlan', 'safetyPlan', 'individualPlanOffered'] as const;

export function plansComplete(p: PlansEvent): boolean {
  return !!(p.followUpPlan && p.safetyPlan && p.individualPlanOffered);
}

export const plans: Step<'plans', PlansEvent> = {
  name: 'plans',
  route: {
    path: '/referrals/:id/plans',
    operationId: 'registerPlans',
    summary: 'Register the follow-up plan, the safety/crisis plan, the individual-plan offer (dates)',
  },
  roles: ['hf-team'],
  stages: ['follow-up'],
  refusal: 'plans',
  limits: [],
  tasks: { opens: [], closes: ['plans'] },

  check: (state, e, now) => {
    if (state.stage !== 'follow-up') return wrongStage(state, plans.refusal);
    if (!PLAN_KEYS.some((k) => e[k] !== undefined))
      return invalid('followUpPlan', 'give at least one plan date');
    for (const k of PLAN_KEYS) {
      if (e[k] !== undefined) {
        const bad = badDate(state, k, e[k], now);
        if (bad) return bad;
      }
    }
    return undefined;
  },

  apply(state, actor, e, now) {
    const kept = state.followUp!.plans;
    for (const k of PLAN_KEYS) {
      if (e[k]) kept[k] = e[k];
    }
    const names = Object.keys(e).filter((k) => e[k as keyof PlansEvent]);
    record(state, now, 'plans', actor, `registered: ${names.join(', ')}`);
    if (plansComplete(kept)) closeTask(state, 'plans');
  },
};
