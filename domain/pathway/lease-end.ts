/**
 * Leases end (issue 13 item 4). When the person loses the home (an eviction carried out, or the
 * home otherwise lost) or leaves the programme for good, the lease is ended in the housing system
 * so the unit can be let again; and an eviction carried out makes the action plans still owed for
 * the risks before it moot (there is no tenancy left to save), so their tasks close.
 *
 * Not every exit ends the lease. Housing First separates housing from services: a person who no
 * longer wants follow-up keeps their home, and a stay in an institution or prison does not end a
 * tenancy. The lease ends when the person moved away, died, or was transferred to a place they
 * now live (supported housing, a nursing home, another municipality).
 *
 * Run from the case workflow's scheduler (behind `patched('end-leases')`): it reads the state the
 * events left and is idempotent, so the event rules themselves are unchanged.
 */
import { mayTell } from '../consent';
import type { ExitDestination, ExitReason, IsoDate } from '../types';
import { enqueue } from './outbox';
import { closeTask, record, SYSTEM_ACTOR, type CaseState, type LeaseEndReason } from './state';

/** Transfers to a place the person now lives: the old home is given up. */
const NEW_HOME_DESTINATIONS: readonly ExitDestination[] = [
  'supported-housing',
  'nursing-home',
  'other-municipality',
];

/** Whether an exit gives up the home. */
export function exitEndsLease(exit: { reason: ExitReason; destination?: ExitDestination }): boolean {
  if (exit.reason === 'moved-away' || exit.reason === 'deceased') return true;
  return (
    exit.reason === 'transferred' && !!exit.destination && NEW_HOME_DESTINATIONS.includes(exit.destination)
  );
}

const REASON_TEXT: Record<LeaseEndReason, string> = {
  eviction: 'eviction carried out',
  'housing-lost': 'housing lost',
  exit: 'the person left the programme',
};

/** Why and from when the current lease is over, if it is. */
function endingOf(state: CaseState): { date: IsoDate; reason: LeaseEndReason } | undefined {
  const h = state.housing;
  if (h.status === 'lost' && h.housingLostAt.length > 0) {
    const date = h.housingLostAt[h.housingLostAt.length - 1];
    const evicted = state.evictionRisks.some((r) => r.kind === 'eviction-executed' && r.date === date);
    return { date, reason: evicted ? 'eviction' : 'housing-lost' };
  }
  const home = h.status === 'housed' || h.status === 'lease-signed';
  if (state.stage === 'exited' && state.exit && home && exitEndsLease(state.exit)) {
    return { date: state.exit.date, reason: 'exit' };
  }
  return undefined;
}

/**
 * Ends the current lease once it is over: the housing system is asked to end it and free the
 * unit (idempotent by the lease's key; a refusal is an incident like any other call), when the
 * person's consent lets the housing provider be told, as when the lease was registered.
 */
export function endLeaseWhenOver(state: CaseState, now: Date): boolean {
  const lease = state.housing.lease;
  if (!lease || lease.ended) return false;
  const ending = endingOf(state);
  if (!ending) return false;
  const told = mayTell(state.consent.scope, 'housing-provider');
  lease.ended = { ...ending, told };
  if (told) {
    enqueue(
      state,
      {
        system: 'housing',
        op: 'end-lease',
        unitId: lease.unitId,
        signedDate: lease.signedDate,
        endDate: ending.date,
        reason: ending.reason,
      },
      now,
    );
  }
  record(
    state,
    now,
    'lease-ended',
    SYSTEM_ACTOR,
    `lease for unit ${lease.unitId} ended (${REASON_TEXT[ending.reason]}); ` +
      (told ? 'the housing system frees the unit' : 'the housing provider is not told (consent)'),
    ending.date,
  );
  return true;
}

/**
 * An eviction carried out makes the action plans still owed for the risks reported before it
 * moot: their tasks close (the eviction's own action plan, for what happens now, stays due).
 */
export function closeMootActionPlans(state: CaseState, now: Date): number {
  let latest = -1;
  state.evictionRisks.forEach((r, i) => {
    if (r.kind === 'eviction-executed') latest = i;
  });
  if (latest < 0) return 0;
  const eviction = state.evictionRisks[latest];
  let closed = 0;
  for (const risk of state.evictionRisks.slice(0, latest)) {
    if (risk.actionPlan || risk.mootBy) continue;
    risk.mootBy = eviction.riskId;
    if (closeTask(state, `eviction:${risk.riskId}`)) {
      record(
        state,
        now,
        'action-plan-moot',
        SYSTEM_ACTOR,
        `${risk.riskId}: action plan no longer needed, eviction carried out (${eviction.riskId})`,
        eviction.date,
      );
      closed++;
    }
  }
  return closed;
}

/** What the scheduler runs after every change: both rules above. */
export function settleLeases(state: CaseState, now: Date): void {
  closeMootActionPlans(state, now);
  endLeaseWhenOver(state, now);
}
