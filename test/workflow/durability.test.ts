/**
 * A case that lives for years cannot stall, double or lose its place: continue-as-new never
 * waits on a letter's delivery while an alert is due, an update retried after continue-as-new is
 * answered and not applied again, and a case's history stays small.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { WorkflowHandle } from '@temporalio/client';
import type { ContactEvent } from '../../domain/types';
import { type Reported, STEP_UPDATES } from '../../workflows/messages';
import { municipalities } from '../support/fixtures';
import { people, stories } from './harness';

const s = stories('durability');

/** Messages the quick walk to follow-up takes: eight updates and the coordinator's grant. */
const WALK_MESSAGES = 9;

async function runId(handle: WorkflowHandle): Promise<string> {
  return (await handle.describe()).runId;
}

test('an eviction carried out while the case continues as new alerts on-call at once, though the decision letter is still awaited', async () => {
  await s.run(async () => {
    const d = s.ctx.doubles;
    // Digital mail never reports the letter delivered: the watch polls for up to 14 days.
    const polls: number[] = [];
    d.fail('awaitLetterDelivery', () => {
      polls.push(Date.now());
      return ApplicationFailure.retryable('SvarUt: MOTTATT, not yet delivered', 'NotYetDelivered');
    });
    // The eviction report is the message that makes the run continue as new.
    const handle = await s.startCase(undefined, { limits: { messages: WALK_MESSAGES + 1 } });
    await s.walk(handle, 'follow-up');
    const firstRun = await runId(handle);
    expect((await s.view(handle)).letters[0]).toMatchObject({ purpose: 'decision', status: 'sent' });

    const reported = await s.now();
    const { riskId } = await s.send(handle, STEP_UPDATES.evictionRisk, people.housingProvider, {
      kind: 'eviction-executed',
      date: await s.today(),
    });
    await s.settle();

    // The case continued as new at once …
    expect(await runId(handle)).not.toBe(firstRun);
    // … and the alert went out within a minute of the report, not when the letter was delivered.
    const alert = d.sentWithTime().find((n) => n.purpose === `eviction:${riskId}:alert`);
    expect(alert).toBeDefined();
    expect(alert!.at.getTime() - reported.getTime()).toBeLessThan(60_000);
    // The letter is still watched: the new run asks SvarUt again, and hears it was delivered.
    const pollsBefore = polls.length;
    d.heal('awaitLetterDelivery');
    await s.ctx.env.sleep('10 minutes');
    expect(polls.length).toBe(pollsBefore);
    expect(d.of('awaitLetterDelivery')).toHaveLength(1);
    const view = await s.view(handle);
    expect(view.letters[0]).toMatchObject({ status: 'LEST', appealDeadline: expect.any(String) });
    expect(view.incidents).toEqual([]);
  });
});

test('an update retried with the same ID after the case continued as new is answered as before and not applied again', async () => {
  await s.run(async () => {
    const handle = await s.startCase(undefined, { limits: { messages: WALK_MESSAGES + 3 } });
    await s.walk(handle, 'follow-up');
    const firstRun = await runId(handle);
    const contact: Reported<ContactEvent> = {
      actor: people.hfTeam,
      event: { date: await s.today(), kind: 'home-visit', minutes: 45 },
    };
    const first = await handle.executeUpdate(STEP_UPDATES.contact, {
      args: [contact],
      updateId: 'idem-contact-1',
    });
    // The answer is a receipt: what the caller needs, not the whole case.
    expect(first).toEqual({
      caseId: handle.workflowId,
      stage: 'follow-up',
      expects: expect.any(String),
      nextDueAt: expect.any(String),
      hasIncident: false,
    });
    for (let i = 0; i < 2; i++) {
      await s.send(handle, STEP_UPDATES.contact, people.hfTeam, {
        date: await s.today(),
        kind: 'phone',
        minutes: 10,
      });
    }
    await s.settle();
    expect(await runId(handle)).not.toBe(firstRun);
    expect((await s.view(handle)).followUp!.contacts).toBe(3);

    // The API's record was never completed (a 503 on the deadline): the client retries the same key.
    const again = await handle.executeUpdate(STEP_UPDATES.contact, {
      args: [contact],
      updateId: 'idem-contact-1',
    });
    expect(again).toEqual(first);
    const view = await s.view(handle);
    expect(view.followUp!.contacts).toBe(3);
    expect(view.timeline.filter((e) => e.type === 'contact')).toHaveLength(3);
  });
});

test('a case that kept a policy whose escalation comes before its reminder sends the reminder, then the escalation, without waking in between', async () => {
  await s.run(async () => {
    const policy = municipalities.require('stavanger').policy;
    const handle = await s.startCase({
      policy: {
        ...policy,
        ladders: { ...policy.ladders, firstReview: { remindAfter: '14 days', escalateAfter: '7 days' } },
      },
    });
    await s.ctx.env.sleep('15 days');
    await s.toWorkingHours();
    expect(s.ctx.doubles.sent.map((n) => n.purpose)).toEqual([
      'first-review:reminder',
      'first-review:escalation',
    ]);
    // Version 1 of the rules set a 1 ms timer from day 7 to day 14: millions of events.
    const { events } = await handle.fetchHistory();
    expect(events!.length).toBeLessThan(100);
  });
});

test('old eviction risks are trimmed when the case continues as new; an open one stays and takes its action plan in the next run', async () => {
  await s.run(async () => {
    // Seven messages after the walk: one risk left open, three closed by their action plans.
    const recordsKept = { offers: 20, evictionRisks: 2, letters: 20, decisions: 20 };
    const handle = await s.startCase(undefined, { limits: { messages: WALK_MESSAGES + 7, recordsKept } });
    await s.walk(handle, 'follow-up');
    const firstRun = await runId(handle);
    const report = async () =>
      (
        await s.send(handle, STEP_UPDATES.evictionRisk, people.housingProvider, {
          kind: 'rent-arrears',
          date: await s.today(),
        })
      ).riskId;
    const open = await report();
    const closed: string[] = [];
    for (let i = 0; i < 3; i++) {
      const riskId = await report();
      await s.send(handle, STEP_UPDATES.actionPlan, people.hfTeam, {
        riskId,
        date: await s.today(),
        summary: 'Nedbetalingsplan avtalt med NAV og utleier.',
      });
      closed.push(riskId);
    }
    await s.settle();
    expect(await runId(handle)).not.toBe(firstRun);
    const view = await s.view(handle);
    expect(view.evictionRisks.map((r) => r.riskId)).toEqual([open, closed[1], closed[2]]);
    expect(view.recordsTrimmed).toEqual({ offers: 0, evictionRisks: 1, letters: 0, decisions: 0 });
    // The lease's offer and the decision are still there for the rules and the view.
    expect(view.housing.offers).toHaveLength(1);
    expect(view.decision).toBeDefined();
    const planned = await s.send(handle, STEP_UPDATES.actionPlan, people.hfTeam, {
      riskId: open,
      date: await s.today(),
      summary: 'Tiltaksplan for den åpne risikoen.',
    });
    expect(planned.evictionRisks.find((r) => r.riskId === open)?.actionPlan).toBeDefined();
  });
});
