/**
 * Places are limited (Stavanger: 10). "No place" is information, not a decision; a place offered
 * while none is free puts the person on the waiting list, in order, and the list moves when a
 * place frees up. One coordinator per municipality keeps this right when many cases compete.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import type { CaseInput } from '../../domain/case';
import { getPlacesQuery, placeReleaseSignal, STEP_UPDATES } from '../../workflows/messages';
import { after } from '../../domain/deadlines';
import { municipalities } from '../support/fixtures';
import { TASK_QUEUE } from '../support/temporal';
import { people, refusal, refused, stories } from './harness';

const s = stories('places');
/** Ending a granted service is a decision: the team lead's reasons (issue 15, item 4). */
const ENDING = 'Du har flyttet fra kommunen, og teamet har hjulpet deg med å få oppfølging der du bor nå.';
/** A place refused after the mapping is a decision: its reasons. */
const REFUSAL = 'Alle plassene er i bruk, og vurderingsteamet venter ingen ledige plasser de neste månedene.';
const stavanger = municipalities.require('stavanger').policy;

/** A person already in follow-up when the municipality starts using the service: holds a place. */
async function existingResident(): Promise<WorkflowHandle> {
  const since = await s.daysAgo(200);
  const existing: CaseInput['existing'] = {
    stage: 'follow-up',
    stageSince: since,
    movedInAt: since,
    lastContactAt: await s.daysAgo(3),
    decision: { services: [{ kind: 'miljøarbeidertjeneste', hoursPerWeek: 4 }], date: await s.daysAgo(220) },
  };
  return s.startCase({ referredAt: await s.daysAgo(260), existing });
}

async function placesNow() {
  return s.ctx.env.client.workflow.getHandle(s.ctx.placesId).query(getPlacesQuery);
}

test('"no place" after the mapping is a refusal decision with its reasons, sent and archived once; the caseworker informs the person and the case closes', async () => {
  await s.run(async () => {
    const handle = await s.startCase();
    await s.walk(handle, 'second-review');
    const noPlace = { round: 2, outcome: 'no-place', meetingDate: await s.today() } as const;
    // A refused place is a decision: without its reasons the case refuses the event.
    const err = await refusal(s.send(handle, STEP_UPDATES.review, people.assessor, noPlace));
    expect(err.type).toBe('InvalidEvent');
    expect(err.details).toEqual([{ path: 'reasons' }]);
    const view = await s.send(handle, STEP_UPDATES.review, people.assessor, { ...noPlace, reasons: REFUSAL });
    expect(view.stage).toBe('no-place');
    expect(view.tasks.map((t) => t.kind)).toEqual(['inform-person']);
    const closed = await s.send(handle, STEP_UPDATES.informed, people.caseworker, {
      date: await s.today(),
      channel: 'phone',
    });
    expect(closed.stage).toBe('closed');
    await s.settle();
    const d = s.ctx.doubles;
    expect(d.of('sendLetter').map((l) => [l.purpose, l.facts?.reasons])).toEqual([
      ['capacity-refusal', REFUSAL],
    ]);
    const archived = d.of('archiveJournalEntry').filter((j) => j.kind === 'capacity-refusal');
    expect(archived.map((j) => j.letter?.purpose)).toEqual(['capacity-refusal']);
    expect(d.of('registerDecision')).toEqual([]);
    expect(d.of('requestPlace')).toEqual([]);
    expect(await s.status(handle)).toBe('COMPLETED');
  });
});

test('with every place taken the person waits in line, and moves on to the decision when someone exits', async () => {
  await s.run(async () => {
    const residents: WorkflowHandle[] = [];
    for (let i = 0; i < 10; i++) residents.push(await existingResident());
    expect(await placesNow()).toMatchObject({ capacity: 10, held: 10, free: 0 });

    const first = await s.startCase();
    const second = await s.startCase();
    await s.walk(first, 'second-review');
    await s.walk(second, 'second-review');
    await s.send(first, STEP_UPDATES.review, people.assessor, {
      round: 2,
      outcome: 'place-offered',
      meetingDate: await s.today(),
    });
    await s.send(second, STEP_UPDATES.review, people.assessor, {
      round: 2,
      outcome: 'place-offered',
      meetingDate: await s.today(),
    });
    await s.settle();
    expect(await s.view(first)).toMatchObject({
      stage: 'waiting-for-place',
      place: { status: 'waiting', position: 1 },
    });
    expect(await s.view(second)).toMatchObject({
      stage: 'waiting-for-place',
      place: { status: 'waiting', position: 2 },
    });
    // Waiting is nobody's overdue task.
    expect((await s.view(first)).tasks).toEqual([]);

    await s.ctx.env.sleep('20 days');
    await s.send(residents[3], STEP_UPDATES.exit, people.hfTeam, {
      reason: 'transferred',
      date: await s.today(),
      reasons: ENDING,
    });
    await s.eventually(async () =>
      expect((await s.view(second)).place).toEqual({ status: 'waiting', position: 1 }),
    );
    const moved = await s.view(first);
    expect(moved.stage).toBe('decision');
    expect(moved.place).toEqual({ status: 'held' });
    expect(moved.tasks.map((t) => t.kind)).toEqual(['decision']);
    expect((await s.view(second)).place).toEqual({ status: 'waiting', position: 1 });
    expect(await placesNow()).toMatchObject({ held: 10, waiting: [second.workflowId] });
  });
});

test('fourteen cases offered a place at the same moment: ten get one, four wait in distinct positions, none is lost', async () => {
  await s.run(async () => {
    const cases: WorkflowHandle[] = [];
    for (let i = 0; i < 14; i++) {
      const handle = await s.startCase();
      await s.walk(handle, 'second-review');
      cases.push(handle);
    }
    // The reviews are registered back to back (one call at a time: the Java test server drops
    // bursts of parallel calls); each case's place request then races the others to the coordinator.
    const meetingDate = await s.today();
    for (const h of cases) {
      await h.executeUpdate(STEP_UPDATES.review, {
        args: [{ actor: people.assessor, event: { round: 2, outcome: 'place-offered', meetingDate } }],
      });
    }
    let views: Awaited<ReturnType<typeof s.view>>[] = [];
    const held = () => views.filter((v) => v.place?.status === 'held');
    const waiting = () => views.filter((v) => v.place?.status === 'waiting');
    await s.eventually(async () => {
      views = [];
      // One query at a time: the Java test server refuses bursts of parallel calls.
      for (const h of cases) views.push(await s.view(h));
      expect(held()).toHaveLength(10);
      expect(held().every((v) => v.stage === 'decision')).toBe(true);
      expect(
        waiting()
          .map((v) => v.place!.position)
          .sort(),
      ).toEqual([1, 2, 3, 4]);
    });
    const coordinator = await placesNow();
    expect(coordinator.holders.sort()).toEqual(
      held()
        .map((v) => v.caseId)
        .sort(),
    );
    expect(coordinator.waiting).toEqual(
      [...waiting()].sort((a, b) => a.place!.position! - b.place!.position!).map((v) => v.caseId),
    );

    // Someone waiting withdraws: those behind move up. Someone holding a place exits: the first
    // in line gets it.
    const [w1, w2, w3, w4] = coordinator.waiting.map((id) => cases.find((c) => c.workflowId === id)!);
    await s.send(w2, STEP_UPDATES.consentWithdrawal, people.caseworker, { date: await s.today() });
    await s.eventually(async () => {
      expect((await s.view(w3)).place).toEqual({ status: 'waiting', position: 2 });
      expect((await s.view(w4)).place).toEqual({ status: 'waiting', position: 3 });
    });
    const leaving = cases.find((c) => c.workflowId === coordinator.holders[0])!;
    await s.send(leaving, STEP_UPDATES.exit, people.hfTeam, {
      reason: 'moved-away',
      date: await s.today(),
      reasons: ENDING,
    });
    await s.eventually(async () => {
      expect((await s.view(w1)).stage).toBe('decision');
      expect((await s.view(w3)).place).toEqual({ status: 'waiting', position: 1 });
      expect(await placesNow()).toMatchObject({ held: 10, waiting: [w3.workflowId, w4.workflowId] });
    });
  });
});

/** The coordinator's runs, first to latest. */
async function coordinatorRuns(): Promise<number> {
  const handle = s.ctx.env.client.workflow.getHandle(s.ctx.placesId);
  let runs = 0;
  for (let runId: string | undefined = (await handle.describe()).runId; runId; runs++) {
    const history: temporal.api.history.v1.IHistory = await s.ctx.env.client.workflow
      .getHandle(s.ctx.placesId, runId)
      .fetchHistory();
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    runId = started?.continuedExecutionRunId || undefined;
  }
  return runs;
}

test('the coordinator continues as new between events and forgets nobody: holders, the list and a case that ended while waiting', async () => {
  await s.run(async () => {
    // A coordinator that continues as new every few dozen events (10,000 in production).
    await s.ctx.env.client.workflow.start('placesWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId: s.ctx.placesId,
      args: [{ municipality: 'stavanger', capacity: 10, limits: { historyEvents: 40 } }],
    });
    const residents: WorkflowHandle[] = [];
    for (let i = 0; i < 10; i++) residents.push(await existingResident());
    const waiting: WorkflowHandle[] = [];
    for (let i = 0; i < 3; i++) {
      const handle = await s.startCase();
      await s.walk(handle, 'second-review');
      await s.send(handle, STEP_UPDATES.review, people.assessor, {
        round: 2,
        outcome: 'place-offered',
        meetingDate: await s.today(),
      });
      waiting.push(handle);
    }
    await s.eventually(async () =>
      expect((await s.view(waiting[2])).place).toEqual({ status: 'waiting', position: 3 }),
    );
    // The first in line is stopped by an administrator (terminated, no release sent).
    await waiting[0].terminate('stopped by an administrator');
    await s.send(residents[0], STEP_UPDATES.exit, people.hfTeam, {
      reason: 'moved-away',
      date: await s.today(),
      reasons: ENDING,
    });
    // The place went to the ended case first; the coordinator learnt it had ended and moved on.
    await s.eventually(async () => expect((await s.view(waiting[1])).stage).toBe('decision'));
    await s.eventually(async () =>
      expect((await s.view(waiting[2])).place).toEqual({ status: 'waiting', position: 1 }),
    );
    expect(await placesNow()).toMatchObject({ held: 10, waiting: [waiting[2].workflowId] });
    expect((await placesNow()).holders).not.toContain(waiting[0].workflowId);
    expect(await coordinatorRuns()).toBeGreaterThan(1);
  });
});

test('a coordinator that has ended is not replaced by an empty one: the request becomes an incident', async () => {
  await s.run(async () => {
    const resident = await existingResident();
    expect(await placesNow()).toMatchObject({ held: 1, holders: [resident.workflowId] });
    await s.ctx.env.client.workflow.getHandle(s.ctx.placesId).terminate('lost');

    const handle = await s.startCase();
    await s.walk(handle, 'second-review');
    await s.send(handle, STEP_UPDATES.review, people.assessor, {
      round: 2,
      outcome: 'place-offered',
      meetingDate: await s.today(),
    });
    await s.eventually(async () =>
      expect((await s.view(handle)).incidents).toEqual([
        expect.objectContaining({ system: 'places', operation: 'requestPlace', status: 'open' }),
      ]),
    );
    const coordinator = await s.ctx.env.client.workflow.getHandle(s.ctx.placesId).describe();
    expect(coordinator.status.name).toBe('TERMINATED');
    expect((await s.view(handle)).stage).toBe('waiting-for-place');
  });
});

/** Ten residents hold every place; one person is offered a place and waits (position 1). */
async function oneWaiting(): Promise<{ residents: WorkflowHandle[]; handle: WorkflowHandle }> {
  const residents: WorkflowHandle[] = [];
  for (let i = 0; i < 10; i++) residents.push(await existingResident());
  const handle = await s.startCase();
  await s.walk(handle, 'second-review');
  await s.send(handle, STEP_UPDATES.review, people.assessor, {
    round: 2,
    outcome: 'place-offered',
    meetingDate: await s.today(),
  });
  await s.eventually(async () =>
    expect((await s.view(handle)).place).toEqual({ status: 'waiting', position: 1 }),
  );
  return { residents, handle };
}

test('a case waiting for a place gets a review task for the team lead every 30 days, and the coordinator confirms it knows the request', async () => {
  await s.run(async () => {
    const { handle } = await oneWaiting();
    const waitingSince = await s.recordedAt(handle, 'review-2');
    await s.ctx.env.sleep('29 days');
    expect((await s.view(handle)).tasks).toEqual([]);
    expect(s.ctx.doubles.of('confirmPlace')).toEqual([]);

    await s.ctx.env.sleep('1 day');
    await s.settle();
    const view = await s.view(handle);
    expect(view.tasks).toEqual([
      expect.objectContaining({ id: 'waiting-review-1', kind: 'waiting-review', assignee: 'team-lead' }),
    ]);
    // Opened when the 30 days were up (the timer fires within moments of it).
    const due = after(stavanger, waitingSince, '30 days').getTime();
    expect(new Date(view.tasks[0].createdAt).getTime() - due).toBeGreaterThanOrEqual(0);
    expect(new Date(view.tasks[0].createdAt).getTime() - due).toBeLessThan(60_000);
    expect(s.ctx.doubles.of('confirmPlace')).toEqual([
      { municipality: 'stavanger', caseId: handle.workflowId },
    ]);
    expect(view.timeline.map((e) => e.type)).toContain('waiting-confirmed');
    expect(view.incidents).toEqual([]);
    // The team lead hears of it (in working hours).
    await s.toWorkingHours();
    await s.settle();
    expect(s.ctx.doubles.sent.map((n) => n.purpose)).toContain('waiting-review-1:reminder');
    // The team lead reviews the case: the task closes, nobody is alerted.
    const reviewed = await s.send(handle, STEP_UPDATES.waitingReview, people.teamLead, {
      date: await s.today(),
    });
    expect(reviewed.tasks).toEqual([]);
    expect(reviewed.stage).toBe('waiting-for-place');
    await s.ctx.env.sleep('20 days');
    expect(s.ctx.doubles.sent.map((n) => n.purpose)).not.toContain('waiting-review-1:escalation');

    // And again 30 days after the last review: a new task.
    await s.ctx.env.sleep('10 days');
    await s.settle();
    expect((await s.view(handle)).tasks.map((t) => t.id)).toEqual(['waiting-review-2']);
    expect(s.ctx.doubles.of('confirmPlace')).toHaveLength(2);
    // Not reviewed: 14 days on, the unit leader is alerted.
    await s.ctx.env.sleep('14 days');
    await s.toWorkingHours();
    await s.settle();
    expect(s.ctx.doubles.sent.filter((n) => n.purpose === 'waiting-review-2:escalation')).toEqual([
      expect.objectContaining({ recipient: 'unit-leader', topic: 'waiting-review' }),
    ]);
  });
});

test('a request the coordinator lost (restored without it) raises an incident at the next review, and the case is back in the queue', async () => {
  await s.run(async () => {
    const { handle } = await oneWaiting();
    const coordinator = s.ctx.env.client.workflow.getHandle(s.ctx.placesId);
    const before = await placesNow();
    expect(before.waiting).toEqual([handle.workflowId]);
    // The coordinator is lost and an administrator restores it from a list without this case.
    await coordinator.terminate('lost');
    await s.ctx.env.client.workflow.start('placesWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId: s.ctx.placesId,
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      args: [
        {
          municipality: 'stavanger',
          capacity: 10,
          state: { municipality: 'stavanger', capacity: 10, holders: before.holders, waiting: [] },
        },
      ],
    });
    expect((await placesNow()).waiting).toEqual([]);

    await s.ctx.env.sleep('30 days');
    await s.settle();
    await s.eventually(async () => expect((await placesNow()).waiting).toEqual([handle.workflowId]));
    await s.eventually(async () =>
      expect((await s.view(handle)).incidents).toEqual([
        expect.objectContaining({
          system: 'places',
          operation: 'confirmPlace',
          status: 'resolved',
          message: expect.stringContaining('did not know the request'),
        }),
      ]),
    );
    const view = await s.view(handle);
    expect(view.stage).toBe('waiting-for-place');
    expect(view.place).toEqual({ status: 'waiting', position: 1 });
    expect(view.tasks.map((t) => t.kind)).toEqual(['waiting-review']);
    // The administrator was told at once (urgent lane), naming only the incident and the operation.
    const alert = s.ctx.doubles.sent.find((n) => n.kind === 'incident');
    expect(alert).toMatchObject({
      recipient: 'admin',
      facts: { operation: 'confirmPlace', system: 'places' },
    });
    expect(s.ctx.doubles.of('requestPlace').filter((r) => r.caseId === handle.workflowId)).toHaveLength(2);

    // When a place frees up, the case gets it.
    await coordinator.signal(placeReleaseSignal, { caseId: before.holders[0] });
    await s.eventually(async () => expect((await s.view(handle)).stage).toBe('decision'));
    expect((await s.view(handle)).tasks.map((t) => t.kind)).toEqual(['decision']);
    // A review of the wait no longer fits.
    const refused = await refusal(
      s.send(handle, STEP_UPDATES.waitingReview, people.teamLead, { date: await s.today() }),
    );
    expect(refused.type).toBe('WrongStage');
  });
});

test('an answer the coordinator could not deliver is kept and told again a minute later', async () => {
  await s.run(async () => {
    for (let i = 0; i < 10; i++) await existingResident();
    await s.eventually(async () => expect(s.ctx.doubles.of('tellCases').length).toBeGreaterThan(0));
    await s.settle();
    // Telling the cases is refused once (not retried by its policy).
    let refusals = 0;
    s.ctx.doubles.fail('tellCases', () => (refusals++ === 0 ? refused('the frontend refused') : undefined));
    const handle = await s.startCase();
    await s.walk(handle, 'second-review');
    await s.send(handle, STEP_UPDATES.review, people.assessor, {
      round: 2,
      outcome: 'place-offered',
      meetingDate: await s.today(),
    });
    await s.settle();
    expect(refusals).toBe(1);
    expect((await s.view(handle)).place).toEqual({ status: 'waiting' });
    await s.ctx.env.sleep('2 minutes');
    await s.eventually(async () =>
      expect((await s.view(handle)).place).toEqual({ status: 'waiting', position: 1 }),
    );
  });
});

test('a place the coordinator gave that never reached the case is found at the next review, and the case moves on to the decision', async () => {
  await s.run(async () => {
    const { handle } = await oneWaiting();
    const coordinator = s.ctx.env.client.workflow.getHandle(s.ctx.placesId);
    const before = await placesNow();
    // Restored by an administrator with the case already holding the place it was about to get.
    await coordinator.terminate('lost');
    await s.ctx.env.client.workflow.start('placesWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId: s.ctx.placesId,
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      args: [
        {
          municipality: 'stavanger',
          capacity: 11,
          state: {
            municipality: 'stavanger',
            capacity: 11,
            holders: [...before.holders, handle.workflowId],
            waiting: [],
          },
        },
      ],
    });
    expect((await s.view(handle)).stage).toBe('waiting-for-place');
    await s.ctx.env.sleep('30 days');
    await s.settle();
    await s.eventually(async () => expect((await s.view(handle)).stage).toBe('decision'));
    const view = await s.view(handle);
    expect(view.place).toEqual({ status: 'held' });
    expect(view.tasks.map((t) => t.kind)).toEqual(['decision']);
    expect(view.incidents).toEqual([]);
  });
});

test('answers still under way when the coordinator continues as new are let go after a grace and told by the next run', async () => {
  await s.run(async () => {
    // No place at all, and a run that continues as new after a dozen events.
    await s.ctx.env.client.workflow.start('placesWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId: s.ctx.placesId,
      // (The grace for an answer under way is a minute in production; the test server's clock
      // stands still while an activity runs, so here it is three seconds.)
      args: [{ municipality: 'stavanger', capacity: 0, limits: { historyEvents: 12, drainGraceMs: 3_000 } }],
    });
    let letGo!: () => void;
    s.ctx.doubles.hold('tellCases', new Promise<void>((resolve) => (letGo = resolve)));
    const waiting: WorkflowHandle[] = [];
    for (let i = 0; i < 2; i++) {
      const handle = await s.startCase();
      await s.walk(handle, 'second-review');
      await s.send(handle, STEP_UPDATES.review, people.assessor, {
        round: 2,
        outcome: 'place-offered',
        meetingDate: await s.today(),
      });
      waiting.push(handle);
    }
    // The first answer hangs; the run is due to continue as new and waits its grace for it.
    expect((await s.view(waiting[0])).place).toEqual({ status: 'waiting' });
    expect(await coordinatorRuns()).toBe(1);
    await s.ctx.env.sleep('5 seconds');
    await s.eventually(async () => expect(await coordinatorRuns()).toBeGreaterThan(1));
    letGo();
    await s.eventually(async () => {
      expect((await s.view(waiting[0])).place).toEqual({ status: 'waiting', position: 1 });
      expect((await s.view(waiting[1])).place).toEqual({ status: 'waiting', position: 2 });
    });
    expect(await placesNow()).toMatchObject({ held: 0, waiting: waiting.map((h) => h.workflowId) });
  });
});
