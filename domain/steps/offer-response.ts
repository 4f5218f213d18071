/**
 * The person's answer to a housing offer. Choice: declining costs nothing, the place and the
 * procurement go on as before; an accepted unit is reserved in the housing system.
 */
import { LIMITS as L } from '../limits';
import type { OfferResponseEvent } from '../types';
import { badDate, first, invalid, optionalText, procuring, unknown, wrongStage } from '../pathway/checks';
import { enqueue } from '../pathway/outbox';
import { record } from '../pathway/state';
import type { Step } from './step';

export const offerResponse: Step<'offerResponse', OfferResponseEvent> = {
  name: 'offerResponse',
  route: {
    path: '/referrals/:id/housing-offers/:offerId/response',
    operationId: 'respondToOffer',
    summary: 'Record the person’s answer to an offer (declining keeps the place)',
    params: { offerId: 'The offer’s ID (from POST /referrals/{id}/housing-offers)' },
  },
  roles: ['hf-team'],
  stages: ['housing', 'follow-up'],
  refusal: 'an answer to a housing offer',
  limits: ['offerReason'],
  tasks: { opens: [], closes: [] },

  check: (state, e, now) => {
    if (!procuring(state)) return wrongStage(state, offerResponse.refusal);
    const offer = state.housing.offers.find((o) => o.offerId === e.offerId);
    if (!offer) return unknown('offerId', String(e.offerId));
    if (offer.response)
      return invalid('offerId', `${e.offerId} was already answered on ${offer.response.date}`);
    if (typeof e.accepted !== 'boolean') return invalid('accepted', 'expected true or false');
    return first(optionalText('reason', e.reason, L.offerReason), badDate(state, 'date', e.date, now));
  },

  apply(state, actor, e, now) {
    const offer = state.housing.offers.find((o) => o.offerId === e.offerId)!;
    offer.response = { accepted: e.accepted, reason: e.reason, date: e.date };
    // Choice: declining costs nothing, the place and the procurement go on as before.
    record(state, now, e.accepted ? 'offer-accepted' : 'offer-declined', actor, `${e.offerId}`, e.date);
    if (e.accepted) {
      enqueue(state, { system: 'housing', op: 'reserve', unitId: offer.unitId, offerId: offer.offerId }, now);
    }
  },
};
