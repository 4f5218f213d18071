/**
 * Workflows for the stuck-task story only (bundled by test/workflow/stuck-tasks.test.ts, never by
 * the worker): one whose code throws on its input, as a case did when its move-in date was out of
 * range, so every workflow task fails; and the real alert workflow.
 */
export { taskAlertWorkflow } from '../../workflows/task-alert';

export async function brokenWorkflow(input: { moveInDate: string }): Promise<void> {
  // A plain Error, not a Temporal failure: the task fails, Temporal retries it for ever.
  throw new RangeError(`not an ISO date: ${input.moveInDate} (Kari Nordmann)`);
}
