/** Request schemas of a private rental (domain/private-rental.ts): with the lease, and its security in place. */
import { z } from 'zod';
import { LIMITS as L } from '../limits';
import { SECURITY_KINDS, type LeaseSecurityEvent, type PrivateRental } from '../private-rental';
import { anyDate, pastDate } from './common';

const name = z.string().trim().min(1).max(L.partyName);
const phone = z.string().trim().min(1).max(L.phone);

export const privateRentalSchema = z.strictObject({
  landlord: z.strictObject({ name, phone: phone.optional() }),
  term: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('open-ended') }),
    z.strictObject({ kind: z.literal('fixed'), endDate: anyDate }),
  ]),
  security: z.strictObject({
    kind: z.enum(SECURITY_KINDS),
    amount: z.number().int().min(0).max(L.securityAmount).optional(),
    dueDate: anyDate,
  }),
  intermediary: z.strictObject({ name, phone }),
}) satisfies z.ZodType<PrivateRental, unknown>;

export const leaseSecuritySchema = z.strictObject({
  date: pastDate,
  reference: name.optional(),
}) satisfies z.ZodType<LeaseSecurityEvent, unknown>;
