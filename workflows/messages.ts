/**
 * The case workflow's messages: one definition, two users (the workflow handles them, the API
 * sends them). Human decisions are updates with validators, so the caller learns at once whether
 * the event fits the case's stage; a rejected update changes nothing and leaves no history.
 * An accepted update answers with an EventReceipt (stage, what comes next, the event's own IDs);
 * the whole case is read through `getCase`. Runs started before the receipts answered with the
 * whole view (CaseView), so a caller reads only the receipt's fields and the created IDs.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CaseView, EventReceipt } from '../domain/case';
import type { PolicySnapshot } from '../domain/policy';
import type { RejectionType } from '../domain/pathway/events';
import type { PlaceOf, PlacesView } from '../domain/places';
import type { LeaseSecurityEvent } from '../domain/private-rental';
import type { AppealEvent, AppealOutcomeEvent, AppealReviewEvent } from '../domain/appeals';
import { STEPS } from '../domain/steps';
import type { ProgrammeView } from '../domain/programme';
import type {
  PersonCorrectionEvent,
  ActionPlanEvent,
  Actor,
  ConsentScopeEvent,
  ConsentWithdrawalEvent,
  ContactEvent,
  DecisionEvent,
  EvaluationEvent,
  EvictionRiskEvent,
  ExitEvent,
  HousingLostEvent,
  HousingOfferEvent,
  InformedEvent,
  LeaseEvent,
  MappingEvent,
  MoveInEvent,
  OfferResponseEvent,
  PlansEvent,
  ReviewEvent,
  WaitingReviewEvent,
} from '../domain/types';

/** Every update carries who reported it; the event itself carries its own date. */
export interface Reported<E> {
  actor: Actor;
  event: E;
}

/** Thrown by validators: the API answers 409 with the stage and what it expects. */
export const WRONG_STAGE = 'WrongStage' satisfies RejectionType;
/** Thrown by validators: a field of the event is not usable (the message names it): a 400. */
export const INVALID_EVENT = 'InvalidEvent' satisfies RejectionType;
/** Thrown by validators: the event names an offer, risk or incident the case does not have: a 404. */
export const UNKNOWN_REFERENCE = 'UnknownReference' satisfies RejectionType;

export const getCaseQuery = defineQuery<CaseView>('getCase');

export const reviewUpdate = defineUpdate<EventReceipt, [Reported<ReviewEvent>]>('review');
export const informedUpdate = defineUpdate<EventReceipt, [Reported<InformedEvent>]>('informed');
export const mappingUpdate = defineUpdate<EventReceipt, [Reported<MappingEvent>]>('mapping');
export const decisionUpdate = defineUpdate<EventReceipt, [Reported<DecisionEvent>]>('decision');
export const housingOfferUpdate = defineUpdate<
  EventReceipt & { offerId: string },
  [Reported<HousingOfferEvent>]
>('housingOffer');
export const offerResponseUpdate = defineUpdate<EventReceipt, [Reported<OfferResponseEvent>]>(
  'offerResponse',
);
export const leaseUpdate = defineUpdate<EventReceipt, [Reported<LeaseEvent>]>(STEPS.lease.name);
export const moveInUpdate = defineUpdate<EventReceipt, [Reported<MoveInEvent>]>(STEPS.moveIn.name);
/** The team lead reviewed a case on the waiting list (its review task closes). */
export const waitingReviewUpdate = defineUpdate<EventReceipt, [Reported<WaitingReviewEvent>]>(
  STEPS.waitingReview.name,
);
export const correctPersonUpdate = defineUpdate<EventReceipt, [Reported<PersonCorrectionEvent>]>(
  STEPS.correctPerson.name,
);
/** Appeals (domain/appeals.ts): received, the team lead's own review, Statsforvalteren's outcome. */
export const appealUpdate = defineUpdate<EventReceipt & { appealId: string }, [Reported<AppealEvent>]>(
  STEPS.appeal.name,
);
export const appealReviewUpdate = defineUpdate<EventReceipt, [Reported<AppealReviewEvent>]>(
  STEPS.appealReview.name,
);
export const appealOutcomeUpdate = defineUpdate<EventReceipt, [Reported<AppealOutcomeEvent>]>(
  STEPS.appealOutcome.name,
);
/** The deposit or guarantee of a private lease is in place (domain/private-rental.ts). */
export const leaseSecurityUpdate = defineUpdate<EventReceipt, [Reported<LeaseSecurityEvent>]>(
  STEPS.leaseSecurity.name,
);
export const plansUpdate = defineUpdate<EventReceipt, [Reported<PlansEvent>]>('plans');
export const contactUpdate = defineUpdate<EventReceipt, [Reported<ContactEvent>]>('contact');
export const evaluationUpdate = defineUpdate<EventReceipt, [Reported<EvaluationEvent>]>('evaluation');
export const evictionRiskUpdate = defineUpdate<
  EventReceipt & { riskId: string },
  [Reported<EvictionRiskEvent>]
>('evictionRisk');
export const actionPlanUpdate = defineUpdate<EventReceipt, [Reported<ActionPlanEvent>]>('actionPlan');
export const housingLostUpdate = defineUpdate<EventReceipt, [Reported<HousingLostEvent>]>('housingLost');
export const exitUpdate = defineUpdate<EventReceipt, [Reported<ExitEvent>]>('exit');
export const consentWithdrawalUpdate = defineUpdate<EventReceipt, [Reported<ConsentWithdrawalEvent>]>(
  'consentWithdrawal',
);
/** The person changed the consent scope (e.g. now consents to NAV being told). Not in a terminal stage. */
export const consentScopeUpdate = defineUpdate<EventReceipt, [Reported<ConsentScopeEvent>]>('consentScope');
/**
 * Admin: move a running case to a newer version of its municipality's policy (a case otherwise
 * keeps the snapshot it started with; see workflows/case.ts). Unsent reminders are recomputed.
 */
export const adoptPolicyUpdate = defineUpdate<EventReceipt, [{ actor: Actor; policy: PolicySnapshot }]>(
  'adoptPolicy',
);
export const retryIncidentUpdate = defineUpdate<EventReceipt, [{ actor: Actor; incidentId: string }]>(
  'retryIncident',
);

/** From the municipality's places coordinator: a place is now held for this case. */
export const placeGrantedSignal = defineSignal<[{ position: number }]>('placeGranted');
/** From the coordinator: the case's position on the waiting list changed. */
export const waitlistPositionSignal = defineSignal<[{ position: number }]>('waitlistPosition');

// ---------------------------------------------------------------------------------------------
// The places coordinator (one workflow per municipality, `places-<municipality>`): cases reach it
// through the requestPlace / releasePlace activities (signal-with-start), one message at a time.

export const placeRequestSignal = defineSignal<[{ caseId: string; existing?: boolean }]>('placeRequest');
/** Many requests at once (a municipality bringing its list into the service; tests at scale). */
export const placeRequestsSignal =
  defineSignal<[{ requests: { caseId: string; existing?: boolean }[] }]>('placeRequests');
export const placeReleaseSignal = defineSignal<[{ caseId: string }]>('placeRelease');
/** The worker's bootstrap keeps the capacity equal to the profile's `places`. */
export const placesConfigureSignal = defineSignal<[{ capacity: number }]>('placesConfigure');
export const getPlacesQuery = defineQuery<PlacesView>('getPlaces');
/** Where one case stands: held, waiting (exact position) or unknown. */
export const getPlaceOfQuery = defineQuery<PlaceOf, [string]>('getPlaceOf');

// The programme (one workflow per municipality, `programme-<municipality>`).

export const programmeConfigureSignal = defineSignal<
  [
    {
      programme: {
        startDate: string;
        milestones: { id: string; title: string; afterMonths: number; repeatEveryMonths?: number }[];
      };
    },
  ]
>('programmeConfigure');
export const getProgrammeQuery = defineQuery<ProgrammeView>('getProgramme');
export const retryProgrammeIncidentUpdate = defineUpdate<
  ProgrammeView,
  [{ actor: Actor; incidentId: string }]
>('retryProgrammeIncident');
