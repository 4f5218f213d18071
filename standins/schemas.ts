/**
 * What the systems behind our own JSON contracts accept, written from the systems' side: the care
 * case system, NAV and the specialist health service (notices), and the housing system. The
 * contracts are documented beside each adapter (activities/care-system.ts, party-notices.ts,
 * housing.ts); these schemas are the stand-ins' own reading of them, kept apart from the adapters'
 * code on purpose, so a change on our client's side that the system would not take is refused here
 * (as a real system would refuse it) instead of passing because both sides share one schema.
 */
import { z } from 'zod';

const nationalId = z.string().regex(/^\d{11}$/, 'expected 11 digits');
const text = z.string().min(1);
const date = z.iso.date();

/** PUT /care/decisions/{externalReference} */
export const careRegistration = z.strictObject({
  externalReference: text,
  municipality: text,
  client: z.strictObject({ name: text, nationalId: nationalId.optional(), pseudonym: text.optional() }),
  decision: z.strictObject({
    kind: z.literal('housing-first-follow-up'),
    legalBasis: text,
    date,
    reviewBy: date.optional(),
    services: z.array(z.strictObject({ kind: text, hoursPerWeek: z.number().positive().max(168) })).min(1),
  }),
});

export const NOTICE_PARTIES = ['nav', 'specialist-health'] as const;
export type NoticeParty = (typeof NOTICE_PARTIES)[number];

/** PUT /nav/notices/{externalReference} and /specialist-health/notices/{externalReference} */
export const notice = z
  .strictObject({
    externalReference: text,
    party: z.enum(NOTICE_PARTIES),
    municipality: text,
    event: z.enum([
      'rent-arrears',
      'neighbour-complaint',
      'eviction-warning',
      'eviction-petition',
      'eviction-executed',
      'housing-lost',
      'decision',
      'exit',
    ]),
    date,
    person: z.strictObject({ name: text, nationalId: nationalId.optional() }),
    consent: z.strictObject({ scope: z.array(z.string()) }),
    contact: z.strictObject({ team: text, caseReference: text }),
  })
  .refine((n) => n.consent.scope.includes(n.party), {
    message: 'the consent scope must include the party told',
    path: ['consent', 'scope'],
  });

/** POST /housing/units/search */
export const unitSearch = z.strictObject({
  municipality: text,
  areas: z.array(z.string()),
  type: z.string().optional(),
  needs: z.array(z.string()),
});

/** POST /housing/units/lookup: does the municipality's housing system have this unit? */
export const unitLookup = z.strictObject({ municipality: text, unitId: text });

/** PUT /housing/reservations/{externalReference} */
export const reservation = z.strictObject({ unitId: text, caseReference: text });

/** PUT /housing/leases/{externalReference} */
export const lease = z.strictObject({
  unitId: text,
  caseReference: text,
  signedDate: date,
  moveInDate: date,
  tenant: z.strictObject({ name: text, nationalId: nationalId.optional() }),
});

/** PUT /housing/lease-endings/{externalReference}: the lease is over, the unit to be let again. */
export const leaseEnding = z.strictObject({
  unitId: text,
  caseReference: text,
  endDate: date,
  reason: z.enum(['eviction', 'housing-lost', 'exit']),
});

/** A unit as the housing system describes it. */
export interface Unit {
  unitId: string;
  address: string;
  area: string;
  type: string;
  features: string[];
  source: 'municipal' | 'private';
  availableFrom: string;
}
