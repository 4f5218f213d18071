/**
 * The weekly digest on the real stack: a team lead's Monday mail lists exactly their
 * municipality's open tasks that are overdue or due within a week, read from the running cases,
 * and each municipality has one schedule that fires it, however often the worker restarts.
 */
import { randomBytes } from 'node:crypto';
import type { DigestResult } from '../../activities/types';
import type { CaseInput } from '../../domain/case';
import { CaseDirectory } from '../../read-model/case-directory';
import { digestScheduleId, ensureDigestSchedules } from '../../worker/schedules';
import { addDaysToDate, localDate } from '../../domain/calendar';
import { weekOf } from '../../domain/follow-up-intensity';
import { STEP_UPDATES } from '../../workflows/messages';
import { caseInput, municipalities } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';
import { TASK_QUEUE } from '../support/temporal';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

/** A case whose first review falls due after `remindAfter` (the policy's own duration). */
function withFirstReviewDue(municipality: string, remindAfter: string): CaseInput {
  const input = caseInput({ municipality, caseId: `hf-${municipality}-${randomBytes(5).toString('hex')}` });
  const ladders = { ...input.policy.ladders, firstReview: { remindAfter, escalateAfter: '60 days' } };
  return { ...input, policy: { ...input.policy, ladders } };
}

async function startCase(input: CaseInput) {
  return stack.env.client.workflow.start('caseWorkflow', {
    taskQueue: TASK_QUEUE,
    workflowId: input.caseId,
    args: [input],
  });
}

async function eventually<T>(probe: () => Promise<T>, done: (v: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error('timed out waiting for the condition');
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('weekly digest', () => {
  it("lists exactly the municipality's overdue tasks, and those due this week, with no personal data", async () => {
    const overdue = withFirstReviewDue('stavanger', '0 days');
    const dueSoon = withFirstReviewDue('stavanger', '3 days');
    const later = withFirstReviewDue('stavanger', '30 days');
    const reviewed = withFirstReviewDue('stavanger', '0 days');
    const elsewhere = withFirstReviewDue('bergen', '0 days');
    for (const c of [overdue, dueSoon, later, reviewed, elsewhere]) await startCase(c);
    await stack.env.client.workflow.getHandle(reviewed.caseId).executeUpdate(STEP_UPDATES.review, {
      args: [
        {
          actor: { id: 'team-1', role: 'assessment-team' },
          event: { round: 1, outcome: 'relevant', meetingDate: reviewed.referredAt },
        },
      ],
    });

    // Wait until visibility shows every case as the digest will read it.
    const directory = new CaseDirectory(stack.env.client);
    await eventually(
      () => directory.list({ municipality: 'stavanger' }),
      (cases) => {
        const byId = new Map(cases.map((c) => [c.caseId, c]));
        return (
          [overdue, dueSoon, later].every((c) => byId.get(c.caseId)?.nextDueAt) &&
          byId.get(reviewed.caseId)?.stage !== 'first-review'
        );
      },
    );

    stack.mailbox.clear();
    const result: DigestResult = await stack.env.client.workflow.execute('digestWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId: `digest-test-${Date.now()}`,
      args: [{ municipality: 'stavanger' }],
    });

    const teamLead = municipalities.require('stavanger').contacts.teamLead;
    const digests = stack.mailbox.messages.filter((m) => m.subject?.includes('Ukeoversikt'));
    expect(digests).toHaveLength(1);
    const mail = digests[0];
    expect(mail.to).toEqual([teamLead]);
    expect(result).toMatchObject({ to: teamLead, messageId: mail.messageId, overdue: 1, dueSoon: 1 });
    expect(mail.subject).toBe('[Bolig først] Ukeoversikt: 1 over fristen, 1 med frist denne uken');

    const text = mail.text!;
    const [overdueSection, dueSection] = text.split('Frist de neste sju dagene');
    expect(overdueSection).toContain(
      `${overdue.caseId}: første vurdering i vurderingsteamet (Hillevåg helse- og sosialkontor)`,
    );
    expect(overdueSection).toContain(`http://localhost:3000/referrals/${overdue.caseId}`);
    expect(overdueSection).not.toContain(dueSoon.caseId);
    expect(dueSection).toContain(dueSoon.caseId);
    expect(dueSection).not.toContain(overdue.caseId);
    for (const absent of [later.caseId, reviewed.caseId, elsewhere.caseId])
      expect(text).not.toContain(absent);
    for (const c of [overdue, dueSoon]) {
      for (const secret of [c.person.name, c.person.nationalId!, c.person.phone!, c.notes!])
        expect(mail.raw).not.toContain(secret);
    }
  });

  it('each municipality gets one schedule, created once and updated on every later start, that sends the digest', async () => {
    const profiles = municipalities.all();
    const first = await ensureDigestSchedules(stack.env.client, profiles, TASK_QUEUE);
    const second = await ensureDigestSchedules(stack.env.client, profiles, TASK_QUEUE);
    const ids = profiles.map((p) => digestScheduleId(p.id)).sort();
    expect(first.created.sort()).toEqual(ids);
    expect(second).toEqual({ created: [], updated: expect.arrayContaining(ids) });

    const listed: string[] = [];
    for await (const s of stack.env.client.schedule.list()) listed.push(s.scheduleId);
    expect(listed.filter((id) => id.startsWith('weekly-digest-')).sort()).toEqual(ids);

    const handle = stack.env.client.schedule.getHandle(digestScheduleId('sandnes'));
    const described = await handle.describe();
    expect(described.spec.calendars).toEqual([
      expect.objectContaining({
        dayOfWeek: [{ start: 'MONDAY', end: 'MONDAY', step: 1 }],
        hour: [{ start: 8, end: 8, step: 1 }],
        minute: [{ start: 0, end: 0, step: 1 }],
      }),
    ]);
    expect(described.spec.timezone).toBe('Europe/Oslo');

    stack.mailbox.clear();
    await handle.trigger();
    const sandnesLead = municipalities.require('sandnes').contacts.teamLead;
    const mails = await eventually(
      async () => stack.mailbox.messages.filter((m) => m.to.includes(sandnesLead)),
      (m) => m.length > 0,
    );
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toMatch(/^\[Bolig først\] Ukeoversikt: \d+ over fristen/);
    await handle.delete();
  });

  it('names the cases in follow-up whose delivered hours stayed below half the decision for four whole weeks', async () => {
    const today = localDate(new Date(), 'Europe/Oslo');
    const inFollowUp = (): CaseInput =>
      caseInput({
        municipality: 'bergen',
        caseId: `hf-bergen-${randomBytes(5).toString('hex')}`,
        referredAt: addDaysToDate(today, -200),
        existing: {
          stage: 'follow-up',
          stageSince: addDaysToDate(today, -100),
          decision: {
            services: [{ kind: 'oppfolging-i-hjemmet', hoursPerWeek: 6 }],
            date: addDaysToDate(today, -120),
          },
          movedInAt: addDaysToDate(today, -100),
          lastContactAt: addDaysToDate(today, -3),
        },
      });
    const served = inFollowUp();
    const short = inFollowUp();
    for (const c of [served, short]) await startCase(c);
    // Served: 3 h 20 min in each of the last four whole weeks (half of 6 h is 3 h). Short: 1 h a week.
    const monday = weekOf(today);
    for (let i = 1; i <= 4; i++) {
      const date = addDaysToDate(monday, -7 * i + 1);
      for (const [c, minutes] of [
        [served, 200],
        [short, 60],
      ] as const) {
        await stack.env.client.workflow.getHandle(c.caseId).executeUpdate(STEP_UPDATES.contact, {
          args: [{ actor: { id: 'hf-1', role: 'hf-team' }, event: { date, kind: 'home-visit', minutes } }],
        });
      }
    }
    const directory = new CaseDirectory(stack.env.client);
    await eventually(
      () => directory.list({ municipality: 'bergen', stage: 'follow-up' }),
      (cases) => [served, short].every((c) => cases.some((x) => x.caseId === c.caseId)),
    );

    stack.mailbox.clear();
    const result: DigestResult = await stack.env.client.workflow.execute('digestWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId: `digest-intensity-${Date.now()}`,
      args: [{ municipality: 'bergen' }],
    });
    expect(result.shortOfDecision).toBe(1);
    const mail = stack.mailbox.messages.find((m) => m.subject?.includes('Ukeoversikt'))!;
    const section = mail.text!.split('Oppfølging under 50 % av vedtaket de siste 4 hele ukene (1):')[1];
    expect(section).toBeDefined();
    expect(section).toContain(`${short.caseId} (Bergenhus bydel): vedtak 6 t/uke, levert 1 – 1 – 1 – 1 t`);
    expect(section).not.toContain(served.caseId);
    expect(mail.raw).not.toContain(short.person.name);
  });
});
