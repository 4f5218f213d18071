/**
 * No case waits unseen (issue 14, item 4). A case waiting for a place is reviewed on the
 * profile's cadence (`waitingReview.every`, 30 days by default): the team lead gets a review task,
 * and the case asks the municipality's places coordinator whether it still knows the request.
 *
 * - Known and waiting: the case learns its exact position.
 * - Known and held: the grant never reached the case; it moves on to the decision now.
 * - Unknown (the coordinator lost it, or was restored without it): an incident is raised — the
 *   administrator is alerted, `HasIncident` shows it — and the place is requested again (the
 *   request is idempotent, so a request the coordinator did know is never doubled). The incident
 *   is resolved by the coordinator's next answer that knows the case, checked right after.
 *
 * The workflow runs these from rules it decides with `patched()` (see workflows/case.ts).
 */
import type { Incident } from '../case';
import { after, rebase } from '../deadlines';
import type { PlaceOf } from '../places';
import type { PolicySnapshot } from '../policy';
import { applyPlaceGranted, applyWaitlistPosition } from './events';
import { enqueue } from './outbox';
import { closeTasks, iso, openTask, record, SYSTEM_ACTOR, type CaseState } from './state';

export const WAITING_REVIEW_DEFAULT = { every: '30 days', escalateAfter: '14 days' } as const;

export function waitingReviewPolicy(policy: PolicySnapshot): { every: string; escalateAfter: string } {
  return policy.waitingReview ?? WAITING_REVIEW_DEFAULT;
}

/** The operation an incident for a lost request names. */
export const LOST_REQUEST_OPERATION = 'confirmPlace';

function waiting(state: CaseState): boolean {
  return state.stage === 'waiting-for-place' && state.place?.status === 'waiting';
}

/** The latest review of this wait (one from an earlier wait does not count). */
function latest(state: CaseState): { round: number; at: Date } | undefined {
  const r = state.waitingReview;
  return r && r.since === state.stageSince ? { round: r.round, at: new Date(r.at) } : undefined;
}

/** When the next review of a waiting case is due (undefined when the case is not waiting). */
export function nextWaitingReviewAt(state: CaseState): Date | undefined {
  if (!waiting(state)) return undefined;
  const from = latest(state)?.at ?? new Date(state.stageSince);
  return after(state.policy, from, waitingReviewPolicy(state.policy).every);
}

/**
 * Opens the review that is due (one task, replacing an unfinished one) and asks the coordinator.
 * A case that comes back after a long pause (a worker down, an old case entering these rules)
 * gets one review for the latest due instant, not one per missed round.
 */
export function reviewWaiting(state: CaseState, now: Date): boolean {
  let due = nextWaitingReviewAt(state);
  if (!due || due.getTime() > now.getTime()) return false;
  const every = waitingReviewPolicy(state.policy).every;
  let round = (latest(state)?.round ?? 0) + 1;
  for (let next = after(state.policy, due, every); next.getTime() <= now.getTime();) {
    due = next;
    round++;
    next = after(state.policy, due, every);
  }
  state.waitingReview = { since: state.stageSince, round, at: iso(due) };
  closeTasks(state, (t) => t.kind === 'waiting-review');
  const escalateAt = after(state.policy, due, waitingReviewPolicy(state.policy).escalateAfter);
  openTask(state, {
    id: `waiting-review-${round}`,
    kind: 'waiting-review',
    now,
    anchor: due,
    dueAt: escalateAt,
    times: rebase({ remindAt: due, escalateAt }, now),
    facts: state.place?.position ? { position: state.place.position } : undefined,
  });
  record(state, now, 'waiting-review', SYSTEM_ACTOR, `waiting review ${round}: the coordinator is asked`);
  enqueue(state, { system: 'places', op: 'confirm' }, now);
  return true;
}

/** The coordinator's answer to a review (or to the check after a request made again). */
export function placeConfirmed(state: CaseState, place: PlaceOf | undefined, now: Date): void {
  if (!place || !waiting(state)) {
    if (place?.status !== 'unknown') resolveLost(state, now);
    return;
  }
  switch (place.status) {
    case 'held':
      resolveLost(state, now);
      applyPlaceGranted(state, now);
      return;
    case 'waiting':
      resolveLost(state, now);
      applyWaitlistPosition(state, place.position, now);
      record(
        state,
        now,
        'waiting-confirmed',
        SYSTEM_ACTOR,
        `the coordinator knows the request (position ${place.position})`,
      );
      return;
    case 'unknown':
      lost(state, now);
      return;
  }
}

/** The open incident of a lost request (a failed call of the confirm lane has its own item). */
function openLostIncident(state: CaseState): Incident | undefined {
  return state.incidents.find(
    (i) =>
      i.operation === LOST_REQUEST_OPERATION &&
      i.status !== 'resolved' &&
      !state.outbox.some((o) => o.incidentId === i.id),
  );
}

function lost(state: CaseState, now: Date): void {
  let incident = openLostIncident(state);
  const message =
    'the places coordinator did not know the request for a place; it was requested again and joins the end of the list';
  if (incident) {
    incident.attempts++;
  } else {
    incident = {
      id: `incident-${++state.seq.incident}`,
      system: 'places',
      operation: LOST_REQUEST_OPERATION,
      message,
      openedAt: iso(now),
      status: 'open',
      attempts: 1,
    };
    state.incidents.push(incident);
  }
  record(state, now, 'incident', SYSTEM_ACTOR, `${incident.id}: the coordinator did not know the request`);
  enqueue(
    state,
    {
      system: 'urgent',
      op: 'notify',
      message: {
        purpose: `${incident.id}:failure-${incident.attempts}`,
        kind: 'incident',
        recipient: 'admin',
        topic: 'incident',
        since: incident.openedAt,
        facts: { incident: incident.id, system: incident.system, operation: incident.operation },
      },
    },
    now,
  );
  state.place = { status: 'waiting' };
  // Asked again, then checked at once: the answer that knows the case resolves the incident.
  enqueue(state, { system: 'places', op: 'request', existing: false }, now);
  enqueue(state, { system: 'places', op: 'confirm' }, now);
}

function resolveLost(state: CaseState, now: Date): void {
  const incident = openLostIncident(state);
  if (!incident) return;
  incident.status = 'resolved';
  incident.resolvedAt = iso(now);
  record(
    state,
    now,
    'incident-resolved',
    SYSTEM_ACTOR,
    `${incident.id} (${incident.operation}): the coordinator knows the request again`,
  );
}
