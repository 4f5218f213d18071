/**
 * The first review's reminder ladder, and what "not relevant" means: information, never a
 * decision. Time-skipping server, real Stavanger durations (reminder at 14 days, escalation at
 * 28, delivered in working hours).
 */
import { WRONG_STAGE, STEP_UPDATES } from '../../workflows/messages';
import { oslo, people, refusal, stories } from './harness';

const s = stories('first-review');

test('a referral waiting 15 days sends the team lead one reminder, and at 29 days the unit leader is alerted', async () => {
  await s.run(async () => {
    const handle = await s.startCase();
    // Each step of the ladder is delivered at the first working moment after it falls due, so a
    // case referred after hours, or before a weekend or holiday (a Thursday at 16:09 runs into
    // 1 January), is looked at from that moment on, not from a fixed number of days.
    await s.ctx.env.sleep('15 days');
    await s.toWorkingHours();
    await s.settle();
    const sent = () => s.ctx.doubles.sent.filter((n) => n.topic === 'first-review');
    expect(sent().map((n) => [n.recipient, n.kind, n.purpose])).toEqual([
      ['team-lead', 'reminder', 'first-review:reminder'],
    ]);
    expect(sent()[0].caseId).toBe(handle.workflowId);
    await s.ctx.env.sleep('14 days');
    await s.toWorkingHours();
    await s.settle();
    expect(sent().map((n) => [n.recipient, n.kind])).toEqual([
      ['team-lead', 'reminder'],
      ['unit-leader', 'escalation'],
    ]);
    const view = await s.view(handle);
    expect(view.stage).toBe('first-review');
    const task = view.tasks.find((t) => t.kind === 'first-review')!;
    expect(task.reminded).toBeDefined();
    expect(task.escalated).toBeDefined();
    expect(oslo(task.reminded!)).toMatch(/^(Mon|Tue|Wed|Thu|Fri) (0[89]|1[0-5]):/);
  });
});

test('a referral reviewed on day 13 sends no reminder at all', async () => {
  await s.run(async () => {
    const handle = await s.startCase();
    await s.ctx.env.sleep('13 days');
    const view = await s.send(handle, STEP_UPDATES.review, people.assessor, {
      round: 1,
      outcome: 'relevant',
      meetingDate: await s.today(),
    });
    expect(view.stage).toBe('mapping');
    await s.ctx.env.sleep('20 days');
    expect(s.ctx.doubles.sent).toEqual([]);
  });
});

test('"not relevant" sends an information letter and asks the caseworker to tell the person; it never makes a decision', async () => {
  await s.run(async () => {
    const handle = await s.startCase();
    await s.ctx.env.sleep('6 days');
    const view = await s.send(handle, STEP_UPDATES.review, people.assessor, {
      round: 1,
      outcome: 'not-relevant',
      meetingDate: await s.today(),
      notes: 'Har allerede bolig med oppfølging.',
    });
    expect(view.stage).toBe('not-relevant');
    expect(view.tasks.map((t) => [t.kind, t.assignee])).toEqual([['inform-person', 'caseworker']]);
    await s.ctx.env.sleep('1 day');
    const d = s.ctx.doubles;
    expect(d.of('sendLetter').map((l) => l.purpose)).toEqual(['not-relevant']);
    expect(d.of('archiveJournalEntry').map((j) => j.kind)).toEqual(['referral', 'review-1']);
    expect(d.of('registerDecision')).toEqual([]);
    expect((await s.view(handle)).letters).toEqual([
      expect.objectContaining({ purpose: 'not-relevant', status: 'LEST', deliveredAt: expect.any(String) }),
    ]);

    const closed = await s.send(handle, STEP_UPDATES.informed, people.caseworker, {
      date: await s.today(),
      channel: 'in-person',
    });
    expect(closed.stage).toBe('closed');
    expect(closed.tasks).toEqual([]);
    expect(closed.decision).toBeUndefined();
    expect(await s.status(handle)).toBe('COMPLETED');
    // Nobody was reminded: the caseworker told the person within the week.
    expect(d.sent).toEqual([]);
  });
});

test('a caseworker who has not told the person within 7 days is reminded through the team lead', async () => {
  await s.run(async () => {
    const handle = await s.startCase();
    await s.send(handle, STEP_UPDATES.review, people.assessor, {
      round: 1,
      outcome: 'not-relevant',
      meetingDate: await s.today(),
    });
    await s.ctx.env.sleep('7 days');
    await s.toWorkingHours();
    expect(s.ctx.doubles.sent.map((n) => [n.purpose, n.recipient])).toEqual([
      ['inform-person:reminder', 'team-lead'],
    ]);
  });
});

test('an event that does not fit the stage is refused, naming the stage and what it expects, and changes nothing', async () => {
  await s.run(async () => {
    const handle = await s.startCase();
    const before = await s.view(handle);
    const err = await refusal(
      s.send(handle, STEP_UPDATES.mapping, people.hfTeam, {
        followUpWorker: 'Oppfølger 1',
        housingWishes: { areas: ['Storhaug'], needs: [] },
        forms: {},
      }),
    );
    expect(err.type).toBe(WRONG_STAGE);
    expect(err.message).toContain('"first-review"');
    expect(err.message).toContain('first review');
    const second = await refusal(
      s.send(handle, STEP_UPDATES.review, people.assessor, {
        round: 2,
        outcome: 'place-offered',
        meetingDate: await s.today(),
      }),
    );
    expect(second.type).toBe(WRONG_STAGE);
    const future = await refusal(
      s.send(handle, STEP_UPDATES.review, people.assessor, {
        round: 1,
        outcome: 'relevant',
        meetingDate: '2099-01-01',
      }),
    );
    expect(future.type).toBe('InvalidEvent');
    expect(future.message).toContain('meetingDate');
    const after = await s.view(handle);
    expect(after.stage).toBe('first-review');
    expect(after.timeline).toEqual(before.timeline);
  });
});
