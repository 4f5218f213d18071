/**
 * Eviction risks and their action plans (domain/steps/eviction-risk.ts, action-plan.ts).
 */
import { actionPlan } from '../../../domain/steps/action-plan';
import { evictionRisk } from '../../../domain/steps/eviction-risk';
import { day, inFollowUp, nav, now, openKinds, team } from './cases';

it('a risk opens the action-plan task; NAV is told of a warning when the consent names NAV', () => {
  const state = inFollowUp(['hf-team', 'nav']);
  const { riskId } = evictionRisk.apply(state, team, { kind: 'eviction-warning', date: day(-1) }, now);
  expect(state.tasks.find((t) => t.id === `eviction:${riskId}`)?.kind).toBe('action-plan');
  expect(state.outbox.find((i) => i.system === 'parties')).toMatchObject({ party: 'nav', riskId });
});

it('without NAV in the consent, NAV hears nothing and the team is asked to ask the person', () => {
  const state = inFollowUp(['hf-team']);
  evictionRisk.apply(state, team, { kind: 'eviction-warning', date: day(-1) }, now);
  expect(state.outbox.some((i) => i.system === 'parties')).toBe(false);
  expect(openKinds(state)).toContain('ask-nav-consent');
});

it('an eviction carried out loses the home: follow-up goes on and the search for a home starts again', () => {
  const state = inFollowUp();
  evictionRisk.apply(state, nav, { kind: 'eviction-executed', date: day(-1) }, now);
  expect(state.stage).toBe('follow-up');
  expect(state.housing.status).toBe('lost');
  expect(state.housing.housingLostAt).toEqual([day(-1)]);
  expect(openKinds(state)).toContain('housing');
});

it('the action plan stops the risk’s ladder and is archived; a second plan for the same risk is refused', () => {
  const state = inFollowUp();
  const { riskId } = evictionRisk.apply(state, team, { kind: 'rent-arrears', date: day(-2) }, now);
  const plan = { riskId, date: day(0), summary: 'Nedbetalingsavtale med NAV.' };
  expect(actionPlan.check(state, plan, now)).toBeUndefined();
  actionPlan.apply(state, team, plan, now);
  expect(state.tasks.some((t) => t.id === `eviction:${riskId}`)).toBe(false);
  expect(
    state.outbox.some(
      (i) => i.system === 'archive' && i.op === 'journal' && i.purpose === `action-plan:${riskId}`,
    ),
  ).toBe(true);
  expect(actionPlan.check(state, plan, now)).toMatchObject({
    type: 'InvalidEvent',
    details: { path: 'riskId' },
  });
});
