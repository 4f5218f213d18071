/**
 * People, not only roles (issue 13 item 7): a reminder of a task for the HF team names the
 * person's follow-up worker (recorded at mapping), so the email goes to them with the team lead
 * in copy (activities/email.ts looks the name up in the profile's team directory). Tasks of the
 * team lead and every escalation go as before.
 */
import { stories } from './harness';

const s = stories('named-worker');

test('the plans reminder names the follow-up worker; its escalation and the team lead’s own tasks do not', async () => {
  await s.run(async () => {
    const handle = await s.startCase();
    const view = await s.walk(handle, 'follow-up');
    const plans = view.tasks.find((t) => t.kind === 'plans')!;
    expect(plans.assignee).toBe('hf-team');
    await s.sleepUntil(new Date(plans.escalateAt!));
    await s.toWorkingHours();
    const mine = s.ctx.doubles.sent.filter((n) => n.caseId === handle.workflowId);
    expect(mine.find((n) => n.purpose === 'plans:reminder')).toMatchObject({
      recipient: 'team-lead',
      worker: 'Oppfølger 1',
    });
    expect(mine.find((n) => n.purpose === 'plans:escalation')).toMatchObject({ recipient: 'unit-leader' });
    expect(mine.find((n) => n.purpose === 'plans:escalation')?.worker).toBeUndefined();
    // Every reminder with a worker is for an HF-team task; the team lead's own come as before.
    const hfTasks = new Set([
      'plans',
      'contact',
      'evaluation',
      'move-in',
      'housing',
      'ask-specialist-health-consent',
    ]);
    for (const n of mine.filter((m) => m.worker)) expect(hfTasks.has(n.topic)).toBe(true);
  });
});
