/**
 * A workflow for the stale-activation story only (bundled by test/workflow/stale-activations.test.ts,
 * never by the worker): it notes the history length at which it took each signal and update, so
 * the test can tell a real workflow task (a WorkflowTaskStarted event) from a query-only one.
 */
import {
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';

export interface Move {
  what: 'signal' | 'update';
  historyLength: number;
}

export const moveSignal = defineSignal('move');
export const decideUpdate = defineUpdate<number>('decide');
export const movesQuery = defineQuery<Move[]>('moves');

export async function staleProbe(): Promise<Move[]> {
  const moves: Move[] = [];
  let changed = false;
  const note = (what: Move['what']) => {
    moves.push({ what, historyLength: workflowInfo().historyLength });
    changed = true;
  };
  setHandler(moveSignal, () => note('signal'));
  setHandler(decideUpdate, () => {
    note('update');
    return moves.length;
  });
  setHandler(movesQuery, () => moves);
  // Waiting with a timer, as the case does: a signal cancels it, the next wait starts another.
  while (moves.length < 2) {
    changed = false;
    await condition(() => changed, '30 days');
  }
  return moves;
}
