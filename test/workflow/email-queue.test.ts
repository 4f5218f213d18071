/**
 * A case's emails go to the email queue beside the case's own (patch `email-own-queue`), served
 * by the worker process's mail worker with slots of its own. The national benchmark of 2026-12-02
 * had reminders wait up to 89 s (p99) behind archive calls that filled the worker's activity
 * slots; in production any slow municipal system does the same while deadlines fall due.
 *
 * The story: the case worker has one activity slot, and the archive does not answer, so a first
 * case's call to it keeps that slot. A second case, referred 15 days ago, is overdue for its first
 * review: its reminder goes out all the same, from the email queue.
 */
import { temporal } from '@temporalio/proto';
import type { WorkflowHandle } from '@temporalio/client';
import { emailTaskQueue } from '../../workflows/task-queues';
import { TASK_QUEUE } from '../support/temporal';
import { stories } from './harness';

const { EventType, PendingActivityState } = temporal.api.enums.v1;
const s = stories('email-queue', { worker: { maxConcurrentActivityTaskExecutions: 1 } });

/** Waits (real time: a call under way stops the test server's clock) until the case's call runs. */
async function callUnderWay(handle: WorkflowHandle, activity: string) {
  for (let i = 0; i < 200; i++) {
    const { raw } = await handle.describe();
    if (
      raw.pendingActivities?.some(
        (a) =>
          a.activityType?.name === activity &&
          a.state === PendingActivityState.PENDING_ACTIVITY_STATE_STARTED,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${activity} never started`);
}

test('a reminder goes out on its own queue while a hanging archive holds the case worker’s only activity slot', async () => {
  await s.run(async () => {
    const d = s.ctx.doubles;
    await s.toWorkingHours(); // reminders go out in working hours
    let answer: () => void = () => undefined;
    d.hold(
      'archiveCaseFile',
      new Promise<void>((resolve) => {
        answer = resolve;
      }),
    );
    // The archive answers at the story's end, pass or fail: the worker stops only when it has.
    try {
      const first = await s.startCase();
      await callUnderWay(first, 'archiveCaseFile');

      const overdue = await s.startCase({ referredAt: await s.daysAgo(15) });
      await s.eventually(async () => {
        expect(d.sent.map((n) => [n.caseId, n.recipient, n.purpose])).toEqual([
          [overdue.workflowId, 'team-lead', 'first-review:reminder'],
        ]);
      });
      // The archive has not answered: its call held the slot all along.
      expect(d.of('archiveCaseFile')).toEqual([]);

      const scheduled = ((await overdue.fetchHistory()).events ?? [])
        .filter((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .map((e) => [
          e.activityTaskScheduledEventAttributes?.activityType?.name,
          e.activityTaskScheduledEventAttributes?.taskQueue?.name,
        ]);
      expect(scheduled).toEqual(
        expect.arrayContaining([
          ['archiveCaseFile', TASK_QUEUE],
          ['sendNotification', emailTaskQueue(TASK_QUEUE)],
        ]),
      );
    } finally {
      answer();
    }
  });
});
