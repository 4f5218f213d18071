/**
 * Follow-up is open-ended: contacts keep the stale-contact clock from ringing, nothing ends it
 * but an exit or a withdrawal, and people already in follow-up when the municipality starts are
 * registered with their real dates (their overdue milestones come due at once).
 */
import { addDaysToDate, localDate, nextWorkingTime, parseIsoDate } from '../../domain/calendar';
import { after } from '../../domain/deadlines';
import { STEP_UPDATES } from '../../workflows/messages';
import {
  HousingStatus,
  MovedInAt,
  NextDueAt,
  PathwayStage,
  ReferredAt,
} from '../../workflows/search-attributes';
import { municipalities } from '../support/fixtures';
import { oslo, people, refusal, stories, TZ, WORKING_HOURS } from './harness';

const s = stories('follow-up');
const policy = municipalities.require('stavanger').policy;

const stale = () =>
  s.ctx.doubles
    .sentWithTime()
    .filter((n) => n.topic === 'contact')
    .map((n) => [n.kind, n.recipient]);

test('no contact for 14 days reminds the team lead, and for 28 days alerts the unit leader', async () => {
  await s.run(async () => {
    const handle = await s.startCase();
    await s.walk(handle, 'follow-up');
    await s.ctx.env.sleep('13 days');
    expect(stale()).toEqual([]);
    await s.ctx.env.sleep('2 days');
    await s.toWorkingHours();
    expect(stale()).toEqual([['reminder', 'team-lead']]);
    await s.ctx.env.sleep('14 days');
    await s.toWorkingHours();
    expect(stale()).toEqual([
      ['reminder', 'team-lead'],
      ['escalation', 'unit-leader'],
    ]);
  });
});

test('a contact every ten days keeps the clock quiet; when contacts stop, the reminder comes 14 days after the last one', async () => {
  await s.run(async () => {
    const handle = await s.startCase();
    await s.walk(handle, 'follow-up');
    const kinds = ['home-visit', 'phone', 'accompany', 'meeting', 'home-visit', 'other'] as const;
    for (const kind of kinds) {
      await s.ctx.env.sleep('10 days');
      await s.send(handle, STEP_UPDATES.contact, people.hfTeam, { date: await s.today(), kind, minutes: 45 });
    }
    // The clock counts from the instant the workflow recorded the last contact.
    const last = await s.recordedAt(handle, 'contact');
    expect(stale()).toEqual([]);
    const view = await s.view(handle);
    expect(view.followUp!.contacts).toBe(6);
    expect(view.followUp!.lastContactAt).toBe(await s.today());
    await s.ctx.env.sleep('20 days');
    const reminder = s.ctx.doubles.sentWithTime().find((n) => n.topic === 'contact')!;
    expect(reminder.purpose).toMatch(/^contact-\d+:reminder$/);
    const due = nextWorkingTime(after(policy, last, '14 days'), WORKING_HOURS, TZ);
    expect(reminder.at.getTime()).toBeGreaterThanOrEqual(due.getTime());
    expect(reminder.at.getTime() - due.getTime()).toBeLessThan(5_000);
    // A contact registered late, with its real (earlier) date, counts from that date.
    await s.send(handle, STEP_UPDATES.contact, people.hfTeam, { date: await s.daysAgo(2), kind: 'phone' });
    const task = (await s.view(handle)).tasks.find((t) => t.kind === 'contact')!;
    expect(localDate(new Date(task.dueAt), TZ)).toBe(addDaysToDate(await s.daysAgo(2), 14));
  });
});

test('follow-up has no end: three years on, with no exit, the case is still in follow-up', async () => {
  await s.run(async () => {
    const handle = await s.startCase();
    await s.walk(handle, 'follow-up');
    await s.ctx.env.sleep('1095 days');
    expect(await s.status(handle)).toBe('RUNNING');
    const view = await s.view(handle);
    expect(view.stage).toBe('follow-up');
    expect(view.exit).toBeUndefined();
  });
});

test('a person registered 13 months into follow-up has the 6- and 12-month evaluations due now, and the 24-month one later', async () => {
  await s.run(async () => {
    await s.toWorkingHours();
    const { year, month, day } = parseIsoDate(await s.today());
    const movedInAt = new Date(Date.UTC(year, month - 1 - 13, day)).toISOString().slice(0, 10);
    const handle = await s.startCase({
      referredAt: await s.daysAgo(500),
      existing: {
        stage: 'follow-up',
        stageSince: movedInAt,
        movedInAt,
        lastContactAt: await s.daysAgo(5),
        plans: { followUpPlan: movedInAt, safetyPlan: movedInAt, individualPlanOffered: movedInAt },
        decision: {
          services: [{ kind: 'miljøarbeidertjeneste', hoursPerWeek: 8 }],
          date: await s.daysAgo(420),
        },
      },
    });
    await s.settle();
    const view = await s.view(handle);
    expect(view.stage).toBe('follow-up');
    expect(view.place).toEqual({ status: 'held' });
    expect(view.housing).toMatchObject({ status: 'housed', movedInAt });
    const evaluations = view.tasks.filter((t) => t.kind === 'evaluation');
    expect(evaluations.map((t) => t.id)).toEqual(['evaluation-6', 'evaluation-12', 'evaluation-24']);
    const due = await s.now();
    expect(new Date(evaluations[0].dueAt).getTime()).toBeLessThan(due.getTime());
    expect(new Date(evaluations[1].dueAt).getTime()).toBeLessThan(due.getTime());
    expect(new Date(evaluations[2].dueAt).getTime()).toBeGreaterThan(due.getTime());
    // Both overdue evaluations are reminded at once (working hours), the 24-month one is not.
    const sent = s.ctx.doubles.sent.map((n) => n.purpose);
    expect(sent).toEqual(expect.arrayContaining(['evaluation-6:reminder', 'evaluation-12:reminder']));
    expect(sent.some((p) => p.startsWith('evaluation-24'))).toBe(false);
    // Nobody is escalated for what the system never reminded them of: that waits the ladder's 30 days.
    expect(sent.some((p) => p.endsWith(':escalation'))).toBe(false);
    // The yearly decision review is overdue too (decided 420 days ago).
    expect(sent).toContain('decision-review-1:reminder');
    // Contact 5 days ago: the stale-contact clock counts from it.
    expect(sent.some((p) => p.startsWith('contact'))).toBe(false);

    const sa = (await handle.describe()).typedSearchAttributes;
    expect(sa.get(PathwayStage)).toBe('follow-up');
    expect(sa.get(HousingStatus)).toBe('housed');
    expect(localDate(sa.get(MovedInAt)!, TZ)).toBe(movedInAt);
    expect(localDate(sa.get(ReferredAt)!, TZ)).toBe(await s.daysAgo(500));
    expect(sa.get(NextDueAt)!.getTime()).toBeLessThan(due.getTime());

    await s.send(handle, STEP_UPDATES.evaluation, people.hfTeam, {
      milestone: 6,
      date: await s.today(),
      mansaScore: 4.1,
    });
    await s.send(handle, STEP_UPDATES.evaluation, people.hfTeam, {
      milestone: 12,
      date: await s.today(),
      mansaScore: 4.6,
    });
    await s.ctx.env.sleep('40 days');
    expect(s.ctx.doubles.sent.map((n) => n.purpose).filter((p) => p.startsWith('evaluation'))).toEqual([
      'evaluation-6:reminder',
      'evaluation-12:reminder',
    ]);
    const twice = await refusal(
      s.send(handle, STEP_UPDATES.evaluation, people.hfTeam, { milestone: 6, date: await s.today() }),
    );
    expect(twice.message).toContain('already registered');
    const odd = await refusal(
      s.send(handle, STEP_UPDATES.evaluation, people.hfTeam, { milestone: 7, date: await s.today() }),
    );
    expect(odd.message).toContain('6, 12, 24');
    expect(oslo(s.ctx.doubles.sentWithTime()[0].at)).toMatch(/^(Mon|Tue|Wed|Thu|Fri) (0[89]|1[0-5]):/);
  });
});
