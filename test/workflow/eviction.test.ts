/**
 * Eviction risk in follow-up: each report starts a ladder (team lead alerted, action plan due in
 * 2 working days, unit leader alerted if none); an eviction carried out is urgent and goes to
 * on-call out of hours; NAV hears of a warning or petition only with the person's consent.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { addDaysToDate, isWorkingDay, localDate } from '../../domain/calendar';
import { EVICTION_RISK_KINDS } from '../../domain/types';
import { STEP_UPDATES } from '../../workflows/messages';
import { oslo, people, stories, TZ, WORKING_HOURS } from './harness';

const s = stories('eviction');

/** The next Friday 14:00 whose Friday, Monday and Tuesday are all working days. */
async function fridayAfternoon(): Promise<Date> {
  for (;;) {
    const at = await s.clockTo(5, '14:00');
    const fri = localDate(at, TZ);
    if ([0, 3, 4].every((d) => isWorkingDay(addDaysToDate(fri, d), WORKING_HOURS))) return at;
  }
}

async function caseInFollowUp(scope: string[] = ['assessment-team', 'hf-team']): Promise<WorkflowHandle> {
  const handle = await s.startCase({
    consent: { given: true, date: await s.today(), scope: scope as never },
  });
  await s.walk(handle, 'follow-up');
  return handle;
}

const ladder = (caseId: string, riskId: string) =>
  s.ctx.doubles
    .sentWithTime()
    .filter((n) => n.caseId === caseId && n.purpose.startsWith(`eviction:${riskId}:`))
    .map((n) => [n.purpose.split(':')[2], n.recipient, oslo(n.at)]);

describe.each(EVICTION_RISK_KINDS)('%s reported on a Friday afternoon', (kind) => {
  test('alerts the team lead at once; no action plan by Tuesday evening alerts the unit leader on Wednesday morning', async () => {
    await s.run(async () => {
      const handle = await caseInFollowUp();
      await fridayAfternoon();
      const { riskId } = await s.send(handle, STEP_UPDATES.evictionRisk, people.housingProvider, {
        kind,
        date: await s.today(),
      });
      const risk = (await s.view(handle)).evictionRisks.find((r) => r.riskId === riskId)!;
      // Two working days: the weekend does not count.
      expect(oslo(risk.actionPlanDueAt!)).toBe('Tue 16:00');
      expect(ladder(handle.workflowId, riskId)).toEqual([['alert', 'team-lead', 'Fri 14:00']]);
      await s.ctx.env.sleep('6 days');
      expect(ladder(handle.workflowId, riskId)).toEqual([
        ['alert', 'team-lead', 'Fri 14:00'],
        ['escalation', 'unit-leader', 'Wed 08:00'],
      ]);
      const view = await s.view(handle);
      // Whatever the risk, follow-up goes on.
      expect(view.stage).toBe('follow-up');
      if (kind === 'eviction-executed') {
        expect(view.housing.status).toBe('lost');
        expect(view.tasks.map((t) => t.kind)).toContain('housing');
      }
    });
  });

  test('an action plan on Monday stops the ladder: the unit leader hears nothing', async () => {
    await s.run(async () => {
      const handle = await caseInFollowUp();
      await fridayAfternoon();
      const { riskId } = await s.send(handle, STEP_UPDATES.evictionRisk, people.housingProvider, {
        kind,
        date: await s.today(),
      });
      await s.clockTo(1, '10:00');
      const view = await s.send(handle, STEP_UPDATES.actionPlan, people.hfTeam, {
        riskId,
        date: await s.today(),
        summary: 'Nedbetalingsavtale med NAV, ukentlige hjemmebesøk.',
      });
      expect(view.tasks.map((t) => t.id)).not.toContain(`eviction:${riskId}`);
      await s.ctx.env.sleep('7 days');
      expect(ladder(handle.workflowId, riskId)).toEqual([['alert', 'team-lead', 'Fri 14:00']]);
      const journal = s.ctx.doubles.of('archiveJournalEntry').filter((j) => j.kind === 'action-plan');
      expect(journal).toEqual([expect.objectContaining({ purpose: `action-plan:${riskId}` })]);
    });
  });
});

test('a Friday-evening reminder is delivered on Monday at 08:00, while an eviction carried out on Saturday alerts on-call at once', async () => {
  await s.run(async () => {
    const housed = await caseInFollowUp();
    // A referral submitted on a Friday at 18:00 is due its first-review reminder two weeks later,
    // on a Friday evening.
    let friday = await s.clockTo(5, '18:00');
    while (!isWorkingDay(addDaysToDate(localDate(friday, TZ), 17), WORKING_HOURS))
      friday = await s.clockTo(5, '18:00');
    const waiting = await s.startCase();
    await s.ctx.env.sleep('14 days'); // Friday 18:00 + a second
    const reminders = () =>
      s.ctx.doubles
        .sentWithTime()
        .filter((n) => n.caseId === waiting.workflowId && n.purpose === 'first-review:reminder');
    expect(reminders()).toEqual([]);

    await s.clockTo(6, '11:00');
    await s.send(housed, STEP_UPDATES.evictionRisk, people.housingProvider, {
      kind: 'eviction-executed',
      date: await s.today(),
    });
    const alerts = s.ctx.doubles
      .sentWithTime()
      .filter((n) => n.caseId === housed.workflowId && n.kind === 'alert');
    expect(alerts.map((n) => [n.recipient, oslo(n.at)])).toEqual([['on-call', 'Sat 11:00']]);
    expect(reminders()).toEqual([]);

    await s.clockTo(1, '09:00');
    expect(reminders().map((n) => [n.recipient, oslo(n.at)])).toEqual([['team-lead', 'Mon 08:00']]);
  });
});

test('an eviction carried out in working hours alerts the team lead, not on-call', async () => {
  await s.run(async () => {
    const handle = await caseInFollowUp();
    await fridayAfternoon();
    await s.send(handle, STEP_UPDATES.evictionRisk, people.housingProvider, {
      kind: 'eviction-executed',
      date: await s.today(),
    });
    const alerts = s.ctx.doubles.sentWithTime().filter((n) => n.kind === 'alert');
    expect(alerts.map((n) => [n.recipient, oslo(n.at)])).toEqual([['team-lead', 'Fri 14:00']]);
  });
});

describe('NAV and consent', () => {
  test('with consent to tell NAV, NAV is told of an eviction warning', async () => {
    await s.run(async () => {
      const handle = await caseInFollowUp(['assessment-team', 'hf-team', 'nav']);
      const { riskId } = await s.send(handle, STEP_UPDATES.evictionRisk, people.housingProvider, {
        kind: 'eviction-warning',
        date: await s.today(),
      });
      expect(s.ctx.doubles.of('notifyParty')).toEqual([
        expect.objectContaining({ party: 'nav', event: 'eviction-warning', purpose: `nav:${riskId}` }),
      ]);
      const view = await s.view(handle);
      expect(view.evictionRisks[0].navNotified).toBe(true);
      expect(view.tasks.map((t) => t.kind)).not.toContain('ask-nav-consent');
    });
  });

  test('without consent, NAV hears nothing and the team is reminded to ask the person; once they agree, NAV is told', async () => {
    await s.run(async () => {
      const handle = await caseInFollowUp(['assessment-team', 'hf-team']);
      const { riskId } = await s.send(handle, STEP_UPDATES.evictionRisk, people.housingProvider, {
        kind: 'eviction-petition',
        date: await s.today(),
      });
      expect(s.ctx.doubles.of('notifyParty')).toEqual([]);
      const asked = await s.view(handle);
      const ask = asked.tasks.find((t) => t.kind === 'ask-nav-consent');
      expect(ask).toMatchObject({ assignee: 'hf-team' });
      // The team has the policy's two working days to ask before the team lead is reminded.
      expect(s.ctx.doubles.sent.map((n) => n.purpose)).not.toContain(`ask-nav-consent:${riskId}:reminder`);
      await s.sleepUntil(new Date(ask!.remindAt!));
      await s.toWorkingHours();
      expect(s.ctx.doubles.sent.map((n) => n.purpose)).toContain(`ask-nav-consent:${riskId}:reminder`);

      const agreed = await s.send(handle, STEP_UPDATES.consentScope, people.hfTeam, {
        date: await s.today(),
        scope: ['assessment-team', 'hf-team', 'nav'],
      });
      expect(agreed.tasks.map((t) => t.kind)).not.toContain('ask-nav-consent');
      expect(s.ctx.doubles.of('notifyParty')).toEqual([
        expect.objectContaining({ party: 'nav', event: 'eviction-petition', purpose: `nav:${riskId}` }),
      ]);
    });
  });

  test('NAV is not told of rent arrears or complaints, nor of what NAV reported itself', async () => {
    await s.run(async () => {
      const handle = await caseInFollowUp(['assessment-team', 'hf-team', 'nav']);
      for (const kind of ['rent-arrears', 'neighbour-complaint'] as const) {
        await s.send(handle, STEP_UPDATES.evictionRisk, people.housingProvider, {
          kind,
          date: await s.today(),
        });
      }
      await s.send(handle, STEP_UPDATES.evictionRisk, people.nav, {
        kind: 'eviction-warning',
        date: await s.today(),
      });
      expect(s.ctx.doubles.of('notifyParty')).toEqual([]);
      expect((await s.view(handle)).evictionRisks).toHaveLength(3);
    });
  });
});
