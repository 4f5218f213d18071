/**
 * Every activation is run as one batch, in every run, live and on replay.
 *
 * The SDK runs an activation's jobs in one batch when its flag `ProcessWorkflowActivationJobsAsSingleBatch`
 * is known for the run; before that, an activation that holds a signal runs in two (the signals,
 * then the rest, with the workflow's microtasks in between). The flag is decided, and written into
 * the history, the first time an activation holds a signal. The chaos run found a worker that
 * decided it one way live and wrote it the other way: a case's first `placeGranted` came in the
 * same task as an activity's result right after a sticky queue timed out. Live, the two batches let
 * the scheduler loop start a timer and cancel it again; on replay, one batch did not, so every
 * later timer was off by one. The next worker that picked the case up cancelled a timer the server
 * had already cancelled (BadCancelTimerAttributes), for ever, and the case stood still.
 *
 * Asking for the flag in a run's first activation (which is never a replay when it is new) writes
 * it into the run's first workflow task, so every later activation, live or replayed, knows it and
 * runs as one batch, whatever the worker believes about replaying. A run recorded before this asked
 * for nothing in its first task and replays as it ran. Uses the SDK's internal flag API (pinned
 * SDK version); test/workflow/one-batch.test.ts checks the flag is in every run's first task.
 */
import { getActivator } from '@temporalio/workflow/lib/global-attributes';
import { SdkFlags } from '@temporalio/workflow/lib/flags';

/** Call first thing in every workflow that receives signals. */
export function runActivationsAsOneBatch(): void {
  getActivator().hasFlag(SdkFlags.ProcessWorkflowActivationJobsAsSingleBatch);
}
