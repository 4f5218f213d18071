/**
 * A housing offer: the housing provider or the HF team offers a unit while a home is searched for
 * (in the housing stage, or again in follow-up after the home was lost). The offer gets its ID,
 * which the person's answer names.
 */
import { LIMITS as L } from '../limits';
import type { HousingOfferEvent } from '../types';
import { badDate, invalid, isReference, nonEmpty, procuring, wrongStage } from '../pathway/checks';
import { iso, record } from '../pathway/state';
import type { Step } from './step';

export const housingOffer: Step<'housingOffer', HousingOfferEvent, { offerId: string }> = {
  name: 'housingOffer',
  route: {
    path: '/referrals/:id/housing-offers',
    operationId: 'offerHousing',
    summary: 'Offer a housing unit',
    description:
      '`unitId` must be a unit the municipality’s housing system has: the API asks it first (400 naming ' +
      '`unitId` when it has none; 503 with Retry-After when it does not answer; nothing is recorded either way).',
    created: 'offerId',
  },
  roles: ['housing-provider', 'hf-team'],
  // In follow-up only after the home was lost (procurement again).
  stages: ['housing', 'follow-up'],
  refusal: 'a housing offer',
  limits: ['reference', 'address'],
  tasks: { opens: [], closes: [] },

  check: (state, e, now) => {
    if (!procuring(state)) return wrongStage(state, housingOffer.refusal);
    if (!isReference(e.unitId)) return invalid('unitId', 'expected the unit');
    if (!nonEmpty(e.address, L.address)) return invalid('address', 'expected the address');
    if (e.source !== 'municipal' && e.source !== 'private')
      return invalid('source', 'expected municipal or private');
    return badDate(state, 'availableFrom', e.availableFrom, now, false);
  },

  apply(state, actor, e, now) {
    const offerId = `offer-${++state.seq.offer}`;
    state.housing.offers.push({
      offerId,
      unitId: e.unitId,
      address: e.address,
      source: e.source,
      availableFrom: e.availableFrom,
      offeredAt: iso(now),
    });
    record(state, now, 'housing-offer', actor, `${offerId}: unit ${e.unitId} (${e.source})`);
    return { offerId };
  },
};
