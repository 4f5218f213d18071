/**
 * The doctor: finds workflows whose task fails because their history no longer matches the code
 * (nondeterminism), and sets them back to the last point before a cold start, so the case runs
 * again with every update and signal since then applied once more, in the new run.
 *
 * Why this exists (the chaos run found it): Temporal's SDK core can process one workflow task in
 * two activations on a worker that starts cold after a workflow task timed out (a worker killed
 * while it held the case: its sticky queue times out), and in one on replay, when the task carries
 * an update together with other new events (sdk-rust issue 1146, open). The scheduler loop then
 * starts a timer and cancels it again live, not on replay: every later timer is off by one, and
 * the next worker that picks the case up fails every task (BadCancelTimerAttributes, then
 * "Timer fired event did not have expected timer id"). Temporal's own remedy for nondeterminism is
 * a reset; the doctor does it for this one shape only, and leaves every other failing task to the
 * stuck-task alert (worker/task-problems.ts), which needs a person.
 *
 * What it does, every `intervalMs` (default 5 minutes):
 * - reads the newest events of each running workflow of the namespace (one small read each); one
 *   whose workflow task failed lately for a disagreement (causes below) is a candidate (its tasks
 *   may alternate between refused and completed, so the attempt count is no guide);
 * - reads its history: the streak must have begun with a nondeterminism or a refused command
 *   (causes below);
 * - resets to the workflow task completed before the task that wrote the event the replay tripped
 *   on (named in the failure), else before the last task that timed out ahead of the failure (the
 *   cold start), never to the run's first task when updates followed it (`resetPointFor`); every
 *   update and signal after that point is applied again in the new run, and activities run again,
 *   each idempotent by its key;
 * - at most `maxResetsPerWorkflow` times per workflow and process (then it is the alert's);
 * - counts `bf_workflow_resets` by workflow type and logs the workflow ID (pseudonymous) only.
 */
import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { MetricMeter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { Logger } from '../platform/logger';

export const RESET_METRIC = 'bf_workflow_resets';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const { EventType, WorkflowTaskFailedCause } = temporal.api.enums.v1;

/** Failures that say the history and the code disagree, not that the code threw. */
const DIVERGED: ReadonlySet<number> = new Set([
  WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR,
  WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_TIMER_ATTRIBUTES,
  WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES,
  WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_ACTIVITY_ATTRIBUTES,
  WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES,
]);

const num = (v: unknown): number => Number(v ?? 0);

/**
 * Where to set a diverged workflow back to, or undefined when the history does not show a shape
 * the doctor knows (then a person must look: the stuck-task alert):
 * - when the failure names the event the replay tripped on (`HistoryEvent(id: N, …)`, or the
 *   scheduled activity's ID), the workflow task completed before the task that wrote event N: the reset drops that task and everything
 *   after it, and Temporal reapplies its signals and updates as events. (Found by the full chaos
 *   run: a `placeGranted` signal and a `decision` update taken in one task live in two activations,
 *   which a replay takes in one; a reset to a point after event N kept the bad task and failed for
 *   ever.)
 * - otherwise the task completed before the last task that timed out ahead of the failures (the
 *   first signal after a timed-out task: the one-batch flag, see workflows/one-batch.ts).
 * Never the run's first task when updates were accepted after it: a run that starts with several
 * updates waiting hands them to their handlers in the order the handlers are registered, not the
 * order they came in, and a later one may be refused (the chaos run lost three accepted events
 * that way). That case is a person's.
 */
export function resetPointFor(events: HistoryEvent[]): number | undefined {
  // The first disagreement in this run: a healthy run has none (a run set back starts from a
  // copy of the history before its failures), and the latent one may lie many tasks before.
  const failedAt = events.findIndex(
    (e) =>
      e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED &&
      DIVERGED.has(num(e.workflowTaskFailedEventAttributes?.cause)),
  );
  if (failedAt < 0) return undefined;
  const point = pointBeforeTrippedTask(events, failedAt) ?? pointBeforeTimedOutTask(events, failedAt);
  if (point === undefined) return undefined;
  const firstCompleted = events.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  const updatesAfter = events.some(
    (e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED && num(e.eventId) > point,
  );
  if (firstCompleted && num(firstCompleted.eventId) === point && updatesAfter) return undefined;
  return point;
}

/** The last workflow task completed before `beforeId` (an event ID), if any. */
function completedBefore(events: HistoryEvent[], beforeId: number): number | undefined {
  let found: number | undefined;
  for (const e of events) {
    if (num(e.eventId) >= beforeId) break;
    if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) found = num(e.eventId);
  }
  return found;
}

/**
 * From the event the failure names: the task completed before the task that wrote it. The SDK
 * names it as `HistoryEvent(id: N, …)`, or, when a replay schedules another activity than the
 * history holds, by the activity's ID (`Activity id of scheduled event 'out-17' does not match…`:
 * the outbox's calls carry their item's ID, workflows/case-calls.ts): the latest such event.
 */
function pointBeforeTrippedTask(events: HistoryEvent[], failedAt: number): number | undefined {
  const message = events[failedAt]!.workflowTaskFailedEventAttributes?.failure?.message ?? '';
  const tripped = /HistoryEvent\(id: (\d+)/.exec(message);
  const activity = /Activity id of scheduled event '([^']+)'/.exec(message);
  const eventId = tripped
    ? Number(tripped[1])
    : activity
      ? lastScheduled(events.slice(0, failedAt), activity[1])
      : undefined;
  if (eventId === undefined) return undefined;
  // The task that wrote event N completed at or before N (its commands follow its completion).
  const writtenBy = completedBefore(events, eventId + 1);
  return writtenBy === undefined ? undefined : completedBefore(events, writtenBy);
}

/** The ID of the latest event that scheduled the activity `activityId`, if any. */
function lastScheduled(events: HistoryEvent[], activityId: string): number | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (
      e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED &&
      e.activityTaskScheduledEventAttributes?.activityId === activityId
    ) {
      return num(e.eventId);
    }
  }
  return undefined;
}

/** The task completed before the last task that timed out ahead of the failure. */
function pointBeforeTimedOutTask(events: HistoryEvent[], failedAt: number): number | undefined {
  for (let i = failedAt - 1; i >= 0; i--) {
    if (events[i]!.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT) {
      return completedBefore(events, num(events[i]!.eventId));
    }
  }
  return undefined;
}

export interface Doctor {
  /** One pass over the running workflows; resolves with the workflow IDs it reset. */
  sweep(): Promise<string[]>;
  stop(): void;
}

export function startDoctor(deps: {
  client: Client;
  meter: MetricMeter;
  log: Logger;
  intervalMs?: number;
  /** How many of the newest events are read to look for a diverged task (default 40). */
  tailEvents?: number;
  maxResetsPerWorkflow?: number;
  /** Run passes on a timer (default); false: only when `sweep()` is called. */
  timer?: boolean;
}): Doctor {
  const intervalMs = deps.intervalMs ?? 5 * 60_000;
  const tailEvents = deps.tailEvents ?? 40;
  const maxResets = deps.maxResetsPerWorkflow ?? 3;
  const resets = new Map<string, number>();
  const counter = deps.meter.createCounter(
    RESET_METRIC,
    'resets',
    'Workflows set back after a nondeterminism that followed a cold start, by workflow type',
  );
  const { client } = deps;
  const namespace = client.options.namespace;

  async function examine(workflowId: string, runId: string, type: string): Promise<boolean> {
    // The newest events only (one small read per workflow): a diverged task lately?
    const tail = await client.workflowService.getWorkflowExecutionHistoryReverse({
      namespace,
      execution: { workflowId, runId },
      maximumPageSize: tailEvents,
    });
    const diverged = (tail.history?.events ?? []).some(
      (e) =>
        e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED &&
        DIVERGED.has(num(e.workflowTaskFailedEventAttributes?.cause)),
    );
    if (!diverged) return false;
    if ((resets.get(workflowId) ?? 0) >= maxResets) return false;
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const point = resetPointFor(history.events ?? []);
    if (point === undefined) return false;
    await client.workflowService.resetWorkflowExecution({
      namespace,
      workflowExecution: { workflowId, runId },
      reason: 'nondeterminism after a cold start (sdk-rust issue 1146): set back by the doctor',
      // An int64 field: protobufjs takes a number for it (no `long` dependency of our own).
      workflowTaskFinishEventId: point as unknown as NonNullable<HistoryEvent['eventId']>,
      // The same reset from two workers at once is one reset.
      requestId: createHash('sha256').update(`${runId}:${point}`).digest('hex').slice(0, 32),
    });
    resets.set(workflowId, (resets.get(workflowId) ?? 0) + 1);
    counter.add(1, { workflow_type: type });
    deps.log.warn(
      { workflowId, workflowType: type, resetTo: point },
      'workflow set back after nondeterminism',
    );
    return true;
  }

  let running: Promise<string[]> | undefined;
  async function pass(): Promise<string[]> {
    const healed: string[] = [];
    for await (const wf of client.workflow.list({ query: "ExecutionStatus = 'Running'" })) {
      try {
        if (await examine(wf.workflowId, wf.runId, wf.type)) healed.push(wf.workflowId);
      } catch (err) {
        deps.log.error(
          { workflowId: wf.workflowId, error: (err as Error).message },
          'doctor could not examine',
        );
      }
    }
    return healed;
  }
  const sweep = () => {
    running ??= pass().finally(() => {
      running = undefined;
    });
    return running;
  };
  let timer: NodeJS.Timeout | undefined;
  if (deps.timer !== false) {
    const tick = () => {
      timer = setTimeout(() => {
        sweep()
          .catch((err: unknown) => deps.log.error({ error: (err as Error).message }, 'doctor pass failed'))
          .finally(tick);
      }, intervalMs);
      timer.unref();
    };
    tick();
  }
  return {
    sweep,
    stop: () => {
      if (timer) clearTimeout(timer);
    },
  };
}
