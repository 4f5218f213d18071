/**
 * The case's side of a private rental (domain/private-rental.ts): its check as part of the lease,
 * and the security's own deadline as a task for the HF team — the team lead is reminded three days
 * before the date, the unit leader alerted on it if the security is still not in place.
 */
import { addDaysToDate } from '../calendar';
import { anchorOf } from '../deadlines';
import { LIMITS as L } from '../limits';
import { SECURITY_KINDS, type PrivateRental } from '../private-rental';
import type { IsoDate } from '../types';
import { badDate, first, invalid, nonEmpty } from './checks';
import type { Rejection } from './checks';
import { openTask, record, SYSTEM_ACTOR, type CaseState } from './state';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * A lease of a unit the person accepted as a private offer must record the private rental, and
 * only such a lease may; every part present and in order.
 */
export function checkPrivateRental(
  state: CaseState,
  unitId: string,
  p: PrivateRental | undefined,
  moveInDate: IsoDate,
  now: Date,
): Rejection | undefined {
  const offer = state.housing.offers.find((o) => o.unitId === unitId && o.response?.accepted);
  if (offer?.source === 'private' && p === undefined)
    return invalid(
      'privateRental',
      'a private landlord’s lease records the landlord, term, security and intermediary',
    );
  if (p === undefined) return undefined;
  if (offer && offer.source !== 'private')
    return invalid('privateRental', `unit ${unitId} was offered by the municipality, not a private landlord`);
  if (!isObject(p)) return invalid('privateRental', 'expected the landlord, term, security and intermediary');
  if (!isObject(p.landlord) || !nonEmpty(p.landlord.name, L.partyName))
    return invalid('privateRental.landlord.name', 'expected the landlord');
  if (!isObject(p.intermediary) || !nonEmpty(p.intermediary.name, L.partyName))
    return invalid('privateRental.intermediary.name', 'expected who the landlord calls');
  if (!nonEmpty(p.intermediary.phone, L.phone))
    return invalid('privateRental.intermediary.phone', 'expected the number the landlord calls');
  if (p.landlord.phone !== undefined && !nonEmpty(p.landlord.phone, L.phone))
    return invalid(
      'privateRental.landlord.phone',
      `expected a phone number of at most ${L.phone} characters`,
    );
  if (!isObject(p.term) || (p.term.kind !== 'open-ended' && p.term.kind !== 'fixed'))
    return invalid('privateRental.term.kind', 'expected open-ended or fixed');
  if (!isObject(p.security) || !(SECURITY_KINDS as readonly string[]).includes(p.security.kind))
    return invalid('privateRental.security.kind', `expected one of ${SECURITY_KINDS.join(', ')}`);
  return first(
    p.term.kind === 'fixed'
      ? (badDate(state, 'privateRental.term.endDate', p.term.endDate, now, false) ??
          (p.term.endDate <= moveInDate
            ? invalid('privateRental.term.endDate', 'must come after moveInDate')
            : undefined))
      : undefined,
    badDate(state, 'privateRental.security.dueDate', p.security.dueDate, now, false),
    p.security.amount !== undefined &&
      !(
        Number.isInteger(p.security.amount) &&
        p.security.amount >= 0 &&
        p.security.amount <= L.securityAmount
      )
      ? invalid('privateRental.security.amount', 'expected an amount in kroner')
      : undefined,
  );
}

/** Keeps the rental on the lease and opens the security's task, due on its date. */
export function recordPrivateRental(state: CaseState, p: PrivateRental, now: Date): void {
  const lease = state.housing.lease!;
  lease.privateRental = JSON.parse(JSON.stringify(p)) as PrivateRental;
  const due = anchorOf(p.security.dueDate, now, state.policy);
  const before = anchorOf(addDaysToDate(p.security.dueDate, -3), now, state.policy);
  openTask(state, {
    id: `lease-security-${state.seq.housingRound}`,
    kind: 'lease-security',
    now,
    anchor: now,
    dueAt: due,
    times: {
      remindAt: before.getTime() > now.getTime() ? before : now,
      escalateAt: due.getTime() > now.getTime() ? due : now,
    },
    facts: { security: p.security.kind },
  });
  record(
    state,
    now,
    'private-rental',
    SYSTEM_ACTOR,
    `private rental: ${p.term.kind} term, ${p.security.kind} due ${p.security.dueDate}`,
  );
}
