/**
 * How a case ends (domain/steps/exit.ts, consent-withdrawal.ts) and what a change of consent does
 * (consent-scope.ts). Follow-up has no task that ends it: only these.
 */
import { consentScope } from '../../../domain/steps/consent-scope';
import { consentWithdrawal } from '../../../domain/steps/consent-withdrawal';
import { evictionRisk } from '../../../domain/steps/eviction-risk';
import { exit } from '../../../domain/steps/exit';
import { caseworker, day, inFollowUp, now, openKinds, sent, team } from './cases';

it('an exit closes every task, gives the place back, tells the archive, and ends the case', () => {
  const state = inFollowUp();
  expect(state.tasks.length).toBeGreaterThan(0);
  exit.apply(state, team, { reason: 'moved-away', date: day(0) }, now);
  expect(state.stage).toBe('exited');
  expect(state.tasks).toEqual([]);
  expect(state.place).toEqual({ status: 'released' });
  expect(sent(state)).toEqual(expect.arrayContaining(['places:release', 'archive:journal']));
});

it('a destination is asked for only when the person was transferred', () => {
  const state = inFollowUp();
  expect(
    exit.check(state, { reason: 'moved-away', date: day(0), destination: 'institution' }, now),
  ).toMatchObject({ type: 'InvalidEvent', details: { path: 'destination' } });
  expect(exit.check(state, { reason: 'transferred', date: day(0), destination: 'institution' }, now)).toBe(
    undefined,
  );
});

it('a withdrawal of consent drops what was waiting for outside parties and stops the case', () => {
  const state = inFollowUp(['hf-team', 'nav']);
  evictionRisk.apply(state, team, { kind: 'eviction-warning', date: day(-1) }, now);
  expect(sent(state)).toContain('parties:notify');
  consentWithdrawal.apply(state, caseworker, { date: day(0) }, now);
  expect(state.stage).toBe('withdrawn');
  expect(sent(state)).not.toContain('parties:notify');
  expect(state.consent.scope).toEqual([]);
  expect(state.tasks).toEqual([]);
});

it('NAV added to the consent hears of the open risk, and the reminder to ask closes', () => {
  const state = inFollowUp(['hf-team']);
  const { riskId } = evictionRisk.apply(state, team, { kind: 'eviction-warning', date: day(-1) }, now);
  expect(openKinds(state)).toContain('ask-nav-consent');
  consentScope.apply(state, caseworker, { date: day(0), scope: ['hf-team', 'nav'] }, now);
  expect(openKinds(state)).not.toContain('ask-nav-consent');
  expect(state.outbox.find((i) => i.system === 'parties')).toMatchObject({ party: 'nav', riskId });
});
