/**
 * The security for a private lease is in place (a deposit paid into a deposit account,
 * husleieloven § 3-5, or a guarantee given, often NAV's): recorded by the HF team or NAV, it closes
 * the security's task before its deadline ladder (domain/pathway/private-rental.ts) goes further.
 */
import type { LeaseSecurityEvent } from '../private-rental';
import { LIMITS as L } from '../limits';
import { badDate, first, invalid, optionalText, wrongStage } from '../pathway/checks';
import { closeTasks, record } from '../pathway/state';
import type { Step } from './step';

export const leaseSecurity: Step<'leaseSecurity', LeaseSecurityEvent> = {
  name: 'leaseSecurity',
  route: {
    path: '/referrals/:id/lease-security',
    operationId: 'recordLeaseSecurity',
    summary: 'Record that the deposit or guarantee for a private lease is in place (closes its task)',
  },
  roles: ['hf-team', 'nav'],
  stages: ['move-in', 'follow-up'],
  refusal: 'a deposit or guarantee in place',
  limits: ['partyName'],
  tasks: { opens: [], closes: ['lease-security'] },

  check: (state, e, now) => {
    const rental = state.housing.lease?.privateRental;
    if (!leaseSecurity.stages.includes(state.stage)) return wrongStage(state, leaseSecurity.refusal);
    if (!rental || state.housing.lease?.ended)
      return wrongStage(state, `${leaseSecurity.refusal} (it needs a private lease)`);
    if (rental.securityInPlace)
      return invalid(
        'date',
        `the ${rental.security.kind} was recorded in place on ${rental.securityInPlace.date}`,
      );
    return first(badDate(state, 'date', e.date, now), optionalText('reference', e.reference, L.partyName));
  },

  apply(state, actor, e, now) {
    const rental = state.housing.lease!.privateRental!;
    rental.securityInPlace = { date: e.date, ...(e.reference ? { reference: e.reference } : {}) };
    closeTasks(state, (t) => t.kind === 'lease-security');
    record(state, now, 'lease-security', actor, `${rental.security.kind} in place`, e.date);
  },
};
