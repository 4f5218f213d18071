/**
 * The steps written as one module each (step.ts says what a module holds). This list drives the
 * workflow's update definitions (workflows/messages.ts), the API's routes (api/routes/events.ts)
 * and request schemas (domain/schemas/steps.ts, a compile error when one is missing), and the
 * entry of cases registered mid-pathway (domain/pathway/start.ts).
 *
 * So far the housing steps that follow procurement (lease, move-in); the other events still live
 * in domain/pathway/events.ts and move here one by one.
 */
import { appeal } from './appeal';
import { appealOutcome } from './appeal-outcome';
import { appealReview } from './appeal-review';
import { correctPerson } from './correct-person';
import { lease } from './lease';
import { leaseSecurity } from './lease-security';
import { moveIn } from './move-in';
import { waitingReview } from './waiting-review';

export { appeal, appealOutcome, appealReview, correctPerson, lease, leaseSecurity, moveIn, waitingReview };

export const STEPS = {
  lease,
  moveIn,
  waitingReview,
  correctPerson,
  appeal,
  appealReview,
  appealOutcome,
  leaseSecurity,
} as const;
export type StepName = keyof typeof STEPS;
export const STEP_LIST = Object.values(STEPS);
