/**
 * The programme around the cases: each municipality's milestones remind the project group, in
 * working hours, with the outcome figures for the period. The worker's bootstrap keeps one
 * programme and one places coordinator running per municipality.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { addDaysToDate, nextWorkingTime, parseIsoDate } from '../../domain/calendar';
import { INCIDENT_MOOT } from '../../domain/pathway/texts';
import type { Programme, ProgrammeInput } from '../../domain/programme';
import { bootstrapCoordinators } from '../../worker/bootstrap';
import {
  getPlacesQuery,
  getProgrammeQuery,
  programmeConfigureSignal,
  retryProgrammeIncidentUpdate,
} from '../../workflows/messages';
import { municipalities } from '../support/fixtures';
import { TASK_QUEUE } from '../support/temporal';
import { emailTaskQueue } from '../../workflows/task-queues';
import { oslo, people, refused, stories, TZ, WORKING_HOURS } from './harness';

const s = stories('programme');
const stavanger = municipalities.require('stavanger');

function plusMonths(date: string, months: number): string {
  const { year, month, day } = parseIsoDate(date);
  return new Date(Date.UTC(year, month - 1 + months, day)).toISOString().slice(0, 10);
}

test("the programme's first evaluation after 12 months of operation reminds the project group with the year's outcome figures", async () => {
  await s.run(async () => {
    const startDate = await s.today();
    const input: ProgrammeInput = {
      municipality: 'stavanger',
      programme: { ...stavanger.programme, startDate },
      timing: { timezone: stavanger.policy.timezone, workingHours: stavanger.policy.workingHours },
    };
    const id = `programme-test-${s.ctx.placesId}`;
    s.ctx.started.push(id);
    const handle = await s.ctx.env.client.workflow.start('programmeWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId: id,
      args: [input],
    });
    const milestones = () => s.ctx.doubles.sentWithTime().filter((n) => n.kind === 'milestone');

    await s.ctx.env.sleep('364 days');
    expect(milestones()).toEqual([]);
    expect((await handle.query(getProgrammeQuery)).next).toMatchObject({ key: 'first-evaluation:1' });

    await s.ctx.env.sleep('3 days');
    await s.toWorkingHours();
    const first = milestones().find((n) => n.topic === 'first-evaluation')!;
    expect(first).toMatchObject({
      municipality: 'stavanger',
      recipient: 'project-group',
      purpose: 'programme:first-evaluation:1',
      stage: 'Første evaluering etter 12 måneders drift',
      facts: expect.objectContaining({
        from: startDate,
        to: plusMonths(startDate, 12),
        housed: 9,
        inFollowUp: 8,
        housingStability12m: 0.7,
        'exits.no-longer-wants': 2,
      }),
    });
    expect(first.caseId).toBeUndefined();
    expect(oslo(first.at)).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 08:00$/);
    expect(s.ctx.doubles.of('outcomeFigures')).toContainEqual({
      municipality: 'stavanger',
      from: startDate,
      to: plusMonths(startDate, 12),
    });
    // Stavanger's midway report and the first fidelity self-assessment fall due at the same time.
    expect(
      milestones()
        .map((n) => n.topic)
        .sort(),
    ).toEqual(['fidelity-self-assessment', 'first-evaluation', 'midway-report']);
    // The reminders went by the email queue (the mail worker's own slots), the figures by the
    // programme's own.
    const scheduled = ((await handle.fetchHistory()).events ?? []).flatMap((e) => {
      const a = e.activityTaskScheduledEventAttributes;
      return a ? [`${a.activityType?.name} ${a.taskQueue?.name}`] : [];
    });
    expect(new Set(scheduled)).toEqual(
      new Set([`outcomeFigures ${TASK_QUEUE}`, `sendNotification ${emailTaskQueue(TASK_QUEUE)}`]),
    );

    // A year later: the end of the two-year project period and the second self-assessment,
    // whose figures cover the year since the first.
    await s.ctx.env.sleep('366 days');
    await s.toWorkingHours();
    expect(milestones().map((n) => n.purpose)).toEqual(
      expect.arrayContaining(['programme:project-end:1', 'programme:fidelity-self-assessment:2']),
    );
    const second = milestones().find((n) => n.purpose === 'programme:fidelity-self-assessment:2')!;
    expect(second.facts).toMatchObject({ from: plusMonths(startDate, 12), to: plusMonths(startDate, 24) });
    expect((await handle.query(getProgrammeQuery)).next).toMatchObject({ key: 'fidelity-self-assessment:3' });
  });
});

test('milestones that fell due before the service ran the programme are not sent after the fact', async () => {
  await s.run(async () => {
    const startDate = addDaysToDate(await s.today(), -800);
    const id = `programme-test-${s.ctx.placesId}`;
    s.ctx.started.push(id);
    const handle = await s.ctx.env.client.workflow.start('programmeWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId: id,
      args: [
        {
          municipality: 'stavanger',
          programme: { ...stavanger.programme, startDate },
          timing: { timezone: stavanger.policy.timezone, workingHours: stavanger.policy.workingHours },
        },
      ],
    });
    await s.ctx.env.sleep('30 days');
    expect(s.ctx.doubles.sent).toEqual([]);
    expect((await handle.query(getProgrammeQuery)).next).toMatchObject({ key: 'fidelity-self-assessment:3' });
  });
});

test("the worker's bootstrap runs one places coordinator and one programme per municipality, and is safe to repeat", async () => {
  await s.run(async () => {
    const prefix = `boot-${s.ctx.placesId}`;
    const ids = {
      placesWorkflowId: (m: string) => `${prefix}-places-${m}`,
      programmeWorkflowId: (m: string) => `${prefix}-programme-${m}`,
    };
    const opts = { client: s.ctx.env.client, taskQueue: TASK_QUEUE, profiles: municipalities.all(), ...ids };
    const started = await bootstrapCoordinators(opts);
    s.ctx.started.push(...started);
    expect(started).toHaveLength(6);
    await bootstrapCoordinators(opts);
    await s.settle();
    for (const p of municipalities.all()) {
      const places = await s.ctx.env.client.workflow
        .getHandle(ids.placesWorkflowId(p.id))
        .query(getPlacesQuery);
      expect(places).toMatchObject({ municipality: p.id, capacity: p.places, held: 0 });
      const programme = await s.ctx.env.client.workflow
        .getHandle(ids.programmeWorkflowId(p.id))
        .query(getProgrammeQuery);
      expect(programme).toMatchObject({ municipality: p.id, startDate: p.programme.startDate });
    }
  });
});

/** A programme of one milestone, `months` after today, started as the bootstrap starts it. */
async function oneMilestoneProgramme(
  months: number,
): Promise<{ handle: WorkflowHandle; programme: Programme }> {
  const programme: Programme = {
    startDate: await s.today(),
    milestones: [{ id: 'project-end', title: 'Slutten av prosjektperioden', afterMonths: months }],
  };
  const id = `programme-test-${s.ctx.placesId}`;
  s.ctx.started.push(id);
  const handle = await s.ctx.env.client.workflow.start('programmeWorkflow', {
    taskQueue: TASK_QUEUE,
    workflowId: id,
    args: [
      {
        municipality: 'stavanger',
        programme,
        timing: { timezone: stavanger.policy.timezone, workingHours: stavanger.policy.workingHours },
      },
    ],
  });
  return { handle: handle as WorkflowHandle, programme };
}

const programmeNow = (handle: WorkflowHandle) => handle.query(getProgrammeQuery);

/** Past the working morning the next milestone goes out (a holiday can move it days past its date). */
async function toNextMilestone(handle: WorkflowHandle) {
  const { next } = await programmeNow(handle);
  const at = nextWorkingTime(new Date(next!.dueAt), WORKING_HOURS, TZ);
  await s.sleepUntil(new Date(at.getTime() + 60_000));
}

test('after its last milestone the programme continues as new: the run that waits for a new programme starts short', async () => {
  await s.run(async () => {
    const { handle, programme } = await oneMilestoneProgramme(1);
    const firstRun = (await handle.describe()).runId;
    await toNextMilestone(handle);
    expect(s.ctx.doubles.sent.map((n) => n.purpose)).toEqual(['programme:project-end:1']);
    await s.eventually(async () => expect((await handle.describe()).runId).not.toBe(firstRun));
    const waiting = await programmeNow(handle);
    expect(waiting.done).toEqual(['project-end:1']);
    expect(waiting.next).toBeUndefined();
    const history = await s.ctx.env.client.workflow.getHandle(handle.workflowId).fetchHistory();
    expect(history.events!.length).toBeLessThan(10);

    // The profile gets a new milestone: the new run takes it and sends it when due.
    await handle.signal(programmeConfigureSignal, {
      programme: {
        ...programme,
        milestones: [...programme.milestones, { id: 'extension', title: 'Forlengelse', afterMonths: 3 }],
      },
    });
    await s.eventually(async () =>
      expect((await programmeNow(handle)).next).toMatchObject({ key: 'extension:1' }),
    );
    await toNextMilestone(handle);
    expect(s.ctx.doubles.sent.map((n) => n.purpose)).toEqual([
      'programme:project-end:1',
      'programme:extension:1',
    ]);
  });
});

test('a milestone moved while it waits on an incident closes the incident as moot and goes out on its new date', async () => {
  await s.run(async () => {
    const { handle, programme } = await oneMilestoneProgramme(1);
    s.ctx.doubles.fail('outcomeFigures', () => refused('the case directory is being migrated'));
    await toNextMilestone(handle);
    const failed = await programmeNow(handle);
    expect(failed.incidents).toEqual([
      expect.objectContaining({ id: 'incident-1', occurrence: 'project-end:1', status: 'open' }),
    ]);

    // The bootstrap sends the same programme at every worker start: the incident still waits.
    await handle.signal(programmeConfigureSignal, { programme });
    await s.ctx.env.sleep('1 hour');
    expect((await programmeNow(handle)).incidents).toEqual([expect.objectContaining({ status: 'open' })]);

    // The project period is extended by two months: the failed reminder is moot.
    await handle.signal(programmeConfigureSignal, {
      programme: { ...programme, milestones: [{ ...programme.milestones[0], afterMonths: 3 }] },
    });
    await s.eventually(async () =>
      expect((await programmeNow(handle)).incidents).toEqual([
        expect.objectContaining({
          id: 'incident-1',
          status: 'resolved',
          moot: INCIDENT_MOOT.milestoneChanged,
        }),
      ]),
    );
    const moved = await programmeNow(handle);
    expect(moved.next).toMatchObject({ key: 'project-end:1' });
    expect(new Date(moved.next!.dueAt).getTime()).toBeGreaterThan(new Date(failed.next!.dueAt).getTime());
    const retry = await handle
      .executeUpdate(retryProgrammeIncidentUpdate, {
        args: [{ actor: people.admin, incidentId: 'incident-1' }],
      })
      .then(() => 'accepted')
      .catch(() => 'refused');
    expect(retry).toBe('refused');

    s.ctx.doubles.heal('outcomeFigures');
    await toNextMilestone(handle);
    expect(s.ctx.doubles.sent.map((n) => n.purpose)).toEqual(['programme:project-end:1']);
  });
});

test('a milestone whose figures fail becomes an incident; a retry that fails again reopens it, the next one sends it', async () => {
  await s.run(async () => {
    const { handle } = await oneMilestoneProgramme(1);
    s.ctx.doubles.fail('outcomeFigures', () => refused('the case directory is being migrated'));
    await toNextMilestone(handle);
    const retry = () =>
      handle.executeUpdate(retryProgrammeIncidentUpdate, {
        args: [{ actor: people.admin, incidentId: 'incident-1' }],
      });
    await retry();
    await s.ctx.env.sleep('1 hour');
    expect((await programmeNow(handle)).incidents).toEqual([
      expect.objectContaining({ id: 'incident-1', status: 'open', attempts: 2 }),
    ]);
    s.ctx.doubles.heal('outcomeFigures');
    await retry();
    await s.ctx.env.sleep('1 hour');
    expect(s.ctx.doubles.sent.map((n) => n.purpose)).toEqual(['programme:project-end:1']);
    expect((await programmeNow(handle)).incidents).toEqual([
      expect.objectContaining({ id: 'incident-1', status: 'resolved', attempts: 2 }),
    ]);
  });
});

test('a monthly milestone keeps going for years: the programme continues as new every 50 milestones, keeping what it has done', async () => {
  await s.run(async () => {
    const programme: Programme = {
      startDate: await s.today(),
      milestones: [{ id: 'monthly', title: 'Månedsrapport', afterMonths: 1, repeatEveryMonths: 1 }],
    };
    const id = `programme-test-${s.ctx.placesId}`;
    s.ctx.started.push(id);
    const handle = await s.ctx.env.client.workflow.start('programmeWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId: id,
      args: [
        {
          municipality: 'stavanger',
          programme,
          timing: { timezone: stavanger.policy.timezone, workingHours: stavanger.policy.workingHours },
        },
      ],
    });
    const firstRun = (await handle.describe()).runId;
    for (let month = 1; month <= 51; month++) {
      await s.ctx.env.sleep('31 days');
    }
    await s.toWorkingHours();
    expect(s.ctx.doubles.sent.length).toBeGreaterThanOrEqual(50);
    expect((await handle.describe()).runId).not.toBe(firstRun);
    const view = await handle.query(getProgrammeQuery);
    expect(view.done.slice(0, 3)).toEqual(['monthly:1', 'monthly:2', 'monthly:3']);
    expect(view.done).toHaveLength(s.ctx.doubles.sent.length);
    expect(new Set(s.ctx.doubles.sent.map((n) => n.purpose)).size).toBe(s.ctx.doubles.sent.length);
  });
}, 300_000);
