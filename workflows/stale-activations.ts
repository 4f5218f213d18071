/**
 * A query must never leave a case that no worker can replay. This interceptor, in every
 * workflow's sandbox, notices when a query-only task moved the cached run, and fails the next
 * real workflow task once, so the worker drops the run and rebuilds it from the history, the way
 * any replay will.
 *
 * Why (the full chaos run found it; `scripts/sdk-shape/` reproduces it with a 40-line workflow):
 * a query sent while no workflow task is pending goes straight to the worker as a query-only
 * task. When a signal lands before a worker takes that task, and the case's sticky queue has
 * timed out (its worker was killed or busy), the task carries the history past the last workflow
 * task, signal included. The SDK's core then applies the signal to the cached run, on the previous
 * task's clock, and the workflow reacts (cancels a timer, publishes its stage) inside the query.
 * Those commands ride the next real task ahead of whatever came with it (an update sent at once
 * by a client who saw the new stage in the query's answer). A replay takes the signal and the
 * update in one activation and writes them in the other order: the history can no longer be
 * replayed (`TMPRL1100 Update machine does not handle this event`), and the case stands still on
 * the next worker that has to rebuild it.
 *
 * How it knows: a real workflow task starts with a WorkflowTaskStarted event, which moves the
 * workflow's clock. An activation whose history grew while its clock did not is such a
 * query-only task. Its query is answered (the signal is in the history: the state it shows is
 * the one the case is about to have). The next activation that comes with a new clock is a real
 * task: it fails, once, before the workflow sees it; the worker evicts the run, and Temporal
 * retries the task at once on a run rebuilt from the history, in which the signal and whatever
 * came after it are taken the way a replay takes them. The failed task is one
 * WorkflowTaskFailed event with the fixed text below (it names nothing).
 *
 * Refusing the query itself was tried first: it evicted the run while the worker held the
 * signal's own workflow task, which the worker then never completed (a 10 s task time-out, and
 * the same non-replayable history). On replay nothing here acts, so recorded histories replay as
 * they did.
 */
import type {
  ActivateInput,
  Next,
  WorkflowInterceptorsFactory,
  WorkflowInternalsInterceptor,
} from '@temporalio/workflow';

/** The failed task's message: fixed, naming no case and no person. */
export const STALE_ACTIVATION =
  'a query-only task moved the cached run: the task is retried on a rebuilt run';

interface Seen {
  runId: string;
  historyLength: number;
  /** The activation's clock, exactly (seconds and nanoseconds). */
  time: string;
}

// Module state is per workflow in the sandbox (each run has its own module instances).
/** What the previous activation of this run saw. */
let last: Seen | undefined;
/** The clock of the query-only task that moved the run, until a real task rebuilds it. */
let movedByQueryAt: string | undefined;

class StaleActivationGuard implements WorkflowInternalsInterceptor {
  activate(input: ActivateInput, next: Next<WorkflowInternalsInterceptor, 'activate'>): void {
    const a = input.activation;
    const seen: Seen = {
      runId: a.runId ?? '',
      historyLength: a.historyLength ?? 0,
      time: `${String(a.timestamp?.seconds ?? '')}.${String(a.timestamp?.nanos ?? '')}`,
    };
    if (!a.isReplaying && last !== undefined && last.runId === seen.runId) {
      if (seen.historyLength > last.historyLength && seen.time === last.time) movedByQueryAt = seen.time;
      else if (movedByQueryAt !== undefined && seen.time !== movedByQueryAt)
        throw new Error(STALE_ACTIVATION);
    }
    last = seen;
    next(input);
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({ internals: [new StaleActivationGuard()] });
