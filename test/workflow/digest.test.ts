/**
 * The weekly digest goes out on the first working morning of the week: a public holiday Monday
 * (Easter Monday here) moves it to Tuesday at the start of working hours, by the same calendar
 * the reminders use.
 */
import { fromLocal } from '../../domain/calendar';
import { TASK_QUEUE } from '../support/temporal';
import { municipalities } from '../support/fixtures';
import { stories, TZ } from './harness';

const s = stories('digest');

test('the Monday digest waits past Easter Monday and goes out on Tuesday at 08:00', async () => {
  await s.run(async () => {
    const { timezone, workingHours } = municipalities.require('stavanger').policy;
    // Easter Monday 2027 is 29 March; the schedule fires at the start of working hours.
    const easterMonday = fromLocal(TZ, 2027, 3, 29, 8, 0);
    await s.sleepUntil(easterMonday);
    const id = `weekly-digest-test-${process.pid}`;
    s.ctx.started.push(id);
    const handle = await s.ctx.env.client.workflow.start('digestWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId: id,
      args: [{ municipality: 'stavanger', timing: { timezone, workingHours } }],
    });
    await s.ctx.env.sleep('1 hour');
    expect(s.ctx.doubles.of('sendDigest')).toEqual([]);

    await s.sleepUntil(fromLocal(TZ, 2027, 3, 30, 8, 1));
    await s.eventually(async () => expect(await s.status(handle)).toBe('COMPLETED'));
    const sent = s.ctx.doubles.of('sendDigest');
    expect(sent).toEqual([
      expect.objectContaining({ municipality: 'stavanger', purpose: 'digest:2027-03-30' }),
    ]);
    // At the start of Tuesday's working hours (the workflow's clock reads when its task ran).
    const asOf = new Date(sent[0].asOf).getTime() - fromLocal(TZ, 2027, 3, 30, 8, 0).getTime();
    expect(asOf).toBeGreaterThanOrEqual(0);
    expect(asOf).toBeLessThan(60_000);
  });
});

test('on an ordinary Monday the digest goes out at once', async () => {
  await s.run(async () => {
    const { timezone, workingHours } = municipalities.require('stavanger').policy;
    const monday = fromLocal(TZ, 2027, 4, 5, 8, 0);
    await s.sleepUntil(monday);
    const id = `weekly-digest-test-${process.pid}-2`;
    s.ctx.started.push(id);
    const handle = await s.ctx.env.client.workflow.start('digestWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId: id,
      args: [{ municipality: 'stavanger', timing: { timezone, workingHours } }],
    });
    await s.settle();
    await s.eventually(async () => expect(await s.status(handle)).toBe('COMPLETED'));
    expect(s.ctx.doubles.of('sendDigest')).toEqual([
      expect.objectContaining({ municipality: 'stavanger', purpose: 'digest:2027-04-05' }),
    ]);
  });
});
