/**
 * The bounded places coordinator's edges (rules 2, `places-bounded-work`): messages from outside
 * that are not what they should be change nothing; a batch of answers still being told when the
 * run must continue as new is let go after the grace and told in the next run. Their recorded
 * histories make the replay corpus reach these branches (test/workflow/replay.test.ts).
 */
import { ApplicationFailure } from '@temporalio/common';
import type { PlacesInput } from '../../workflows/places';
import {
  getPlacesQuery,
  placeReleaseSignal,
  placeRequestSignal,
  placeRequestsSignal,
  placesConfigureSignal,
} from '../../workflows/messages';
import { TASK_QUEUE } from '../support/temporal';
import { stories } from './harness';

const s = stories('places-edges');

async function coordinator(input: Partial<PlacesInput> = {}) {
  const id = `places-edges-${s.ctx.placesId}`;
  s.ctx.started.push(id);
  return s.ctx.env.client.workflow.start('placesWorkflow', {
    taskQueue: TASK_QUEUE,
    workflowId: id,
    args: [{ municipality: 'stavanger', capacity: 2, ...input }],
  });
}

test('requests, releases and capacities that are not what they should be change nothing', async () => {
  await s.run(async () => {
    const cases = [await s.startCase(), await s.startCase()];
    const places = await coordinator();
    const odd = <T>(v: unknown) => v as T;
    await places.signal(placeRequestSignal, odd('hf-stavanger-not-an-object'));
    await places.signal(placeRequestSignal, { caseId: '' });
    await places.signal(placeRequestsSignal, odd({ requests: 'everyone' }));
    await places.signal(placeRequestsSignal, odd('all of them'));
    await places.signal(placeRequestsSignal, odd({ requests: [7, { caseId: cases[0].workflowId }] }));
    await places.signal(placeReleaseSignal, odd({}));
    await places.signal(placeReleaseSignal, odd('hf-stavanger-x'));
    await places.signal(placesConfigureSignal, odd('ten'));
    await places.signal(placesConfigureSignal, { capacity: -1 });
    await places.signal(placesConfigureSignal, odd({ capacity: 'many' }));
    await s.settle();
    // Only the well-formed request in the batch counted.
    expect(await places.query(getPlacesQuery)).toMatchObject({
      capacity: 2,
      held: 1,
      holders: [cases[0].workflowId],
      waiting: [],
    });
    // A well-formed capacity is taken.
    await places.signal(placesConfigureSignal, { capacity: 3 });
    await s.settle();
    expect(await places.query(getPlacesQuery)).toMatchObject({ capacity: 3, held: 1, free: 2 });
  });
});

test('answers still being told when the run must continue as new are let go after the grace and told in the next run', async () => {
  await s.run(async () => {
    const cases = [await s.startCase(), await s.startCase()];
    let failing = true;
    s.ctx.doubles.fail('tellCases', () =>
      failing ? ApplicationFailure.retryable('the frontend does not answer', 'Unavailable') : undefined,
    );
    // A run of two messages and a short grace: the second request makes it continue as new while
    // the first answer is still being retried.
    const places = await coordinator({ messagesPerRun: 2, limits: { drainGraceMs: 5_000 } });
    const firstRun = (await places.describe()).runId;
    await places.signal(placeRequestSignal, { caseId: cases[0].workflowId });
    await s.ctx.env.sleep('30 seconds');
    await places.signal(placeRequestSignal, { caseId: cases[1].workflowId });
    await s.ctx.env.sleep('1 minute');
    expect((await places.describe()).runId).not.toBe(firstRun);
    failing = false;
    await s.ctx.env.sleep('10 minutes');
    await s.eventually(async () => {
      const told = s.ctx.doubles
        .of('tellCases')
        .flatMap((t) => t.effects.map((e: { caseId: string }) => e.caseId));
      expect(told).toEqual(expect.arrayContaining([cases[0].workflowId, cases[1].workflowId]));
    });
    expect(await places.query(getPlacesQuery)).toMatchObject({
      held: 2,
      holders: [cases[0].workflowId, cases[1].workflowId],
    });
  });
});
