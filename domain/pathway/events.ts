/**
 * What changes a case besides the steps people report (each of those is one module under
 * domain/steps/): the administrator's updates (retry an incident, adopt a newer policy) and the
 * places coordinator's signals (a place granted, a position on the waiting list).
 *
 * The principles hold across the steps as invariants:
 * - "not relevant" and "no place" queue an information letter and an inform-person task, never
 *   a decision (only the decision step queues a decision letter, and only after a place is held);
 * - no event asks for sobriety or treatment (no check looks at the target-group criteria);
 * - a declined offer changes nothing but the offer (the place is kept);
 * - housing lost keeps the case in follow-up and restarts procurement inside it;
 * - follow-up has no task that ends it; only an exit or a withdrawal does.
 */
import { isTerminal } from '../stages';
import type { Actor } from '../types';
import type { PolicySnapshot } from '../policy';
import { invalid, isObject, unknown, type Check } from './checks';
import { enqueue, retryIncident } from './outbox';
import { closeTasks, record, setStage, SYSTEM_ACTOR, type CaseState } from './state';
import { openLadderTask, recomputeLadders } from './tasks';

export {
  CURRENT_RULES,
  type Check,
  type Rejection,
  type RejectionDetails,
  type RejectionType,
  type Rules,
} from './checks';

// ---------------------------------------------------------------------------------------------
// Administration

export const checkRetryIncident: Check<{ incidentId: string }> = (state, e) => {
  const incident = state.incidents.find((i) => i.id === e.incidentId);
  if (!incident) return unknown('incidentId', String(e.incidentId));
  if (incident.status !== 'open') {
    return invalid('incidentId', `${incident.id} is ${incident.status}, not waiting for a retry`);
  }
  return undefined;
};

export function applyRetryIncident(
  state: CaseState,
  actor: Actor,
  e: { incidentId: string },
  now: Date,
): void {
  retryIncident(state, e.incidentId, actor, now);
}

export const checkAdoptPolicy: Check<PolicySnapshot> = (state, policy) => {
  if (!isObject(policy) || policy.municipality !== state.municipality) {
    return invalid('policy.municipality', `expected the policy of ${state.municipality}`);
  }
  if (!(policy.version > state.policy.version)) {
    return invalid('policy.version', `the case already follows version ${state.policy.version}`);
  }
  return undefined;
};

export function applyAdoptPolicy(state: CaseState, actor: Actor, policy: PolicySnapshot, now: Date): void {
  const from = state.policy.version;
  state.policy = policy;
  recomputeLadders(state, now);
  record(state, now, 'policy-adopted', actor, `policy version ${from} → ${policy.version}`);
}

// ---------------------------------------------------------------------------------------------
// From the places coordinator

export function applyPlaceGranted(state: CaseState, now: Date): void {
  if (isTerminal(state.stage) || state.place?.status === 'released') {
    // Granted after the case ended (the release crossed the grant): give it straight back.
    enqueue(state, { system: 'places', op: 'release' }, now);
    return;
  }
  if (state.place?.status === 'held') return;
  state.place = { status: 'held' };
  record(state, now, 'place-granted', SYSTEM_ACTOR, 'a place is held for the person');
  closeTasks(state, (t) => t.kind === 'waiting-review');
  if (state.stage === 'waiting-for-place') {
    setStage(state, 'decision', now);
    openLadderTask(state, 'decision', 'decision', now, now);
  }
}

export function applyWaitlistPosition(state: CaseState, position: number, now: Date): void {
  if (state.place?.status !== 'waiting' || state.place.position === position) return;
  const was = state.place.position;
  state.place.position = position;
  if (was === undefined)
    record(state, now, 'waiting-list', SYSTEM_ACTOR, `on the waiting list, position ${position}`);
}
