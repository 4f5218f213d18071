/**
 * The events people report on a case, as request bodies (`POST /referrals/:id/…`). Each is strict
 * (unknown fields refused) and produces exactly the event type in `domain/types.ts`; where an
 * event names a thing in the path (an offer, an eviction risk) the path supplies that ID.
 *
 * Dates of things that happened cannot lie in the future; dates of things planned (a lease's
 * move-in date, a unit free from, a review deadline) may.
 */
import { z } from 'zod';
import { MANSA_ITEMS, mansaMean } from '../mansa';
import {
  CONSENT_PARTIES,
  CONTACT_KINDS,
  EVICTION_RISK_KINDS,
  EXIT_DESTINATIONS,
  EXIT_REASONS,
  PERSON_CORRECTION_REASONS,
  type ActionPlanEvent,
  type ConsentScopeEvent,
  type ConsentWithdrawalEvent,
  type ContactEvent,
  type DecisionEvent,
  type EvaluationEvent,
  type EvictionRiskEvent,
  type ExitEvent,
  type HousingLostEvent,
  type HousingOfferEvent,
  type InformedEvent,
  type LeaseEvent,
  type MappingEvent,
  type MoveInEvent,
  type WaitingReviewEvent,
  type OfferResponseEvent,
  type PersonCorrectionEvent,
  type PlansEvent,
  type ReviewEvent,
} from '../types';
import { LIMITS as L } from '../limits';
import { privateRentalSchema } from './private-rental';
import { anyDate, longText, nationalId, pastDate, personName, reference, text } from './common';

const notes = longText(L.longText).optional();

/**
 * The individual reasons of a decision (forvaltningsloven §§ 24–25: the facts and the main
 * considerations for this person), as its letter states them; blank lines separate paragraphs.
 */
const REASONS_MESSAGE =
  'write the facts and the main considerations for this person (at least 40 characters)';
const decisionReasons = longText(4000).pipe(z.string().min(40, REASONS_MESSAGE));

/** A place refused after the mapping is a decision (an avslag): its reasons are required. */
function noPlaceNeedsReasons(e: { outcome: string; reasons?: string }, ctx: z.RefinementCtx) {
  if (e.outcome === 'no-place' && e.reasons === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['reasons'],
      message: `refusing a place is a decision: ${REASONS_MESSAGE}`,
    });
  if (e.outcome !== 'no-place' && e.reasons !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['reasons'],
      message: 'reasons are given only when no place is offered',
    });
}

export const reviewSchema = z.discriminatedUnion(
  'round',
  [
    z.strictObject({
      round: z.literal(1),
      outcome: z.enum(['relevant', 'not-relevant'], {
        message: 'the first review is "relevant" or "not-relevant"',
      }),
      meetingDate: pastDate,
      notes,
    }),
    z
      .strictObject({
        round: z.literal(2),
        outcome: z.enum(['place-offered', 'no-place'], {
          message: 'the second review is "place-offered" or "no-place"',
        }),
        meetingDate: pastDate,
        notes,
        reasons: decisionReasons.optional(),
      })
      .superRefine(noPlaceNeedsReasons),
  ],
  { message: 'round must be 1 or 2' },
) satisfies z.ZodType<ReviewEvent, unknown>;

export const informedSchema = z.strictObject({
  date: pastDate,
  channel: z.enum(['in-person', 'phone', 'letter', 'digital', 'other']),
}) satisfies z.ZodType<InformedEvent, unknown>;

const mansaRange = `MANSA scores run from ${L.mansaMin} to ${L.mansaMax}`;
const mansa = z.number().min(L.mansaMin, mansaRange).max(L.mansaMax, mansaRange);
const mansaItems = z
  .array(z.number().int('each MANSA answer is a whole number from 1 to 7').min(1).max(7))
  .length(MANSA_ITEMS.length, `expected the ${MANSA_ITEMS.length} MANSA answers, in order`);

/** With the twelve answers, the score is their mean; a score given besides must agree with it. */
function mansaAgrees(score: 'mansaBaseline' | 'mansaScore') {
  return (e: { mansaItems?: number[] } & Partial<Record<typeof score, number>>, ctx: z.RefinementCtx) => {
    if (!e.mansaItems || e[score] === undefined) return;
    if (Math.abs(e[score]! - mansaMean(e.mansaItems)) > 0.01)
      ctx.addIssue({
        code: 'custom',
        path: [score],
        message: `the twelve answers give ${mansaMean(e.mansaItems)}; leave ${score} out or make it agree`,
      });
  };
}

export const housingWishesSchema = z.strictObject({
  areas: z.array(text(L.wishArea)).max(L.wishItems),
  type: text(L.wishType).optional(),
  needs: z.array(text(L.wishNeed)).max(L.wishItems).default([]),
});

export const mappingSchema = z
  .strictObject({
    followUpWorker: text(L.followUpWorker),
    housingWishes: housingWishesSchema,
    forms: z.strictObject({
      mapping: pastDate.optional(),
      baseline1: pastDate.optional(),
      baseline2: pastDate.optional(),
    }),
    mansaBaseline: mansa.optional(),
    mansaItems: mansaItems.optional(),
  })
  .superRefine(mansaAgrees('mansaBaseline'))
  .transform((e) =>
    e.mansaItems && e.mansaBaseline === undefined ? { ...e, mansaBaseline: mansaMean(e.mansaItems) } : e,
  ) satisfies z.ZodType<MappingEvent, unknown>;

const decisionFields = {
  services: z
    .array(
      z.strictObject({
        kind: text(L.serviceKind),
        hoursPerWeek: z.number().positive('hours per week must be more than 0').max(L.hoursPerWeek),
      }),
    )
    .min(1, 'a decision grants at least one service'),
  date: pastDate,
  reviewBy: anyDate.optional(),
};
const reviewAfterDate = (d: { date: string; reviewBy?: string }) =>
  d.reviewBy === undefined || d.reviewBy > d.date;
const reviewAfterDateError = { message: 'reviewBy must come after the decision date', path: ['reviewBy'] };

/**
 * A decision made now: `reasons` is required (forvaltningsloven §§ 24–25: the facts and the main
 * considerations for this person; for a revised decision, what changed and why). Blank lines
 * separate paragraphs in the letter. Who decided comes from the team lead's token, not the body.
 */
export const decisionSchema = z
  .strictObject({
    ...decisionFields,
    reasons: z
      .string()
      .trim()
      .min(40, 'write the facts and the main considerations for this person (at least 40 characters)')
      .max(4000),
  })
  .refine(reviewAfterDate, reviewAfterDateError) satisfies z.ZodType<DecisionEvent, unknown>;

/** A decision made before the case came into this service (`POST /existing-cases`): no letter is sent. */
export const existingDecisionSchema = z
  .strictObject({ ...decisionFields, reasons: longText(L.longText).optional() })
  .refine(reviewAfterDate, reviewAfterDateError) satisfies z.ZodType<DecisionEvent, unknown>;

export const housingOfferSchema = z.strictObject({
  unitId: reference,
  address: text(L.address),
  source: z.enum(['municipal', 'private']),
  availableFrom: anyDate,
}) satisfies z.ZodType<HousingOfferEvent, unknown>;

/** The offer's ID comes from the path. */
/** Corrected details of the person (at least one field) and the reason code. */
export const personCorrectionSchema = z.strictObject({
  person: z
    .strictObject({
      name: personName.optional(),
      nationalId: nationalId.optional(),
      pseudonym: text(100).optional(),
      phone: z
        .string()
        .regex(/^\+?[0-9 ]{8,15}$/, 'expected a phone number of 8–15 digits')
        .optional(),
    })
    .refine((p) => Object.values(p).some((v) => v !== undefined), {
      message: 'name at least one field to correct',
    }),
  reason: z.enum(PERSON_CORRECTION_REASONS),
}) satisfies z.ZodType<PersonCorrectionEvent, unknown>;

export const offerResponseSchema = z.strictObject({
  accepted: z.boolean(),
  reason: longText(L.offerReason).optional(),
  date: pastDate,
}) satisfies z.ZodType<Omit<OfferResponseEvent, 'offerId'>, unknown>;

export const leaseSchema = z
  .strictObject({
    unitId: reference,
    signedDate: pastDate,
    moveInDate: anyDate,
    privateRental: privateRentalSchema.optional(),
  })
  .refine((l) => l.moveInDate >= l.signedDate, {
    message: 'moveInDate cannot come before signedDate',
    path: ['moveInDate'],
  })
  .refine((l) => l.privateRental?.term.kind !== 'fixed' || l.privateRental.term.endDate > l.moveInDate, {
    message: 'the lease must end after moveInDate',
    path: ['privateRental', 'term', 'endDate'],
  }) satisfies z.ZodType<LeaseEvent, unknown>;

export const moveInSchema = z.strictObject({ date: pastDate }) satisfies z.ZodType<MoveInEvent, unknown>;
export const waitingReviewSchema = z.strictObject({
  date: pastDate,
  note: notes,
}) satisfies z.ZodType<WaitingReviewEvent, unknown>;

export const plansSchema = z
  .strictObject({
    followUpPlan: pastDate.optional(),
    safetyPlan: pastDate.optional(),
    individualPlanOffered: pastDate.optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), {
    message: 'give at least one of followUpPlan, safetyPlan, individualPlanOffered',
    path: ['followUpPlan'],
  }) satisfies z.ZodType<PlansEvent, unknown>;

export const contactSchema = z.strictObject({
  date: pastDate,
  kind: z.enum(CONTACT_KINDS),
  minutes: z.number().int().min(0).max(L.contactMinutes).optional(),
  note: longText(L.contactNote).optional(),
}) satisfies z.ZodType<ContactEvent, unknown>;

export const evaluationSchema = z
  .strictObject({
    milestone: z.number().int().min(1).max(L.milestoneMonths),
    date: pastDate,
    mansaScore: mansa.optional(),
    mansaItems: mansaItems.optional(),
    feedback: longText(L.longText).optional(),
  })
  .superRefine(mansaAgrees('mansaScore'))
  .transform((e) =>
    e.mansaItems && e.mansaScore === undefined ? { ...e, mansaScore: mansaMean(e.mansaItems) } : e,
  ) satisfies z.ZodType<EvaluationEvent, unknown>;

export const evictionRiskSchema = z.strictObject({
  kind: z.enum(EVICTION_RISK_KINDS),
  date: pastDate,
  detail: longText(L.riskDetail).optional(),
}) satisfies z.ZodType<EvictionRiskEvent, unknown>;

/** The risk's ID comes from the path. */
export const actionPlanSchema = z.strictObject({
  date: pastDate,
  summary: longText(L.longText),
}) satisfies z.ZodType<Omit<ActionPlanEvent, 'riskId'>, unknown>;

export const housingLostSchema = z.strictObject({
  date: pastDate,
  reason: longText(L.housingLostReason),
}) satisfies z.ZodType<HousingLostEvent, unknown>;

export const exitSchema = z
  .strictObject({
    reason: z.enum(EXIT_REASONS),
    date: pastDate,
    destination: z.enum(EXIT_DESTINATIONS).optional(),
    // Required by the case when the exit ends a granted service and the person did not end it
    // (a 400 naming `reasons` comes from the case, which knows whether a service was granted).
    reasons: decisionReasons.optional(),
  })
  .superRefine((e, ctx) => {
    if (e.reason === 'transferred' && !e.destination)
      ctx.addIssue({
        code: 'custom',
        path: ['destination'],
        message: 'say where the person was transferred to',
      });
    if (e.reason !== 'transferred' && e.destination)
      ctx.addIssue({
        code: 'custom',
        path: ['destination'],
        message: 'a destination is given only when the person was transferred',
      });
  }) satisfies z.ZodType<ExitEvent, unknown>;

export const consentWithdrawalSchema = z.strictObject({
  date: pastDate,
}) satisfies z.ZodType<ConsentWithdrawalEvent, unknown>;

export const consentScopeSchema = z.strictObject({
  date: pastDate,
  scope: z
    .array(z.enum(CONSENT_PARTIES))
    .min(1, 'name at least one party (to stop everything, withdraw consent)')
    .refine((s) => new Set(s).size === s.length, 'name each party once'),
}) satisfies z.ZodType<ConsentScopeEvent, unknown>;

/** `POST /referrals/:id/incidents/:incidentId/retry` takes no body (or an empty object). */
export const emptySchema = z.strictObject({});
