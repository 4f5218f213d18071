/**
 * Housing offers and the person's answers (domain/steps/housing-offer.ts, offer-response.ts).
 */
import { housingOffer } from '../../../domain/steps/housing-offer';
import { offerResponse } from '../../../domain/steps/offer-response';
import { day, inHousing, now, sent, team } from './cases';

const unit = { unitId: 'stv-001', address: 'Gata 1', source: 'municipal' as const, availableFrom: day(7) };

it('an offer gets its ID; accepting it reserves the unit in the housing system', () => {
  const state = inHousing();
  const { offerId } = housingOffer.apply(state, team, unit, now);
  expect(offerId).toBe('offer-1');
  expect(offerResponse.check(state, { offerId, accepted: true, date: day(0) }, now)).toBeUndefined();
  offerResponse.apply(state, team, { offerId, accepted: true, date: day(0) }, now);
  expect(state.outbox.find((i) => i.system === 'housing')).toMatchObject({
    op: 'reserve',
    unitId: 'stv-001',
  });
});

it('declining an offer costs nothing: the place is kept and the search goes on', () => {
  const state = inHousing();
  const { offerId } = housingOffer.apply(state, team, unit, now);
  const place = { ...state.place };
  offerResponse.apply(state, team, { offerId, accepted: false, reason: 'for langt unna', date: day(0) }, now);
  expect(state.place).toEqual(place);
  expect(state.stage).toBe('housing');
  expect(state.tasks.some((t) => t.kind === 'housing')).toBe(true);
  expect(sent(state)).not.toContain('housing:reserve');
});

it('an answer to an offer the case does not have, or a second answer, is refused naming offerId', () => {
  const state = inHousing();
  expect(offerResponse.check(state, { offerId: 'offer-9', accepted: true, date: day(0) }, now)).toMatchObject(
    {
      type: 'UnknownReference',
      details: { path: 'offerId' },
    },
  );
  const { offerId } = housingOffer.apply(state, team, unit, now);
  offerResponse.apply(state, team, { offerId, accepted: false, date: day(0) }, now);
  expect(offerResponse.check(state, { offerId, accepted: true, date: day(0) }, now)).toMatchObject({
    type: 'InvalidEvent',
    details: { path: 'offerId' },
  });
});
