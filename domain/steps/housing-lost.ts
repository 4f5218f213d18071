/**
 * Housing lost: separation of housing and services. Follow-up goes on, procurement starts again
 * inside it, and the specialist health service hears of it when the consent lets it.
 */
import { LIMITS as L } from '../limits';
import type { HousingLostEvent } from '../types';
import { badDate, invalid, nonEmpty, wrongStage } from '../pathway/checks';
import { loseHousing } from '../pathway/common';
import type { Step } from './step';

export const housingLost: Step<'housingLost', HousingLostEvent> = {
  name: 'housingLost',
  route: {
    path: '/referrals/:id/housing-lost',
    operationId: 'recordHousingLost',
    summary: 'Record that the person lost the housing: follow-up continues, procurement starts again',
  },
  roles: ['hf-team', 'housing-provider'],
  stages: ['follow-up'],
  refusal: 'housing lost (it needs a home to lose)',
  limits: ['housingLostReason'],
  tasks: { opens: ['housing', 'ask-specialist-health-consent'], closes: ['move-in'] },

  check: (state, e, now) => {
    const housed = state.housing.status === 'housed' || state.housing.status === 'lease-signed';
    if (state.stage !== 'follow-up' || !housed) return wrongStage(state, housingLost.refusal);
    if (!nonEmpty(e.reason, L.housingLostReason)) return invalid('reason', 'expected why');
    return badDate(state, 'date', e.date, now);
  },

  apply(state, actor, e, now) {
    loseHousing(state, actor, e.date, now, 'reported');
  },
};
