/**
 * A test-only workflow that runs one activity by name with the options a test gives, so an
 * activity meets Temporal's real retry machinery on the dev server (timeouts, backoff,
 * non-retryable failures) exactly as it will under the case workflow.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  proxyActivities,
  type ActivityOptions,
} from '@temporalio/workflow';

export interface ProbeInput {
  activity: string;
  args: unknown[];
  options: ActivityOptions;
}

export type ProbeResult =
  | { ok: true; result: unknown }
  | { ok: false; type?: string; nonRetryable: boolean; message: string; retryState: string };

export async function probeWorkflow(input: ProbeInput): Promise<ProbeResult> {
  const activities = proxyActivities<Record<string, (...args: unknown[]) => Promise<unknown>>>(input.options);
  try {
    return { ok: true, result: await activities[input.activity](...input.args) };
  } catch (err) {
    if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) {
      return {
        ok: false,
        type: err.cause.type ?? undefined,
        nonRetryable: err.cause.nonRetryable === true,
        message: err.cause.message,
        retryState: String(err.retryState),
      };
    }
    throw err;
  }
}
