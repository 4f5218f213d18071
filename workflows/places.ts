/**
 * The places coordinator: one workflow per municipality (`places-<municipality>`) owning the
 * places and the waiting list. Signals are applied one at a time (a workflow's handlers never
 * interleave), so concurrent requests cannot oversubscribe; answers go back to each case as
 * signals. A case that no longer exists gives its place back. Runs indefinitely, continuing as
 * new before its history grows large.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  configurePlaces,
  emptyPlaces,
  placesView,
  releasePlace,
  requestPlace,
  type PlacesEffect,
  type PlacesState,
} from '../domain/places';
import {
  getPlacesQuery,
  placeGrantedSignal,
  placeReleaseSignal,
  placeRequestSignal,
  placesConfigureSignal,
  waitlistPositionSignal,
} from './messages';

export interface PlacesInput {
  municipality: string;
  capacity: number;
  /** Carried across continue-as-new. */
  state?: PlacesState;
  /** Messages per run before continuing as new. */
  messagesPerRun?: number;
}

export function placesWorkflowId(municipality: string): string {
  return `places-${municipality}`;
}

export async function placesWorkflow(input: PlacesInput): Promise<void> {
  const state = input.state ?? emptyPlaces(input.municipality, input.capacity);
  const limit = input.messagesPerRun ?? 1_000;
  const outgoing: PlacesEffect[] = [];
  let handled = 0;

  setHandler(placeRequestSignal, ({ caseId, existing }) => {
    outgoing.push(...requestPlace(state, caseId, !!existing));
    handled++;
  });
  setHandler(placeReleaseSignal, ({ caseId }) => {
    outgoing.push(...releasePlace(state, caseId));
    handled++;
  });
  setHandler(placesConfigureSignal, ({ capacity }) => {
    if (typeof capacity === 'number' && capacity >= 0) outgoing.push(...configurePlaces(state, capacity));
    handled++;
  });
  setHandler(getPlacesQuery, () => placesView(state));

  const timeToContinue = () => handled >= limit || workflowInfo().continueAsNewSuggested;

  for (;;) {
    await condition(() => outgoing.length > 0 || timeToContinue());
    while (outgoing.length > 0) {
      const effect = outgoing.shift()!;
      try {
        const handle = getExternalWorkflowHandle(effect.caseId);
        if (effect.kind === 'granted') await handle.signal(placeGrantedSignal, { position: 0 });
        else await handle.signal(waitlistPositionSignal, { position: effect.position });
      } catch (err) {
        /* istanbul ignore if: nobody cancels the coordinator (it runs as long as the municipality) */
        if (isCancellation(err)) throw err;
        // The case has ended (or never existed): whatever it held or waited for is free again.
        outgoing.push(...releasePlace(state, effect.caseId));
      }
    }
    if (timeToContinue()) {
      await condition(allHandlersFinished);
      // Signal handlers are synchronous and the loop above empties the outbox, so it is empty
      // here; the test is a guard.
      /* istanbul ignore else */
      if (outgoing.length === 0) {
        return continueAsNew<typeof placesWorkflow>({ ...input, capacity: state.capacity, state });
      }
    }
  }
}
