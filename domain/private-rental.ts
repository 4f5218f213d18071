/**
 * A lease in the private market (issue 13 item 3; seed 002, Bergen: the team finds flats with
 * private landlords and the municipality stands between them and the tenant). Recorded with the
 * lease: the landlord, the lease term (husleieloven § 9-2 open-ended, or fixed to an end date,
 * § 9-3), the security the landlord asks for (a deposit, husleieloven § 3-5, or a guarantee, often
 * NAV's) with the date it must be in place, and the intermediary: the person at the municipality
 * the landlord calls when something goes wrong.
 *
 * No zod here (workflow bundle); the request schema is in domain/schemas/private-rental.ts.
 */
import type { IsoDate } from './types';

export const SECURITY_KINDS = ['deposit', 'nav-guarantee', 'municipal-guarantee'] as const;
export type SecurityKind = (typeof SECURITY_KINDS)[number];

export interface PrivateRental {
  landlord: { name: string; phone?: string };
  /** Open-ended, or fixed with its end date. */
  term: { kind: 'open-ended' } | { kind: 'fixed'; endDate: IsoDate };
  security: { kind: SecurityKind; amount?: number; dueDate: IsoDate };
  /** Who at the municipality the landlord calls (the HF team's contact for this tenancy). */
  intermediary: { name: string; phone: string };
}

/** The security is in place: POST /referrals/:id/lease-security. */
export interface LeaseSecurityEvent {
  date: IsoDate;
  /** The guarantee's or the deposit account's reference, when there is one. */
  reference?: string;
}

/** What the case keeps: the rental as recorded, and when the security was in place. */
export type PrivateRentalState = PrivateRental & { securityInPlace?: { date: IsoDate; reference?: string } };
