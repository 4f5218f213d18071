/**
 * Consent decides who is told (samtykke). An outside party hears of an event only when the
 * person's consent scope names it; otherwise the team is reminded to ask the person. Withdrawn
 * consent stops everything that would carry the person's information to an outside party.
 */
import type { ConsentParty, EvictionRiskKind } from './types';

/** Outside parties the case itself notifies (the others are inside the municipality's teams). */
export type NotifiedParty = Extract<ConsentParty, 'nav' | 'specialist-health'>;

export function mayTell(scope: readonly ConsentParty[], party: ConsentParty): boolean {
  return scope.includes(party);
}

/**
 * NAV is told of a formal eviction warning or petition (the national guide asks NAV to contact
 * people facing eviction), never of arrears or complaints, and never of what NAV reported itself.
 */
export function navShouldHear(kind: EvictionRiskKind, reportedByNav: boolean): boolean {
  return !reportedByNav && (kind === 'eviction-warning' || kind === 'eviction-petition');
}

/** Outbox systems that carry information to someone outside the case's own teams. */
export const OUTSIDE_SYSTEMS = ['parties', 'housing'] as const;
