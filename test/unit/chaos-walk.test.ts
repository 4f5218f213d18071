/**
 * The chaos run walks cases through the API by the steps' own routes (domain/steps/): a route
 * renamed in a step moves the walk with it, and a walk that sent an event to a role the step does
 * not take would measure nothing but refusals.
 */
import { STEPS } from '../../domain/steps';
import { routePattern } from '../../scripts/chaos/driver';
import { MISFITS, pathOf, WALK } from '../../scripts/chaos/walk';

test('each event of the walk goes to its step’s route, as a role that step takes', () => {
  const ids = { id: 'case-1', offerId: 'offer-1' };
  expect(WALK.map((w) => `${w.role} POST ${pathOf(w, ids)}`)).toEqual([
    'assessment-team POST /referrals/case-1/reviews',
    'hf-team POST /referrals/case-1/mapping',
    'assessment-team POST /referrals/case-1/reviews',
    'team-lead POST /referrals/case-1/decision',
    'housing-provider POST /referrals/case-1/housing-offers',
    'hf-team POST /referrals/case-1/housing-offers/offer-1/response',
    'housing-provider POST /referrals/case-1/lease',
    'hf-team POST /referrals/case-1/move-in',
    'hf-team POST /referrals/case-1/plans',
    'hf-team POST /referrals/case-1/contacts',
    'hf-team POST /referrals/case-1/contacts',
    'hf-team POST /referrals/case-1/exit',
  ]);
  for (const w of WALK) expect(STEPS[w.step].roles).toContain(w.role);
  expect(MISFITS.map((m) => m.step)).toEqual(['lease', 'moveIn']);
});

test('an answer to an offer not yet made is not sent to a made-up route', () => {
  const answer = WALK.find((w) => w.step === 'offerResponse')!;
  expect(() => pathOf(answer, { id: 'case-1' })).toThrow(/offerId/);
});

test('the route figures group IDs in a path under the step’s route', () => {
  expect(routePattern('/referrals/c-9/housing-offers/o-2/response')).toBe(STEPS.offerResponse.route.path);
  expect(routePattern('/referrals/c-9/eviction-risks/r-1/action-plan')).toBe(STEPS.actionPlan.route.path);
  expect(routePattern('/referrals/c-9/incidents/i-3/retry')).toBe(
    '/referrals/:id/incidents/:incidentId/retry',
  );
  expect(routePattern('/referrals/c-9/lease')).toBe('/referrals/:id/lease');
  expect(routePattern('/referrals')).toBe('/referrals');
});
