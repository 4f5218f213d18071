/**
 * Every run of a workflow that receives signals asks in its first task for the SDK flag that runs
 * each activation as one batch (workflows/one-batch.ts). Without it the flag was decided at the
 * first signal, and a worker that decided it one way live while writing it the other way (seen in
 * the chaos run after a sticky queue timed out) left a case whose timers no longer matched its
 * history: every later task failed and the case stood still.
 */
import { SdkFlags } from '@temporalio/workflow/lib/flags';
import { temporal } from '@temporalio/proto';
import { stories } from './harness';

const s = stories('one-batch');
const ONE_BATCH = SdkFlags.ProcessWorkflowActivationJobsAsSingleBatch.id;
const { EventType } = temporal.api.enums.v1;

/** The lang flags written by each workflow task of a run, in order. */
async function flagsByTask(workflowId: string): Promise<number[][]> {
  const history = await s.ctx.env.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? [])
    .filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
    .map((e) => e.workflowTaskCompletedEventAttributes?.sdkMetadata?.langUsedFlags ?? []);
}

test('a case and its places coordinator write the one-batch flag in their first task, before any signal', async () => {
  await s.run(async () => {
    const handle = await s.startCase();
    // Through the second review to the decision: the coordinator grants the place by a signal.
    const view = await s.walk(handle, 'decision');
    expect(view.stage).toBe('decision');
    for (const id of [handle.workflowId, s.ctx.placesId]) {
      const tasks = await flagsByTask(id);
      expect({ id, first: tasks[0] }).toEqual({ id, first: expect.arrayContaining([ONE_BATCH]) });
      // Written once: no later task (the first signal's included) decides it again.
      expect({ id, later: tasks.slice(1).filter((f) => f.includes(ONE_BATCH)) }).toEqual({ id, later: [] });
    }
  });
});
