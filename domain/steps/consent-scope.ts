/**
 * A change of the consent's scope (the person now consents to NAV being told, or takes a party
 * out): the reminders to ask close, a party no longer in scope hears nothing more, and a party
 * newly in scope hears what it would have heard (NAV the open risks, the specialist health
 * service the latest decision).
 */
import { mayTell, navShouldHear } from '../consent';
import { isTerminal, STAGES } from '../stages';
import { CONSENT_PARTIES, type ConsentScopeEvent } from '../types';
import { badDate, invalid, wrongStage } from '../pathway/checks';
import { decisionKey, tellNav, tellSpecialistHealth } from '../pathway/common';
import { closeTasks, record } from '../pathway/state';
import type { Step } from './step';

export const consentScope: Step<'consentScope', ConsentScopeEvent> = {
  name: 'consentScope',
  route: {
    path: '/referrals/:id/consent-scope',
    operationId: 'changeConsentScope',
    summary: 'Record a change in whom the person consents to share with (e.g. now NAV too)',
    description:
      'Addition to the contract. The new scope replaces the old; a party no longer in it hears nothing more. ' +
      'To stop everything, withdraw consent instead. Consent belongs to the person: the HF team may only take ' +
      'itself out of the scope (narrow its own access), never add a party; adding a party (widening) is for the ' +
      'caseworker or the team lead, on the person’s documented word, with `date` the day the person gave it, and ' +
      'the access log records it as such. Anything else is a 403 naming `scope`.',
  },
  roles: ['caseworker', 'hf-team', 'team-lead'],
  stages: STAGES.filter((s) => !isTerminal(s)),
  refusal: 'a change of consent',
  limits: [],
  tasks: { opens: [], closes: ['ask-nav-consent', 'ask-specialist-health-consent'] },

  check: (state, e, now) => {
    if (isTerminal(state.stage)) return wrongStage(state, consentScope.refusal);
    if (!Array.isArray(e.scope) || e.scope.length === 0) {
      return invalid('scope', 'name at least one party (to stop everything, withdraw consent)');
    }
    const bad = e.scope.find((p) => !(CONSENT_PARTIES as readonly string[]).includes(p));
    if (bad !== undefined) return invalid('scope', `unknown party "${String(bad)}"`);
    return badDate(state, 'date', e.date, now);
  },

  apply(state, actor, e, now) {
    const before = state.consent.scope;
    state.consent = { ...state.consent, scope: [...new Set(e.scope)] };
    record(state, now, 'consent-scope', actor, `consent scope: ${state.consent.scope.join(', ')}`, e.date);
    // The person was asked: the reminders to ask are done, whatever the answer.
    closeTasks(state, (t) => t.kind === 'ask-nav-consent' || t.kind === 'ask-specialist-health-consent');
    // A party no longer in scope hears nothing more.
    state.outbox = state.outbox.filter(
      (i) => !(i.system === 'parties' && !mayTell(state.consent.scope, i.party)),
    );
    if (!before.includes('nav') && mayTell(state.consent.scope, 'nav')) {
      for (const risk of state.evictionRisks) {
        if (navShouldHear(risk.kind, risk.reportedBy.role === 'nav') && !risk.navNotified)
          tellNav(state, risk, now);
      }
    }
    const latest = state.decisions[state.decisions.length - 1];
    if (
      latest &&
      !before.includes('specialist-health') &&
      mayTell(state.consent.scope, 'specialist-health')
    ) {
      tellSpecialistHealth(state, 'decision', latest.date, decisionKey(latest.no), now, false);
    }
  },
};
