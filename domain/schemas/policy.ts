/**
 * The municipality profile schema. Used when the worker and the API start (never inside
 * workflows): a profile with a bad duration, office or address stops start-up with the field named.
 */
import { z } from 'zod';
import { isDuration, parseDuration, type DurationUnit } from '../duration';
import { MAPPING_FORMS, type MunicipalityProfile } from '../policy';

const duration = z
  .string()
  .refine(isDuration, { message: 'expected a duration such as "14 days" or "2 working-days"' });
const ladder = z.strictObject({ remindAfter: duration, escalateAfter: duration });
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');

export const policySnapshotSchema = z
  .strictObject({
    municipality: z.string().min(1),
    version: z.number().int().positive(),
    timezone: z.string().refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'unknown time zone'),
    workingHours: z.strictObject({
      weekdays: z.array(z.number().int().min(1).max(7)).min(1),
      start: hhmm,
      end: hhmm,
    }),
    language: z.enum(['nb', 'en']),
    housingSource: z.enum(['municipal', 'private', 'both']),
    ladders: z.strictObject({
      firstReview: ladder,
      informPerson: ladder,
      mapping: ladder,
      secondReview: ladder,
      decision: ladder,
      housing: ladder,
      moveIn: ladder,
      plans: ladder,
      staleContact: ladder,
      evaluation: ladder,
      decisionReview: ladder,
      askConsent: ladder,
    }),
    actionPlanDue: duration,
    evaluationMonths: z.array(z.number().int().positive()).min(1),
    decisionReviewEvery: duration,
    appealWindow: duration,
    appealWindows: z
      .strictObject({
        decision: duration.optional(),
        ending: duration.optional(),
        'capacity-refusal': duration.optional(),
      })
      .optional(),
    waitingReview: z.strictObject({ every: duration, escalateAfter: duration }).optional(),
    appeals: z.strictObject({ review: ladder, statsforvalteren: ladder }).optional(),
  })
  .superRefine((policy, ctx) => {
    // An escalation before its reminder would have a case wake over and over for a reminder that
    // is not yet due. Compared from every day of a year, so working days and holidays count.
    for (const [name, ladder] of Object.entries(policy.ladders)) {
      if (!isDuration(ladder.remindAfter) || !isDuration(ladder.escalateAfter)) continue;
      if (nominalMinutes(ladder.escalateAfter) < nominalMinutes(ladder.remindAfter)) {
        ctx.addIssue({
          code: 'custom',
          message: `escalateAfter (${ladder.escalateAfter}) must not come before remindAfter (${ladder.remindAfter})`,
          path: ['ladders', name, 'escalateAfter'],
        });
      }
    }
  });

/** A duration's ordinary length in minutes (a working day is 7/5 of a day, a month 1/12 year). */
function nominalMinutes(text: string): number {
  const { amount, unit } = parseDuration(text);
  const day = 24 * 60;
  const per: Record<DurationUnit, number> = {
    minutes: 1,
    hours: 60,
    days: day,
    weeks: 7 * day,
    months: (365.25 / 12) * day,
    years: 365.25 * day,
    'working-days': (7 / 5) * day,
  };
  return amount * per[unit];
}

const email = z.email();

export const municipalityProfileSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case id, letters, digits and dashes'),
    name: z.string().min(1),
    offices: z
      .array(z.strictObject({ id: z.string().regex(/^[a-z][a-z0-9-]*$/), name: z.string().min(1) }))
      .min(1),
    places: z.number().int().min(0),
    contacts: z.strictObject({
      teamLead: email,
      unitLeader: email,
      onCall: email,
      admin: email,
      projectGroup: email,
    }),
    team: z.array(z.strictObject({ name: z.string().trim().min(1), email })).optional(),
    programme: z.strictObject({
      startDate: z.iso.date(),
      milestones: z.array(
        z.strictObject({
          id: z.string().min(1),
          title: z.string().min(1),
          afterMonths: z.number().int().positive(),
          repeatEveryMonths: z.number().int().positive().optional(),
        }),
      ),
    }),
    policy: policySnapshotSchema,
    services: z
      .array(
        z.strictObject({
          id: z.string().regex(/^[a-z][a-z0-9-]*$/),
          name: z.string().min(1),
          aliases: z.array(z.string().min(1)).optional(),
          legalBasis: z.string().min(1),
        }),
      )
      .min(1),
    letters: z.strictObject({
      team: z.string().min(1),
      postalAddress: z.array(z.string().min(1)).min(2),
      decisionMakerRole: z.string().min(1),
      contact: z.strictObject({
        name: z.string().min(1),
        phone: z.string().regex(/^[+\d][\d ]{5,}$/),
        hours: z.string().min(1).optional(),
      }),
      officeTerm: z.string().min(1),
      appealBody: z.string().min(1),
      ombud: z.strictObject({ name: z.string().min(1), contact: z.string().min(1) }),
    }),
    targetGroup: z.strictObject({ problems: z.enum(['both', 'either']) }),
    followUp: z.strictObject({
      minShare: z.number().gt(0).max(1),
      weeks: z.number().int().min(1).max(26),
    }),
    mapping: z.strictObject({
      requiredForms: z
        .array(z.enum(MAPPING_FORMS))
        .refine((f) => new Set(f).size === f.length, 'name each form once'),
    }),
  })
  .refine((p) => p.policy.municipality === p.id, {
    message: 'policy.municipality must equal the profile id',
    path: ['policy', 'municipality'],
  }) satisfies z.ZodType<MunicipalityProfile>;
