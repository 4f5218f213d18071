/**
 * The request schema of every step that has its own module (domain/steps/): a step added to the
 * list without its schema here does not compile.
 */
import type { z } from 'zod';
import type { StepName } from '../steps';
import { leaseSecuritySchema } from './private-rental';
import { appealOutcomeSchema, appealReviewSchema, appealSchema } from './appeals';
import { leaseSchema, moveInSchema, personCorrectionSchema, waitingReviewSchema } from './events';

export const STEP_SCHEMAS = {
  lease: leaseSchema,
  moveIn: moveInSchema,
  waitingReview: waitingReviewSchema,
  correctPerson: personCorrectionSchema,
  appeal: appealSchema,
  appealReview: appealReviewSchema,
  appealOutcome: appealOutcomeSchema,
  leaseSecurity: leaseSecuritySchema,
} satisfies { [K in StepName]: z.ZodType };
