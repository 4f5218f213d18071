/**
 * The places coordinator: one workflow per municipality (`places-<municipality>`) owning the
 * places and the waiting list. Signals are applied one at a time (a workflow's handlers never
 * interleave), so concurrent requests cannot oversubscribe. Runs indefinitely, continuing as new
 * before its history grows large, carrying holders, the waiting list and every answer not yet
 * told.
 *
 * Since `places-bounded-work` (rules 2 of domain/places.ts) the work per event is bounded,
 * whatever the length of the list: only the case that got a place and those whose position
 * changed class are told, and they are told in batches by one activity (`tellCases`), not one
 * external signal (and workflow task) each. Every history event counts toward continue-as-new.
 * Before it, a release with 5,000 waiting signalled 5,000 cases and a few releases passed the
 * 51,200-event limit (the run was terminated, and the next signal-with-start began empty).
 */
import {
  ActivityCancellationType,
  ActivityFailure,
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { PathwayActivities } from '../activities/types';
import {
  configurePlaces,
  emptyPlaces,
  mergeEffects,
  placeOf,
  putBack,
  takeEffects,
  placesView,
  releasePlace,
  requestPlace,
  type PlacesEffect,
  type PlacesRules,
  type PlacesState,
} from '../domain/places';
import {
  getPlaceOfQuery,
  getPlacesQuery,
  placeGrantedSignal,
  placeReleaseSignal,
  placeRequestSignal,
  placeRequestsSignal,
  placesConfigureSignal,
  waitlistPositionSignal,
} from './messages';
import { runActivationsAsOneBatch } from './one-batch';

/** The coordinator tells only the cases whose position changed class, in batches (rules 2). */
export const PATCH_PLACES_BOUNDED = 'places-bounded-work';

/**
 * Runs of at most `SHORT_RUN_EVENTS` events. A worker that rebuilds the coordinator (a restart,
 * an eviction, a signal that came while it continued as new) replays the whole run inside one
 * workflow task, and that task has ten seconds. A run of Temporal's suggested 4,096 events with
 * 5,000 waiting took 7 s to replay on an idle machine with two cores (12 s before the waiting list
 * stopped building a map per event): on a busy worker the task timed out, was tried again from the
 * start, timed out again, and the coordinator told nobody anything. A run of 1,000 events, a
 * quarter as many, replays in about a third of that time (measured). Runs recorded before this
 * keep their limits.
 */
export const PATCH_PLACES_SHORT_RUNS = 'places-short-runs';
const SHORT_RUN_EVENTS = 1_000;

/** Telling cases: retried until it works (the answers are kept meanwhile, never dropped). */
const telling = proxyActivities<Pick<PathwayActivities, 'tellCases'>>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '1 minute',
  cancellationType: ActivityCancellationType.ABANDON,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Cases told per activity call. */
const BATCH = 500;

export interface PlacesLimits {
  /** Continue as new at this many history events (Temporal warns at 10,240, stops at 51,200). */
  historyEvents: number;
  /** … or at this history size in bytes. */
  historyBytes: number;
  /** … or after this many signals in one run (at most 10,000 per run). */
  messages: number;
  /** How long continue-as-new waits for a batch under way before letting it go (told again next run). */
  drainGraceMs: number;
}

const DEFAULT_LIMITS: PlacesLimits = {
  historyEvents: 10_000,
  historyBytes: 8_000_000,
  messages: 2_000,
  drainGraceMs: 60_000,
};

export interface PlacesInput {
  municipality: string;
  capacity: number;
  /** Carried across continue-as-new. */
  state?: PlacesState;
  /** Messages per run before continuing as new. */
  messagesPerRun?: number;
  /** Answers not yet told when the run before continued as new (rules 2). */
  untold?: PlacesEffect[];
  /** Overrides of the run limits (tests). */
  limits?: Partial<PlacesLimits>;
}

export function placesWorkflowId(municipality: string): string {
  return `places-${municipality}`;
}

export async function placesWorkflow(input: PlacesInput): Promise<void> {
  runActivationsAsOneBatch();
  if (patched(PATCH_PLACES_BOUNDED)) return boundedCoordinator(input);
  return firstCoordinator(input);
}

/** Rules 2: bounded work per event, answers in batches, every event counted. */
async function boundedCoordinator(input: PlacesInput): Promise<void> {
  const rules: PlacesRules = 2;
  const state = input.state ?? emptyPlaces(input.municipality, input.capacity);
  const limits: PlacesLimits = {
    ...DEFAULT_LIMITS,
    ...(patched(PATCH_PLACES_SHORT_RUNS) ? { historyEvents: SHORT_RUN_EVENTS } : {}),
    ...(input.messagesPerRun ? { messages: input.messagesPerRun } : {}),
    ...input.limits,
  };
  const untold = mergeEffects(new Map(), input.untold ?? []);
  let handled = 0;
  let draining = false;

  const request = (caseId: unknown, existing: unknown) => {
    if (typeof caseId === 'string' && caseId.length > 0) {
      mergeEffects(untold, requestPlace(state, caseId, existing === true, rules));
    }
  };
  setHandler(placeRequestSignal, (arg) => {
    if (isRecord(arg)) request(arg.caseId, arg.existing);
    handled++;
  });
  setHandler(placeRequestsSignal, (arg) => {
    if (isRecord(arg) && Array.isArray(arg.requests)) {
      for (const r of arg.requests) if (isRecord(r)) request(r.caseId, r.existing);
    }
    handled++;
  });
  setHandler(placeReleaseSignal, (arg) => {
    if (isRecord(arg) && typeof arg.caseId === 'string') {
      mergeEffects(untold, releasePlace(state, arg.caseId, rules));
    }
    handled++;
  });
  setHandler(placesConfigureSignal, (arg) => {
    if (isRecord(arg) && typeof arg.capacity === 'number' && arg.capacity >= 0) {
      mergeEffects(untold, configurePlaces(state, arg.capacity, rules));
    }
    handled++;
  });
  setHandler(getPlacesQuery, () => placesView(state));
  setHandler(getPlaceOfQuery, (caseId) => placeOf(state, caseId));

  const timeToContinue = () => {
    const info = workflowInfo();
    return (
      handled >= limits.messages ||
      info.continueAsNewSuggested ||
      info.historyLength >= limits.historyEvents ||
      info.historySize >= limits.historyBytes
    );
  };

  // One batch at a time, in the order the answers arose; what arrives meanwhile waits (merged).
  let underWay: CancellationScope | undefined;
  const teller = (async () => {
    for (;;) {
      await condition(() => draining || untold.size > 0);
      if (draining) return;
      const batch = takeEffects(untold, BATCH);
      try {
        underWay = new CancellationScope();
        const { ended } = await underWay.run(() =>
          telling.tellCases({ municipality: state.municipality, effects: batch }),
        );
        // The case has ended (or never existed): whatever it held or waited for is free again.
        for (const caseId of ended) mergeEffects(untold, releasePlace(state, caseId, rules));
      } catch (err) {
        // Not told: the batch goes back in front (newer answers for the same case win).
        putBack(untold, batch);
        // Cancelled (the drain let go of it, or the run is cancelled or evicted from the cache):
        // stop here and touch nothing, the batch is carried or replayed.
        if (isCancellation(err) || !(err instanceof ActivityFailure)) return;
        await sleep('1 minute'); // a refusal (not retried by the policy): try again shortly
      } finally {
        underWay = undefined;
      }
    }
  })();

  await condition(timeToContinue);
  draining = true;
  let stopped = false;
  void teller.then(() => (stopped = true));
  if (!(await condition(() => stopped, limits.drainGraceMs))) underWay?.cancel();
  await teller;
  await condition(allHandlersFinished);
  return continueAsNew<typeof placesWorkflow>({
    municipality: input.municipality,
    capacity: state.capacity,
    state,
    untold: [...untold.values()],
    messagesPerRun: input.messagesPerRun,
    limits: input.limits,
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Rules 1, as recorded before `places-bounded-work`: every moved case told by its own signal. */
async function firstCoordinator(input: PlacesInput): Promise<void> {
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
  setHandler(getPlaceOfQuery, (caseId) => placeOf(state, caseId));

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
