/**
 * A workflow task that changes nothing must never let a later update be taken in another order
 * than a replay takes it. The full chaos run of 2026-12-02 found three cases no fresh worker could
 * replay (`Activity machine does not handle this event: UpsertWorkflowSearchAttributes`).
 *
 * The SDK's core reads a workflow task that wrote no command, followed at once by the next task,
 * as a task heartbeat and runs it together with that next task. When the next task brings an
 * update and the worker builds the case from its whole history (after a restart, or when the case
 * left its cache), the workflow sees the quiet task's event and the update in one activation. A
 * replay, which sees the update's accepted event, splits them in two. The case workflow's
 * scheduler and its outbox lanes then write the stage's search attributes and the archive call in
 * the other order, and the history cannot be replayed.
 *
 * From patch `quiet-tasks-wake` a case always has a wake-up (at most a day away), so every task
 * the scheduler takes writes a command and no task is quiet. The story below makes quiet tasks on
 * purpose: a case whose ladder has run out (reminder and escalation sent, nothing more to wait
 * for) gets two messages that change nothing, then its review, on a worker that keeps no case in
 * its cache (as after a restart). The history must replay.
 */
import { Worker } from '@temporalio/worker';
import { dataConverter } from '../../platform/temporal';
import { STEP_UPDATES, waitlistPositionSignal } from '../../workflows/messages';
import { workflowBundle } from '../support/temporal';
import { HISTORY_KEYS, people, stories } from './harness';

// No case in the cache: every task is built from the whole history, as after a restart.
const s = stories('quiet-tasks', { worker: { maxCachedWorkflows: 0 } });

/** The promise's value, or an error after `ms` of real time. */
function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

test('a case whose ladder ran out takes two messages that change nothing, then its review, from a worker without a cache; it answers, and the history replays', async () => {
  await s.run(async () => {
    const d = s.ctx.doubles;
    const handle = await s.startCase();
    // Past the first review's reminder and escalation: the ladder has nothing more to send.
    await s.ctx.env.sleep('60 days');
    expect((await s.view(handle)).stage).toBe('first-review');
    expect(d.sent.map((n) => n.purpose)).toEqual(
      expect.arrayContaining(['first-review:reminder', 'first-review:escalation']),
    );
    // Two messages that change nothing (a waiting-list position for a case not on the list).
    await handle.signal(waitlistPositionSignal, { position: 1 });
    await s.settle();
    await handle.signal(waitlistPositionSignal, { position: 1 });
    await s.settle();
    // The review moves the case to mapping; its journal entry goes to the archive.
    const receipt = await handle.executeUpdate(STEP_UPDATES.review, {
      args: [
        { actor: people.assessor, event: { round: 1, outcome: 'relevant', meetingDate: await s.today() } },
      ],
    });
    expect(receipt).toMatchObject({ stage: 'mapping' });
    // The case answers (a case no worker can rebuild answers nothing: every task fails).
    expect(await within(10_000, s.view(handle))).toMatchObject({ stage: 'mapping' });
    await s.eventually(async () => {
      expect(d.of('archiveJournalEntry').map((j) => j.purpose)).toContain('review-1');
    });
    // A fresh worker replays the case.
    await expect(
      Worker.runReplayHistory(
        {
          workflowBundle: workflowBundle(),
          dataConverter: dataConverter(HISTORY_KEYS),
          replayName: handle.workflowId,
          sinks: { taskProblems: { failed: { fn: () => undefined, callDuringReplay: false } } },
        },
        await handle.fetchHistory(),
      ),
    ).resolves.toBeUndefined();
  });
});
