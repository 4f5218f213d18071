/**
 * A workflow task that keeps failing is not silent. An error a workflow throws that is not a
 * Temporal failure (a bug, input the code cannot handle) fails the workflow task: Temporal retries
 * it for ever and the case stands still without a word. This interceptor, in every workflow's
 * sandbox, tells the worker through a sink (`taskProblems.failed`) each time that happens; the
 * worker counts it in a metric and makes sure the administrator gets one email naming the case
 * (worker/task-problems.ts). Only the error's class travels (never its message: it could quote
 * data), and nothing is written to the history, so replay is unchanged.
 */
import {
  ContinueAsNew,
  proxySinks,
  type Next,
  type SignalInput,
  type Sinks,
  type UpdateInput,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptorsFactory,
} from '@temporalio/workflow';
import { TemporalFailure } from '@temporalio/common';

export interface TaskProblemSinks extends Sinks {
  taskProblems: {
    /** A workflow task failed in this workflow; `where`: main, update or signal; `error`: its class. */
    failed(where: 'main' | 'update' | 'signal', error: string): void;
  };
}

const { taskProblems } = proxySinks<TaskProblemSinks>();

/** Errors that fail the workflow task (rather than the workflow, or continuing as new). */
function failsTheTask(err: unknown): boolean {
  return !(err instanceof TemporalFailure) && !(err instanceof ContinueAsNew);
}

function report(where: 'main' | 'update' | 'signal', err: unknown): void {
  if (failsTheTask(err)) {
    const name = err instanceof Error ? err.constructor.name || 'Error' : typeof err;
    taskProblems.failed(where, name.slice(0, 60));
  }
}

/**
 * Watches a handler's promise without wrapping it: the very promise goes back to the SDK, so the
 * order in which updates, signals and the main function complete (and the commands they write)
 * is exactly what it was without this interceptor. An `async` wrapper would add microtask turns
 * and change that order, which recorded histories would refuse on replay.
 */
function watch<T>(where: 'main' | 'update' | 'signal', p: Promise<T>): Promise<T> {
  p.catch((err: unknown) => report(where, err));
  return p;
}

class TaskProblemInterceptor implements WorkflowInboundCallsInterceptor {
  execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>) {
    return watch('main', next(input));
  }

  handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>) {
    return watch('update', next(input));
  }

  handleSignal(input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>) {
    return watch('signal', next(input));
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({ inbound: [new TaskProblemInterceptor()] });
