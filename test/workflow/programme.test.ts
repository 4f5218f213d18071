/**
 * The programme around the cases: each municipality's milestones remind the project group, in
 * working hours, with the outcome figures for the period. The worker's bootstrap keeps one
 * programme and one places coordinator running per municipality.
 */
import { addDaysToDate, parseIsoDate } from '../../domain/calendar';
import type { ProgrammeInput } from '../../domain/programme';
import { bootstrapCoordinators } from '../../worker/bootstrap';
import { getPlacesQuery, getProgrammeQuery } from '../../workflows/messages';
import { municipalities } from '../support/fixtures';
import { TASK_QUEUE } from '../support/temporal';
import { oslo, stories } from './harness';

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
