/**
 * Every step of the pathway a person reports, one module each (step.ts says what a module holds).
 * This list drives the workflow's update definitions and handlers (workflows/messages.ts,
 * workflows/case-updates.ts), the API's routes (api/routes/events.ts) and request schemas
 * (domain/schemas/steps.ts: a step without its schema does not compile), and the entry of cases
 * registered mid-pathway (domain/pathway/start.ts). The order is the pathway's, and the order of
 * the routes in the OpenAPI document.
 */
import { actionPlan } from './action-plan';
import { consentScope } from './consent-scope';
import { consentWithdrawal } from './consent-withdrawal';
import { contact } from './contact';
import { appeal } from './appeal';
import { appealOutcome } from './appeal-outcome';
import { appealReview } from './appeal-review';
import { correctPerson } from './correct-person';
import { decision } from './decision';
import { evaluation } from './evaluation';
import { evictionRisk } from './eviction-risk';
import { exit } from './exit';
import { housingLost } from './housing-lost';
import { housingOffer } from './housing-offer';
import { informed } from './informed';
import { lease } from './lease';
import { mapping } from './mapping';
import { leaseSecurity } from './lease-security';
import { moveIn } from './move-in';
import { offerResponse } from './offer-response';
import { plans } from './plans';
import { review } from './review';
import { waitingReview } from './waiting-review';

export const STEPS = {
  review,
  informed,
  mapping,
  decision,
  housingOffer,
  offerResponse,
  lease,
  moveIn,
  waitingReview,
  correctPerson,
  plans,
  contact,
  evaluation,
  evictionRisk,
  actionPlan,
  housingLost,
  exit,
  consentWithdrawal,
  consentScope,
  appeal,
  appealReview,
  appealOutcome,
  leaseSecurity,
} as const;
export { appeal, appealOutcome, appealReview, correctPerson, lease, leaseSecurity, moveIn, waitingReview };
export type StepName = keyof typeof STEPS;
/** The event a step takes and what its apply returns besides the receipt. */
export type EventOf<N extends StepName> = Parameters<(typeof STEPS)[N]['apply']>[2];
export type ResultOf<N extends StepName> = ReturnType<(typeof STEPS)[N]['apply']>;
export const STEP_NAMES = Object.keys(STEPS) as StepName[];
export const STEP_LIST = Object.values(STEPS);
