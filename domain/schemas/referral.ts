/** The referral (innsøking) a caseworker submits: `POST /referrals`. */
import { z } from 'zod';
import { HOMELESS_SITUATIONS } from '../target-group';
import { CONSENT_PARTIES, type ReferralInput } from '../types';
import { longText, nationalId, pastDate, personName, text } from './common';

export const personSchema = z
  .strictObject({
    name: personName,
    nationalId: nationalId.optional(),
    pseudonym: text(100).optional(),
    phone: z
      .string()
      .regex(/^\+?[0-9 ]{8,15}$/, 'expected a phone number of 8–15 digits')
      .optional(),
  })
  .refine((p) => p.nationalId !== undefined || p.pseudonym !== undefined, {
    message: 'give either nationalId or pseudonym',
    path: ['nationalId'],
  });

export const officeId = z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected an office id such as "hillevag"');

export const criteriaSchema = z.strictObject({
  homeless: z.boolean(),
  substanceUse: z.boolean(),
  mentalHealth: z.boolean(),
  additional: z.array(text(200)).max(20).default([]),
  homelessSituation: z.enum(HOMELESS_SITUATIONS).optional(),
  exceptionReason: text(1000).optional(),
});

export const consentSchema = z.strictObject(
  {
    given: z.literal(true, { message: 'consent is required: no consent, no referral' }),
    date: pastDate,
    scope: z
      .array(z.enum(CONSENT_PARTIES))
      .min(1, 'name at least one party the person consents to share with')
      .refine((s) => new Set(s).size === s.length, 'name each party once'),
  },
  { message: 'consent is required: no consent, no referral' },
);

/** The fields of a referral; the existing-case registration extends them. */
export const referralShape = {
  person: personSchema,
  office: officeId,
  criteria: criteriaSchema,
  consent: consentSchema,
  notes: longText(4000).optional(),
};

export const referralSchema = z.strictObject(referralShape) satisfies z.ZodType<ReferralInput, unknown>;
