/**
 * Stories for the paths the other stories do not take: a call let go of when a case continues
 * as new, a decision that names who made it, a malformed message from outside, a digest from an
 * old schedule, and the places coordinator's own edges (a case that does not exist, a wrong
 * capacity, continue-as-new). Their recorded histories make the replay corpus reach every branch
 * of the workflow code (test/workflow/replay.test.ts checks that it does).
 */
import { ApplicationFailure } from '@temporalio/common';
import type { PlacesInput } from '../../workflows/places';
import {
  getPlacesQuery,
  placeReleaseSignal,
  placeRequestSignal,
  placesConfigureSignal,
  waitlistPositionSignal,
  STEP_UPDATES,
} from '../../workflows/messages';
import { TASK_QUEUE } from '../support/temporal';
import { people, stories } from './harness';

const s = stories('branches');

test('a call still failing when the case continues as new is let go after the grace and made again in the next run', async () => {
  await s.run(async () => {
    const d = s.ctx.doubles;
    let failing = true;
    d.fail('archiveCaseFile', () =>
      failing ? ApplicationFailure.retryable('Fiks Arkiv: 503', 'Unavailable') : undefined,
    );
    // A run continues as new after one message: the review below.
    const handle = await s.startCase({}, { limits: { messages: 1, drainGraceMs: 60_000 } });
    const firstRun = (await handle.describe()).runId;
    await s.ctx.env.client.workflow.getHandle(handle.workflowId).executeUpdate(STEP_UPDATES.review, {
      args: [
        { actor: people.assessor, event: { round: 1, outcome: 'relevant', meetingDate: await s.today() } },
      ],
    });
    await s.ctx.env.sleep('2 minutes');
    expect((await handle.describe()).runId).not.toBe(firstRun);
    failing = false;
    await s.ctx.env.sleep('1 hour');
    const view = await s.view(handle);
    expect(view.stage).toBe('mapping');
    expect(view.incidents).toEqual([]);
    expect(d.of('archiveCaseFile')).toHaveLength(1);
    expect(d.of('archiveJournalEntry').map((j) => j.kind)).toEqual(['referral', 'review-1']);
  });
});

test('a decision names the team lead who made it, in the care system and in the letter', async () => {
  await s.run(async () => {
    const handle = await s.startCase();
    await s.walk(handle, 'decision');
    await s.send(handle, STEP_UPDATES.decision, people.teamLead, {
      services: [{ kind: 'miljøarbeidertjeneste', hoursPerWeek: 5 }],
      date: await s.today(),
      reasons: 'Personen har behov for oppfølging i egen bolig.',
      decidedBy: { name: 'Ole Haugen' },
    });
    await s.settle();
    expect(s.ctx.doubles.of('registerDecision')).toEqual([
      expect.objectContaining({ decision: expect.objectContaining({ decidedBy: { name: 'Ole Haugen' } }) }),
    ]);
    expect(s.ctx.doubles.of('sendLetter')).toEqual([
      expect.objectContaining({
        purpose: 'decision',
        decision: expect.objectContaining({ decidedBy: { name: 'Ole Haugen' } }),
      }),
    ]);
  });
});

test('a malformed waiting-list signal changes nothing', async () => {
  await s.run(async () => {
    const handle = await s.startCase();
    const before = await s.view(handle);
    await handle.signal(waitlistPositionSignal, { position: 'third' as unknown as number });
    await s.settle();
    const after = await s.view(handle);
    expect(after.place).toEqual(before.place);
    expect(after.stage).toBe('first-review');
    expect(await s.status(handle)).toBe('RUNNING');
  });
});

test('a digest started by a schedule made before working hours were known goes out at once', async () => {
  await s.run(async () => {
    const id = `weekly-digest-branches-${process.pid}`;
    s.ctx.started.push(id);
    const handle = await s.ctx.env.client.workflow.start('digestWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId: id,
      args: [{ municipality: 'stavanger' }],
    });
    await s.settle();
    await s.eventually(async () => expect(await s.status(handle)).toBe('COMPLETED'));
    const [digest, ...more] = s.ctx.doubles.of('sendDigest');
    expect(more).toEqual([]);
    expect(digest).toMatchObject({
      municipality: 'stavanger',
      purpose: `digest:${digest.asOf.slice(0, 10)}`,
    });
    // At once: the workflow set no timer before sending, whatever the day.
    const { events } = await handle.fetchHistory();
    expect(events!.some((e) => e.timerStartedEventAttributes)).toBe(false);
  });
});

describe('the places coordinator', () => {
  async function coordinator(input: Partial<PlacesInput> = {}) {
    const id = `places-branches-${s.ctx.placesId}`;
    s.ctx.started.push(id);
    return s.ctx.env.client.workflow.start('placesWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId: id,
      args: [{ municipality: 'stavanger', capacity: 2, ...input }],
    });
  }

  test('a place granted to a case that does not exist is free again at once', async () => {
    await s.run(async () => {
      const places = await coordinator();
      await places.signal(placeRequestSignal, { caseId: 'hf-stavanger-no-such-case' });
      await s.settle();
      expect(await places.query(getPlacesQuery)).toMatchObject({ held: 0, free: 2, waiting: [] });
    });
  });

  test('a capacity that is not a number of places is ignored', async () => {
    await s.run(async () => {
      const places = await coordinator();
      await places.signal(placesConfigureSignal, { capacity: -3 });
      await places.signal(placesConfigureSignal, { capacity: 'many' as unknown as number });
      await s.settle();
      expect(await places.query(getPlacesQuery)).toMatchObject({ capacity: 2, free: 2 });
    });
  });

  test('it continues as new after its message limit and keeps who holds a place and who waits', async () => {
    await s.run(async () => {
      // Three cases, two places, a run of three messages: the third request starts a new run.
      const cases = [];
      for (let i = 0; i < 3; i++) cases.push(await s.startCase());
      const places = await coordinator({ messagesPerRun: 3 });
      const firstRun = (await places.describe()).runId;
      for (const c of cases) await places.signal(placeRequestSignal, { caseId: c.workflowId });
      await s.settle();
      expect((await places.describe()).runId).not.toBe(firstRun);
      expect(await places.query(getPlacesQuery)).toMatchObject({
        held: 2,
        holders: [cases[0].workflowId, cases[1].workflowId],
        waiting: [cases[2].workflowId],
      });
      // In the new run a release moves the waiting case up.
      await places.signal(placeReleaseSignal, { caseId: cases[0].workflowId });
      await s.settle();
      expect(await places.query(getPlacesQuery)).toMatchObject({
        holders: [cases[1].workflowId, cases[2].workflowId],
        waiting: [],
      });
    });
  });
});
