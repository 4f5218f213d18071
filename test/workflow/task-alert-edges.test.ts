/**
 * The stuck-task alert at its edges: a coordinator (not a case) stuck is named in the facts, with
 * no case link, and the streak ends after the default quiet period; a streak of more failures
 * than a run holds continues as new without mailing again. Their recorded histories make the
 * replay corpus reach these branches (test/workflow/replay.test.ts).
 */
import type { TaskAlertInput } from '../../workflows/task-alert';
import { stillFailingSignal } from '../../workflows/task-alert';
import { TASK_QUEUE } from '../support/temporal';
import { stories } from './harness';

const s = stories('task-alert-edges');

async function alert(workflowId: string, input: Partial<TaskAlertInput> = {}) {
  const id = `task-alert-${workflowId}-${process.pid}`;
  s.ctx.started.push(id);
  return s.ctx.env.client.workflow.start('taskAlertWorkflow', {
    taskQueue: TASK_QUEUE,
    workflowId: id,
    args: [
      {
        workflowId,
        workflowType: 'placesWorkflow',
        municipality: 'stavanger',
        since: new Date().toISOString(),
        ...input,
      },
    ],
  });
}

test('a stuck coordinator is named in the facts, with no case link, and its streak ends after the quiet period', async () => {
  await s.run(async () => {
    const handle = await alert(s.ctx.placesId);
    await s.eventually(async () => expect(s.ctx.doubles.sent).toHaveLength(1));
    expect(s.ctx.doubles.sent[0]).toMatchObject({ kind: 'stuck', recipient: 'admin' });
    expect(s.ctx.doubles.sent[0].caseId).toBeUndefined();
    expect(s.ctx.doubles.sent[0].facts).toEqual({ workflow: s.ctx.placesId });
    await s.ctx.env.sleep('31 minutes');
    expect(await handle.result()).toEqual({ mailed: expect.any(String) });
  });
});

test('a streak longer than a run holds continues as new and does not mail again', async () => {
  await s.run(async () => {
    const handle = await alert(s.ctx.placesId, { quietPeriod: '1 hour' });
    await s.eventually(async () => expect(s.ctx.doubles.sent).toHaveLength(1));
    const firstRun = (await handle.describe()).runId;
    for (let i = 0; i < 500; i++) await handle.signal(stillFailingSignal);
    await s.eventually(async () => expect((await handle.describe()).runId).not.toBe(firstRun));
    await s.settle();
    expect(s.ctx.doubles.sent).toHaveLength(1);
  });
});
