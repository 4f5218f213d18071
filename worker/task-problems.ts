/**
 * The worker's side of "a workflow task that keeps failing is not silent"
 * (workflows/task-problems.ts reports each failed task from inside the sandbox):
 *
 * - a metric on the worker's metrics endpoint, `bf_workflow_task_failures` by workflow type and
 *   where it failed (main, update, signal): one count per failed attempt, so an alert rule can
 *   fire on any increase;
 * - one email to the administrator per workflow per failure streak: the worker signals the alert
 *   workflow `task-alert-<workflow ID>` (signal-with-start: the first failure starts it, the
 *   following ones, from any worker, renew it), which mails once and ends after a quiet period
 *   without failures. Each worker signals a workflow at most once a minute.
 *
 * Nothing personal: the workflow ID (a pseudonymous case ID) and the error's class only.
 */
import type { Client } from '@temporalio/client';
import type { MetricMeter } from '@temporalio/common';
import type { InjectedSinks } from '@temporalio/worker';
import { municipalityOfWorkflowId } from '../platform/codec';
import type { Logger } from '../platform/logger';
import type { TaskProblemSinks } from '../workflows/task-problems';
import { stillFailingSignal, type TaskAlertInput, type taskAlertWorkflow } from '../workflows/task-alert';

export const TASK_FAILURE_METRIC = 'bf_workflow_task_failures';

export function taskAlertId(workflowId: string): string {
  return `task-alert-${workflowId}`;
}

export function taskProblemSinks(deps: {
  client: Client;
  taskQueue: string;
  meter: MetricMeter;
  log: Logger;
  /** Whether this deployment serves the municipality (an alert needs its administrator's address). */
  serves(municipality: string): boolean;
  /** No failure for this long ends a streak (default: the alert's QUIET_PERIOD). */
  quietPeriod?: string;
  /** At most one signal per workflow per this many ms from this worker (default 60 s). */
  signalEveryMs?: number;
}): InjectedSinks<TaskProblemSinks> {
  const signalEveryMs = deps.signalEveryMs ?? 60_000;
  const lastSignal = new Map<string, number>();
  const failures = deps.meter.createCounter(
    TASK_FAILURE_METRIC,
    'failures',
    'Workflow tasks that failed in workflow code (each attempt), by workflow type',
  );
  return {
    taskProblems: {
      failed: {
        // A failing task is new work, never replay; an alert must not come from a replay.
        callDuringReplay: false,
        fn(info, where, error) {
          failures.add(1, { workflow_type: info.workflowType, where });
          deps.log.error(
            { workflowId: info.workflowId, workflowType: info.workflowType, where, error },
            'workflow task failed',
          );
          // The alert itself failing must not alert about itself for ever.
          if (info.workflowType === 'taskAlertWorkflow') return;
          const municipality = municipalityOfWorkflowId(info.workflowId);
          if (!municipality || !deps.serves(municipality)) return;
          const input: TaskAlertInput = {
            workflowId: info.workflowId,
            workflowType: info.workflowType,
            municipality,
            since: new Date().toISOString(),
            ...(deps.quietPeriod ? { quietPeriod: deps.quietPeriod } : {}),
          };
          const now = Date.now();
          const last = lastSignal.get(info.workflowId);
          if (last !== undefined && now - last < signalEveryMs) return;
          lastSignal.set(info.workflowId, now);
          // Bounded: forget workflows not heard of for a while.
          for (const [id, at] of lastSignal) if (now - at > 10 * signalEveryMs) lastSignal.delete(id);
          deps.client.workflow
            .signalWithStart<typeof taskAlertWorkflow, []>('taskAlertWorkflow', {
              taskQueue: deps.taskQueue,
              workflowId: taskAlertId(info.workflowId),
              args: [input],
              // A run already under way is this streak's alert: the signal renews it.
              signal: stillFailingSignal,
              signalArgs: [],
            })
            .catch((err: unknown) =>
              deps.log.error(
                { workflowId: info.workflowId, error: (err as Error).message },
                'stuck-workflow alert not started',
              ),
            );
        },
      },
    },
  };
}
