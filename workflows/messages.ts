/**
 * The case workflow's messages: one definition, two users (the workflow handles them, the API
 * sends them). Human decisions are updates with validators, so the caller learns at once whether
 * the event fits the case's stage; a rejected update changes nothing and leaves no history.
 * An accepted update answers with an EventReceipt (stage, what comes next, the event's own IDs);
 * the whole case is read through `getCase`. Runs started before the receipts answered with the
 * whole view (CaseView), so a caller reads only the receipt's fields and the created IDs.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { CaseView, EventReceipt } from '../domain/case';
import type { PolicySnapshot } from '../domain/policy';
import type { RejectionType } from '../domain/pathway/events';
import type { PlaceOf, PlacesView } from '../domain/places';
import { STEP_NAMES, type EventOf, type ResultOf, type StepName } from '../domain/steps';
import type { ProgrammeView } from '../domain/programme';
import type { Actor } from '../domain/types';

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

/**
 * One update per step of the pathway (domain/steps/), named as the step: histories carry these
 * names, so a step's name never changes. It answers with a receipt and what the step created.
 */
export type StepUpdate<N extends StepName> = UpdateDefinition<
  EventReceipt & (ResultOf<N> extends object ? ResultOf<N> : unknown),
  [Reported<EventOf<N>>]
>;
export const STEP_UPDATES = Object.fromEntries(STEP_NAMES.map((name) => [name, defineUpdate(name)])) as {
  [N in StepName]: StepUpdate<N>;
};

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
