/**
 * Appeals (issue 13 item 8; forvaltningsloven §§ 28–33, pasient- og brukerrettighetsloven
 * §§ 7-2 and 7-3): the delivered decision's appeal window is a task on the case until it closes;
 * an appeal is registered in time or late; the team lead's own review has a deadline (reminded,
 * then the unit leader); what the team lead does not grant goes on to Statsforvalteren, whose
 * outcome is recorded. Follow-up goes on throughout.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { STEP_UPDATES } from '../../workflows/messages';
import { addDaysToDate, localDate } from '../../domain/calendar';
import { people, refusal, stories, TZ } from './harness';

const s = stories('appeals');

async function caseInFollowUp(): Promise<WorkflowHandle> {
  const handle = await s.startCase();
  await s.walk(handle, 'follow-up');
  return handle;
}

const appealMail = (caseId: string) =>
  s.ctx.doubles.sent
    .filter((n) => n.caseId === caseId && n.purpose.startsWith('appeal'))
    .map((n) => [n.purpose, n.recipient]);

test('an appeal in time: the window closes, the team lead’s review is reminded and escalated, upheld goes to Statsforvalteren, whose change asks for a new decision', async () => {
  await s.run(async () => {
    const handle = await caseInFollowUp();
    let view = await s.view(handle);
    const letter = view.letters.find((l) => l.purpose === 'decision')!;
    expect(letter.appealDeadline).toBeDefined();
    // The window is a task on the case, due the morning after its last day.
    const window = view.tasks.find((t) => t.kind === 'appeal-window')!;
    expect(window).toMatchObject({ id: 'appeal-window-1', assignee: 'team-lead' });
    expect(new Date(window.dueAt).getTime()).toBeGreaterThan(
      new Date(`${letter.appealDeadline}T00:00:00Z`).getTime(),
    );

    await s.ctx.env.sleep('10 days');
    const received = await s.today();
    const { appealId } = await s.send(handle, STEP_UPDATES.appeal, people.teamLead, {
      receivedDate: received,
      summary: 'Personen mener fem timer i uka er for lite.',
    });
    view = await s.view(handle);
    expect(appealId).toBe('appeal-1');
    expect(view.appeals).toEqual([
      expect.objectContaining({ appealId, decisionNo: 1, late: false, status: 'team-lead-review' }),
    ]);
    expect(view.tasks.map((t) => t.kind)).not.toContain('appeal-window');
    expect(view.tasks.find((t) => t.kind === 'appeal-review')?.id).toBe(`appeal-review:${appealId}`);

    // Follow-up goes on while the appeal runs.
    await s.send(handle, STEP_UPDATES.contact, people.hfTeam, {
      date: await s.today(),
      kind: 'home-visit',
      minutes: 60,
    });

    // Not reviewed: the team lead is reminded 14 days after the appeal came, the unit leader
    // alerted after 21 (both in working hours).
    const task = view.tasks.find((t) => t.kind === 'appeal-review')!;
    expect(localDate(new Date(task.remindAt!), TZ)).toBe(addDaysToDate(received, 14));
    expect(localDate(new Date(task.escalateAt!), TZ)).toBe(addDaysToDate(received, 21));
    expect(task.dueAt).toBe(task.escalateAt);
    await s.sleepUntil(new Date(task.remindAt!));
    await s.toWorkingHours();
    expect(appealMail(handle.workflowId)).toEqual([[`appeal-review:${appealId}:reminder`, 'team-lead']]);
    await s.sleepUntil(new Date(task.escalateAt!));
    await s.toWorkingHours();
    expect(appealMail(handle.workflowId)).toEqual([
      [`appeal-review:${appealId}:reminder`, 'team-lead'],
      [`appeal-review:${appealId}:escalation`, 'unit-leader'],
    ]);

    view = await s.send(handle, STEP_UPDATES.appealReview, people.teamLead, {
      appealId,
      outcome: 'upheld',
      date: await s.today(),
      reasons: 'Timetallet er i tråd med kartleggingen.',
    });
    expect(view.appeals?.[0]).toMatchObject({ status: 'at-statsforvalteren', sentOn: await s.today() });
    expect(view.tasks.map((t) => t.kind)).not.toContain('appeal-review');
    expect(view.tasks.find((t) => t.kind === 'appeal-outcome')?.id).toBe(`appeal-outcome:${appealId}`);
    expect(view.timeline.map((e) => e.type)).toContain('appeal-sent-on');

    view = await s.send(handle, STEP_UPDATES.appealOutcome, people.teamLead, {
      appealId,
      outcome: 'changed',
      date: await s.today(),
    });
    expect(view.appeals?.[0]).toMatchObject({ status: 'closed', outcome: { outcome: 'changed' } });
    expect(view.tasks.map((t) => t.kind)).not.toContain('appeal-outcome');
    // The decision is to be made anew: its review is due now.
    const review = view.tasks.find((t) => t.kind === 'decision-review')!;
    expect(review.dueAt <= new Date((await s.now()).getTime() + 86_400_000).toISOString()).toBe(true);
    expect(view.stage).toBe('follow-up');
  });
});

test('after the window closes, an appeal is registered as late and the team lead may dismiss it', async () => {
  await s.run(async () => {
    const handle = await caseInFollowUp();
    const deadline = (await s.view(handle)).letters.find((l) => l.purpose === 'decision')!.appealDeadline!;
    await s.ctx.env.sleep('5 weeks');
    let view = await s.view(handle);
    expect(view.tasks.map((t) => t.kind)).not.toContain('appeal-window');
    expect(view.timeline.find((e) => e.type === 'appeal-window-closed')?.date).toBe(deadline);
    // The window closing sends nobody a message.
    expect(appealMail(handle.workflowId)).toEqual([]);

    const { appealId } = await s.send(handle, STEP_UPDATES.appeal, people.hfTeam, {
      receivedDate: await s.today(),
    });
    view = await s.view(handle);
    expect(view.appeals?.[0]).toMatchObject({ appealId, late: true, deadline });
    view = await s.send(handle, STEP_UPDATES.appealReview, people.teamLead, {
      appealId,
      outcome: 'dismissed',
      date: await s.today(),
      reasons: 'Klagen kom etter fristen, uten grunn til å se bort fra det (fvl. § 31).',
    });
    expect(view.appeals?.[0].status).toBe('closed');
    expect(view.tasks.map((t) => t.kind)).not.toContain('appeal-outcome');
  });
});

test('the team lead grants the appeal: no Statsforvalteren, the decision review is due at once', async () => {
  await s.run(async () => {
    const handle = await caseInFollowUp();
    const { appealId } = await s.send(handle, STEP_UPDATES.appeal, people.teamLead, {
      receivedDate: await s.today(),
    });
    const view = await s.send(handle, STEP_UPDATES.appealReview, people.teamLead, {
      appealId,
      outcome: 'granted',
      date: await s.today(),
      reasons: 'Behovet er større enn lagt til grunn.',
    });
    expect(view.appeals?.[0]).toMatchObject({ status: 'closed', review: { outcome: 'granted' } });
    expect(view.tasks.map((t) => t.kind)).toContain('decision-review');
    expect(view.tasks.map((t) => t.kind)).not.toContain('appeal-outcome');
  });
});

test('refusals: no decision yet, a second appeal while one runs, dismissing one in time, an unknown appeal', async () => {
  await s.run(async () => {
    const early = await s.startCase();
    expect(
      (
        await refusal(
          early.executeUpdate(STEP_UPDATES.appeal, {
            args: [{ actor: people.teamLead, event: { receivedDate: await s.today() } }],
          }),
        )
      ).type,
    ).toBe('WrongStage');

    const handle = await caseInFollowUp();
    const { appealId } = await s.send(handle, STEP_UPDATES.appeal, people.teamLead, {
      receivedDate: await s.today(),
    });
    const again = await refusal(
      handle.executeUpdate(STEP_UPDATES.appeal, {
        args: [{ actor: people.teamLead, event: { receivedDate: await s.today() } }],
      }),
    );
    expect(again.message).toContain(appealId);
    const dismiss = await refusal(
      handle.executeUpdate(STEP_UPDATES.appealReview, {
        args: [
          {
            actor: people.teamLead,
            event: { appealId, outcome: 'dismissed', date: await s.today(), reasons: 'x' },
          },
        ],
      }),
    );
    expect(dismiss.message).toContain('only a late appeal');
    const unknown = await refusal(
      handle.executeUpdate(STEP_UPDATES.appealOutcome, {
        args: [
          {
            actor: people.teamLead,
            event: { appealId: 'appeal-9', outcome: 'upheld', date: await s.today() },
          },
        ],
      }),
    );
    expect(unknown.type).toBe('UnknownReference');
    const notYet = await refusal(
      handle.executeUpdate(STEP_UPDATES.appealOutcome, {
        args: [{ actor: people.teamLead, event: { appealId, outcome: 'upheld', date: await s.today() } }],
      }),
    );
    expect(notYet.message).toContain('not with Statsforvalteren');
  });
});
