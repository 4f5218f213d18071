/**
 * The doctor's choice of where to set a diverged workflow back to (worker/doctor.ts), on the
 * shapes of two real histories from the chaos run (event types and failure causes only): a case
 * whose first `placeGranted` signal, and a case whose `moveIn` update, came in the first task after
 * a workflow task timed out (a worker killed), and whose later tasks failed for ever.
 */
import { temporal } from '@temporalio/proto';
import histories from './fixtures/diverged-histories.json';
import { resetPointFor } from '../../worker/doctor';

const { EventType, WorkflowTaskFailedCause } = temporal.api.enums.v1;
type Row = (string | number)[];

/** Rows of [event ID, type, failure cause, failure message]; a scheduled activity's row: [ID, type, activity ID]. */
function events(rows: Row[]): temporal.api.history.v1.IHistoryEvent[] {
  return rows.map(([id, type, cause, message]) => ({
    eventId: id as unknown as temporal.api.history.v1.IHistoryEvent['eventId'],
    eventType: EventType[`EVENT_TYPE_${type}` as keyof typeof EventType],
    ...(type === 'ACTIVITY_TASK_SCHEDULED'
      ? { activityTaskScheduledEventAttributes: { activityId: String(cause) } }
      : cause
        ? {
            workflowTaskFailedEventAttributes: {
              cause:
                WorkflowTaskFailedCause[
                  `WORKFLOW_TASK_FAILED_CAUSE_${cause}` as keyof typeof WorkflowTaskFailedCause
                ],
              ...(message ? { failure: { message: String(message) } } : {}),
            },
          }
        : {}),
  }));
}

test('a case stuck after a cold start with an update is set back to the task before the timed-out one', () => {
  const h = histories['cold-start-update'] as Row[];
  // Event 153: the task that timed out (its worker was killed); 155: the cold task with `moveIn`;
  // from 186 every other task is refused (BadCancelTimerAttributes). 144 completed the task before.
  expect(h.find((r) => r[0] === 153)?.[1]).toBe('WORKFLOW_TASK_TIMED_OUT');
  expect(h.filter((r) => r[2] === 'BAD_CANCEL_TIMER_ATTRIBUTES').length).toBeGreaterThan(0);
  expect(resetPointFor(events(h))).toBe(144);
});

test('a case stuck after a cold start with its first signal is set back to the task before the timed-out one', () => {
  const h = histories['cold-start-signal'] as Row[];
  expect(h.find((r) => r[0] === 75)?.[1]).toBe('WORKFLOW_TASK_TIMED_OUT');
  expect(resetPointFor(events(h))).toBe(63);
});

test('a task that fails in workflow code is left to a person (the stuck-task alert), not set back', () => {
  const h = (histories['cold-start-update'] as Row[]).map((r) =>
    r[2] ? [r[0], r[1], 'WORKFLOW_WORKER_UNHANDLED_FAILURE'] : r,
  );
  expect(resetPointFor(events(h))).toBeUndefined();
});

test('a nondeterminism with no timed-out task before it is left to a person', () => {
  const h = (histories['cold-start-update'] as Row[]).filter((r) => r[1] !== 'WORKFLOW_TASK_TIMED_OUT');
  expect(resetPointFor(events(h))).toBeUndefined();
});

test('a healthy history is left alone', () => {
  const h = (histories['cold-start-update'] as Row[]).filter((r) => Number(r[0]) < 186);
  expect(resetPointFor(events(h))).toBeUndefined();
});

test('a case whose replay trips on a task that took a signal and an update live is set back to the task before that one', () => {
  // The full chaos run (2026-12-02): `placeGranted` (58) and a `decision` update came in one task
  // (59–61) on a worker that had just started; live, the SDK took them in two activations, a replay
  // in one, and every later task failed on event 62. The timed-out task (93) lies after it, so a
  // reset to 87 kept the bad task. The task before it completed at 55.
  const h = histories['signal-and-update-in-one-task'] as Row[];
  expect(h.find((r) => r[0] === 62)?.[1]).toBe('TIMER_CANCELED');
  expect(h.find((r) => r[0] === 93)?.[1]).toBe('WORKFLOW_TASK_TIMED_OUT');
  expect(resetPointFor(events(h))).toBe(55);
});

test('a run already set back to a point after the tripped event is set back before it', () => {
  // The same shape on another case, after the doctor's first reset (to 82) kept event 63.
  const h = histories['set-back-after-the-tripped-task'] as Row[];
  expect(h.find((r) => r[0] === 82)?.[2]).toBe('RESET_WORKFLOW');
  expect(resetPointFor(events(h))).toBe(56);
});

test("never to the run's first task when updates were accepted after it (a person looks instead)", () => {
  // Updates waiting at a run's start reach their handlers in the order the handlers are
  // registered: the chaos run's reset to the first task lost a second review, a decision and an
  // offer that way.
  const h: Row[] = [
    [1, 'WORKFLOW_EXECUTION_STARTED'],
    [2, 'WORKFLOW_TASK_SCHEDULED'],
    [3, 'WORKFLOW_TASK_STARTED'],
    [4, 'WORKFLOW_TASK_COMPLETED'],
    [5, 'WORKFLOW_EXECUTION_SIGNALED'],
    [6, 'WORKFLOW_TASK_SCHEDULED'],
    [7, 'WORKFLOW_TASK_STARTED'],
    [8, 'WORKFLOW_TASK_COMPLETED'],
    [9, 'TIMER_CANCELED'],
    [10, 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED'],
    [11, 'WORKFLOW_EXECUTION_UPDATE_COMPLETED'],
    [12, 'WORKFLOW_TASK_SCHEDULED'],
    [13, 'WORKFLOW_TASK_STARTED'],
    [
      14,
      'WORKFLOW_TASK_FAILED',
      'NON_DETERMINISTIC_ERROR',
      'Nondeterminism error: Update machine does not handle this event: HistoryEvent(id: 9, TimerCanceled)',
    ],
  ];
  expect(resetPointFor(events(h))).toBeUndefined();
  // With no update after it, the first task is a fine point.
  const noUpdates = h.filter((r) => !String(r[1]).includes('UPDATE'));
  expect(resetPointFor(events(noUpdates))).toBe(4);
});

test('a replay that schedules another outbox call than the history holds is set back before the task that wrote it', () => {
  // The shape of the small chaos run of 2026-12-03 (a fresh-clone npm test), with the outbox's
  // calls named by their items: a worker started cold after a SIGKILL (the task at 169 timed out)
  // queued an incident notice (out-37) ahead of a reminder in the task that completed at 174; the
  // run rebuilt at 178 replayed that task with the reminder (out-38) first.
  const h: Row[] = [
    [160, 'ACTIVITY_TASK_STARTED'],
    [161, 'ACTIVITY_TASK_COMPLETED'],
    [162, 'WORKFLOW_TASK_SCHEDULED'],
    [163, 'WORKFLOW_TASK_STARTED'],
    [164, 'WORKFLOW_TASK_COMPLETED'],
    [165, 'TIMER_CANCELED'],
    [166, 'TIMER_STARTED'],
    [167, 'ACTIVITY_TASK_STARTED'],
    [168, 'ACTIVITY_TASK_FAILED'],
    [169, 'WORKFLOW_TASK_SCHEDULED'],
    [170, 'TIMER_FIRED'],
    [171, 'WORKFLOW_TASK_TIMED_OUT'],
    [172, 'WORKFLOW_TASK_SCHEDULED'],
    [173, 'WORKFLOW_TASK_STARTED'],
    [174, 'WORKFLOW_TASK_COMPLETED'],
    [175, 'UPSERT_WORKFLOW_SEARCH_ATTRIBUTES'],
    [176, 'TIMER_STARTED'],
    [177, 'ACTIVITY_TASK_SCHEDULED', 'out-37'],
    [178, 'WORKFLOW_TASK_SCHEDULED'],
    [179, 'WORKFLOW_TASK_STARTED'],
    [
      180,
      'WORKFLOW_TASK_FAILED',
      'NON_DETERMINISTIC_ERROR',
      "[TMPRL1100] Nondeterminism error: Activity id of scheduled event 'out-37' does not match activity id of activity command 'out-38'",
    ],
  ];
  expect(resetPointFor(events(h))).toBe(164);
  // Without the timed-out task (no cold start to fall back on), the named call still says where.
  expect(resetPointFor(events(h.filter((r) => r[1] !== 'WORKFLOW_TASK_TIMED_OUT')))).toBe(164);
  // A call the history does not hold names nothing: then the cold start decides, or a person.
  const unknown = h.map((r) =>
    r[0] === 180 ? [...r.slice(0, 3), String(r[3]).replace("'out-37'", "'out-99'")] : r,
  );
  expect(resetPointFor(events(unknown))).toBe(164);
  expect(resetPointFor(events(unknown.filter((r) => r[1] !== 'WORKFLOW_TASK_TIMED_OUT')))).toBeUndefined();
});
