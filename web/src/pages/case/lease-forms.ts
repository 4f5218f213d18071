/**
 * A private landlord's lease (domain/private-rental.ts): its part of the lease form (landlord,
 * term, the security and by when, the landlord's contact at the municipality), and the form that
 * records the security in place (domain/steps/lease-security.ts), offered while a private lease
 * waits for it.
 */
import { stepRoute } from './step-route';
import type { CaseView } from '../../../../domain/case';
import { SECURITY_KINDS } from '../../../../domain/private-rental';
import type { Texts } from '../../texts/nb';
import type { EventForm, FieldDef } from './events';

type Values = Record<string, string | boolean>;
const text = (v: string | boolean | undefined) => (typeof v === 'string' ? v.trim() : '');
const isPrivate = (v: Values) => v.privateRental === true;

/** The lease form's fields for a private landlord, shown when the box is ticked. */
export function privateRentalFields(t: Texts, privateOffer: boolean): FieldDef[] {
  const e = t.events;
  const p = 'privateRental';
  return [
    { name: 'privateRental', label: e.privateRental, type: 'checkbox', initial: privateOffer, apiPath: p },
    {
      name: 'landlordName',
      label: e.landlordName,
      type: 'text',
      apiPath: `${p}.landlord.name`,
      showIf: isPrivate,
    },
    {
      name: 'landlordPhone',
      label: e.landlordPhone,
      type: 'text',
      optional: true,
      apiPath: `${p}.landlord.phone`,
      showIf: isPrivate,
    },
    {
      name: 'termKind',
      label: e.termKind,
      type: 'select',
      options: [
        ['open-ended', e.termKinds['open-ended']],
        ['fixed', e.termKinds.fixed],
      ],
      apiPath: `${p}.term.kind`,
      showIf: isPrivate,
    },
    {
      name: 'termEnd',
      label: e.termEnd,
      type: 'date',
      initial: '',
      apiPath: `${p}.term.endDate`,
      showIf: (v) => isPrivate(v) && v.termKind === 'fixed',
    },
    {
      name: 'securityKind',
      label: e.securityKind,
      type: 'select',
      options: SECURITY_KINDS.map((k) => [k, e.securityKinds[k]]),
      apiPath: `${p}.security.kind`,
      showIf: isPrivate,
    },
    {
      name: 'securityAmount',
      label: e.securityAmount,
      type: 'number',
      optional: true,
      apiPath: `${p}.security.amount`,
      showIf: isPrivate,
    },
    {
      name: 'securityDue',
      label: e.securityDue,
      type: 'date',
      initial: '',
      apiPath: `${p}.security.dueDate`,
      showIf: isPrivate,
    },
    {
      name: 'intermediaryName',
      label: e.intermediaryName,
      type: 'text',
      apiPath: `${p}.intermediary.name`,
      showIf: isPrivate,
    },
    {
      name: 'intermediaryPhone',
      label: e.intermediaryPhone,
      type: 'text',
      apiPath: `${p}.intermediary.phone`,
      showIf: isPrivate,
    },
  ];
}

/** The lease's `privateRental`, when the box is ticked. */
export function privateRentalBody(v: Values): Record<string, unknown> {
  if (!isPrivate(v)) return {};
  return {
    privateRental: {
      landlord: {
        name: text(v.landlordName),
        ...(text(v.landlordPhone) ? { phone: text(v.landlordPhone) } : {}),
      },
      term: v.termKind === 'fixed' ? { kind: 'fixed', endDate: text(v.termEnd) } : { kind: 'open-ended' },
      security: {
        kind: v.securityKind,
        ...(text(v.securityAmount) ? { amount: Number(text(v.securityAmount)) } : {}),
        dueDate: text(v.securityDue),
      },
      intermediary: { name: text(v.intermediaryName), phone: text(v.intermediaryPhone) },
    },
  };
}

/** The deposit or guarantee of a private lease is in place: while the lease waits for it. */
export function leaseSecurityForms(c: CaseView, t: Texts): EventForm[] {
  const lease = c.housing.lease;
  const rental = lease?.privateRental;
  if (!(c.stage === 'move-in' || c.stage === 'follow-up') || !rental || rental.securityInPlace || lease.ended)
    return [];
  const e = t.events;
  return [
    {
      key: 'lease-security',
      title: e.leaseSecurity(e.securityKinds[rental.security.kind]),
      ...stepRoute('leaseSecurity'),
      fields: [
        { name: 'date', label: e.date, type: 'date' },
        { name: 'reference', label: e.securityReference, type: 'text', optional: true },
      ],
      body: (v) => ({ date: v.date, ...(text(v.reference) ? { reference: text(v.reference) } : {}) }),
    },
  ];
}
