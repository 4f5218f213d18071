/**
 * The case's calls to outside systems run in lanes, one per system, each taking the first item
 * of its queue in the outbox (domain/pathway/outbox.ts). A call that fails past its retry policy
 * (or is refused as invalid) opens an incident and holds only its lane until an administrator
 * retries it; timers and the other systems go on. The workflow never fails because of an outside
 * system.
 *
 * Before the quick drain, continue-as-new waited for every lane, a letter's 14-day delivery watch
 * included, and no reminder or alert went out meanwhile. Now a call under way runs in its own
 * scope the drain can let go of: the item stays first in its lane and the next run calls again
 * (every call is idempotent by its key; a delivery watch just polls again).
 */
import { ActivityFailure, CancellationScope, condition, isCancellation } from '@temporalio/workflow';
import * as pathway from '../domain/pathway';
import type { CaseState, OutboxResult, OutboxSystem } from '../domain/pathway';
import { callFor } from './case-calls';
import type { CasePatches } from './case-patches';

export interface Outbox {
  /** Lets every lane stop (before continue-as-new): long waits at once, a call under way after the grace. */
  drain(): Promise<void>;
}

/** Starts a lane for every system; `settled` is told each time an item is done or has failed. */
export function runOutbox(
  state: CaseState,
  p: Pick<CasePatches, 'quickDrain' | 'settleIncidents' | 'emailQueue' | 'callIds'>,
  drainGraceMs: number,
  settled: () => void,
): Outbox {
  let draining = false;
  const underWay = new Map<OutboxSystem, { scope: CancellationScope; long: boolean }>();

  async function runLane(system: OutboxSystem): Promise<void> {
    for (;;) {
      await condition(() => draining || pathway.runnable(state, system) !== undefined);
      if (draining) return;
      const item = pathway.runnable(state, system)!;
      try {
        let result: OutboxResult;
        if (p.quickDrain) {
          const scope = new CancellationScope();
          underWay.set(system, { scope, long: item.op === 'await' });
          try {
            result = await scope.run(() => callFor(state, item, p));
          } finally {
            underWay.delete(system);
          }
        } else {
          result = await callFor(state, item, p);
        }
        pathway.completeItem(state, item, result, new Date());
      } catch (err) {
        if (isCancellation(err)) {
          // Only a drain cancels a call; the else is a cancellation of the whole case, which
          // nothing sends (cases end by exit or withdrawal).
          /* istanbul ignore else */
          if (p.quickDrain && draining) return; // let go for the next run; the item stays queued
          throw err;
        }
        if (p.settleIncidents && !pathway.isQueued(state, item)) {
          pathway.forgetDroppedFailure(state, item, new Date());
        } else {
          pathway.failItem(state, item, failureText(err), new Date());
        }
      }
      settled();
    }
  }

  const lanes = pathway.OUTBOX_SYSTEMS.map((system) => runLane(system));

  return {
    async drain() {
      draining = true;
      if (!p.quickDrain) {
        await Promise.all(lanes);
        return;
      }
      for (const call of underWay.values()) if (call.long) call.scope.cancel();
      let stopped = false;
      const all = Promise.all(lanes).then(() => {
        stopped = true;
      });
      if (!(await condition(() => stopped, drainGraceMs))) {
        for (const call of underWay.values()) call.scope.cancel();
      }
      await all;
    },
  };
}

/** What the incident shows (kept inside the encrypted state; emails name only the operation). */
function failureText(err: unknown): string {
  // A lane's failure is an activity's (with its cause) or a guard's ApplicationFailure (ignored above).
  const e = err instanceof ActivityFailure && err.cause ? err.cause : /* istanbul ignore next */ err;
  const text = e instanceof Error ? `${e.name}: ${e.message}` : /* istanbul ignore next */ String(e);
  return text.slice(0, 500);
}
