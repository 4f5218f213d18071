/**
 * The request schema of every step (domain/steps/): a step added to the list without its schema
 * here does not compile. A step whose path names a thing (an offer, a risk) takes that ID from
 * the path, not the body.
 */
import type { z } from 'zod';
import type { StepName } from '../steps';
import {
  actionPlanSchema,
  consentScopeSchema,
  consentWithdrawalSchema,
  contactSchema,
  decisionSchema,
  evaluationSchema,
  evictionRiskSchema,
  exitSchema,
  housingLostSchema,
  housingOfferSchema,
  informedSchema,
  leaseSchema,
  mappingSchema,
  moveInSchema,
  offerResponseSchema,
  personCorrectionSchema,
  plansSchema,
  reviewSchema,
  waitingReviewSchema,
} from './events';
import { leaseSecuritySchema } from './private-rental';
import { appealOutcomeSchema, appealReviewSchema, appealSchema } from './appeals';

export const STEP_SCHEMAS = {
  review: reviewSchema,
  informed: informedSchema,
  mapping: mappingSchema,
  decision: decisionSchema,
  housingOffer: housingOfferSchema,
  offerResponse: offerResponseSchema,
  lease: leaseSchema,
  moveIn: moveInSchema,
  waitingReview: waitingReviewSchema,
  correctPerson: personCorrectionSchema,
  plans: plansSchema,
  contact: contactSchema,
  evaluation: evaluationSchema,
  evictionRisk: evictionRiskSchema,
  actionPlan: actionPlanSchema,
  housingLost: housingLostSchema,
  exit: exitSchema,
  consentWithdrawal: consentWithdrawalSchema,
  consentScope: consentScopeSchema,
  appeal: appealSchema,
  appealReview: appealReviewSchema,
  appealOutcome: appealOutcomeSchema,
  leaseSecurity: leaseSecuritySchema,
} satisfies { [K in StepName]: z.ZodType };
