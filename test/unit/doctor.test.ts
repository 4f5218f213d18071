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

function events(rows: Row[]): temporal.api.history.v1.IHistoryEvent[] {
  return rows.map(([id, type, cause]) => ({
    eventId: id as unknown as temporal.api.history.v1.IHistoryEvent['eventId'],
    eventType: EventType[`EVENT_TYPE_${type}` as keyof typeof EventType],
    ...(cause
      ? {
          workflowTaskFailedEventAttributes: {
            cause:
              WorkflowTaskFailedCause[
                `WORKFLOW_TASK_FAILED_CAUSE_${cause}` as keyof typeof WorkflowTaskFailedCause
              ],
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
