/**
 * The waiting list survives any length (issue 14, item 3): 5,000 people waiting and 1,000 places
 * freed one by one. The coordinator is driven directly with signals, as the cases' activities
 * drive it; what it tells the cases is observed at its one outbound activity (`tellCases`), so no
 * case workflow is needed. Before the bounded coordinator, each release signalled every waiting
 * case (one release with 39 waiting wrote 199 events; with thousands waiting a few releases
 * passed Temporal's 51,200-event limit, the coordinator was terminated and its list lost).
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { positionClass, type PlacesEffect } from '../../domain/places';
import {
  getPlaceOfQuery,
  getPlacesQuery,
  placeReleaseSignal,
  placeRequestsSignal,
} from '../../workflows/messages';
import { createTestWorker, createTimeSkippingEnv, TASK_QUEUE } from '../support/temporal';
import type { CaseWorkers } from '../../worker/workers';
import { HISTORY_KEYS } from './harness';

const CAPACITY = 10;
const WAITING = 5_000;
const RELEASES = 1_000;

let env: TestWorkflowEnvironment;
let worker: CaseWorkers;
/** Every answer the coordinator gave, in the order it told them. */
const told: PlacesEffect[] = [];
let grantsTold = 0;

beforeAll(async () => {
  env = await createTimeSkippingEnv(HISTORY_KEYS);
  worker = await createTestWorker(
    env,
    {
      async tellCases(req: { effects: PlacesEffect[] }) {
        told.push(...req.effects);
        grantsTold += req.effects.filter((e) => e.kind === 'granted').length;
        return { ended: [] };
      },
    },
    { keys: HISTORY_KEYS },
  );
});
afterAll(async () => {
  await env?.teardown();
});

async function until(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 240_000,
  everyMs = 200,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what} (${told.length} answers told, ${grantsTold} grants)`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * A release as a case's activity sends it: each call bounded, and sent again with the same case
 * when no answer came (the coordinator takes a second release of a case as nothing). A fresh-clone
 * run once hung here until jest's ten minutes were up, after the test server had closed the
 * client's connection ("excess pings"); which wait never ended was not recorded, so now every
 * wait is bounded and says what it waited for.
 */
async function release(handle: WorkflowHandle, caseId: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await env.client.withDeadline(Date.now() + 30_000, () => handle.signal(placeReleaseSignal, { caseId }));
      return;
    } catch (err) {
      if (attempt >= 5) throw err;
    }
  }
}

/** Every run of the coordinator, first to latest: its event count. */
async function runLengths(handle: { workflowId: string; firstExecutionRunId: string }): Promise<number[]> {
  const lengths: number[] = [];
  for (let runId: string | undefined = handle.firstExecutionRunId; runId;) {
    const history: temporal.api.history.v1.IHistory = await env.client.workflow
      .getHandle(handle.workflowId, runId)
      .fetchHistory();
    const events = history.events ?? [];
    lengths.push(events.length);
    runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return lengths;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

test('5,000 waiting and 1,000 releases: the coordinator stays far below its limits, keeps the order, never oversubscribes, and tells each case its place once', async () => {
  await worker.runUntil(async () => {
    const started = Date.now();
    const handle = await env.client.workflow.start('placesWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId: `places-scale-${process.pid}`,
      args: [{ municipality: 'stavanger', capacity: CAPACITY }],
    });
    const residents = Array.from({ length: CAPACITY }, (_, i) => `resident-${i}`);
    const waiting = Array.from({ length: WAITING }, (_, i) => `waiting-${String(i).padStart(4, '0')}`);
    await handle.signal(placeRequestsSignal, {
      requests: residents.map((caseId) => ({ caseId, existing: true })),
    });
    for (let i = 0; i < WAITING; i += 250) {
      await handle.signal(placeRequestsSignal, {
        requests: waiting.slice(i, i + 250).map((caseId) => ({ caseId })),
      });
    }
    await until(
      async () => (await handle.query(getPlacesQuery)).waiting.length === WAITING,
      'the 5,000 requests',
    );
    await until(async () => told.length >= CAPACITY + WAITING, 'every new waiter told its position');
    const beforeReleases = sum(await runLengths(handle));
    const toldBeforeReleases = told.length;

    // A place frees up 1,000 times, each time from whoever has held one longest, and each release
    // is answered before the next comes (as releases days apart would be): the costliest way,
    // one workflow task and one batch of answers per release, nothing shared between them.
    const holding = [...residents];
    const nextInLine = [...waiting];
    const granted = () => told.filter((e) => e.kind === 'granted').map((e) => e.caseId);
    for (let i = 0; i < RELEASES; i++) {
      await release(handle, holding.shift()!);
      holding.push(nextInLine.shift()!);
      // Bounded, not short: a release that comes while the coordinator continues as new makes the
      // worker rebuild the run from its history (the server refuses the continue-as-new and hands
      // the signal over in a new task). With runs of 4,096 events that rebuild took 7-12 s, past
      // the task's ten seconds on a busy machine, and again on every retry: a fresh-clone run
      // waited 240 s for grant 420 and it never came. Runs are now 1,000 events (checked below).
      await until(async () => grantsTold >= CAPACITY + i + 1, `grant ${i + 1} of ${RELEASES}`, 240_000, 2);
    }
    await until(async () => granted().length >= RELEASES + CAPACITY, 'the 1,000 grants');
    // The places: exactly the capacity held, by those expected; the rest waiting in order.
    await until(
      async () => (await handle.query(getPlacesQuery)).waiting.length === WAITING - RELEASES,
      'the list',
    );
    const view = await handle.query(getPlacesQuery);
    expect(view).toMatchObject({ capacity: CAPACITY, held: CAPACITY, free: 0 });
    expect(view.holders).toEqual(holding);
    expect(view.waiting).toEqual(nextInLine);

    // Every case that got a place was told exactly once, in the order they asked.
    expect(granted()).toEqual([...residents, ...waiting.slice(0, RELEASES)]);
    // Never more grants than places: the k-th grant of the list needed the k-th release.
    expect(granted().length - residents.length).toBe(RELEASES);

    // What each waiting case was told last is true to its class (exact among the first ten).
    await until(async () => {
      const last = new Map<string, number>();
      for (const e of told) if (e.kind === 'position') last.set(e.caseId, e.position);
      return nextInLine.every((id, i) => positionClass(last.get(id)!) === positionClass(i + 1));
    }, 'the positions told to settle');
    const last = new Map<string, number>();
    for (const e of told) if (e.kind === 'position') last.set(e.caseId, e.position);
    for (let i = 0; i < 10; i++) expect(last.get(nextInLine[i])).toBe(i + 1);
    // The exact position is a query away.
    expect(await handle.query(getPlaceOfQuery, nextInLine[1234])).toEqual({
      status: 'waiting',
      position: 1235,
    });
    expect(await handle.query(getPlaceOfQuery, holding[0])).toEqual({ status: 'held' });
    expect(await handle.query(getPlaceOfQuery, residents[0])).toEqual({ status: 'unknown' });

    // The coordinator's history: every run short enough to rebuild well within a workflow task
    // (1,000 events, and what a batch under way adds while it drains), and it continued as new.
    const lengths = await runLengths(handle);
    console.log(`coordinator runs: ${lengths.join(', ')}`);
    expect(lengths.length).toBeGreaterThan(1);
    expect(Math.max(...lengths)).toBeLessThan(1_100);
    const perRelease = (sum(lengths) - beforeReleases) / RELEASES;
    const toldPerRelease = (told.length - toldBeforeReleases) / RELEASES;
    // Bounded work per release, whatever the length of the list (before: every waiting case).
    expect(toldPerRelease).toBeLessThan(30);
    expect(perRelease).toBeLessThan(40);
    console.log(
      `places at scale: ${WAITING} waiting, ${RELEASES} releases in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
        `runs ${lengths.length}, events per run ${lengths.join(', ')} (max ${Math.max(...lengths)}); ` +
        `events per release ${perRelease.toFixed(1)}; cases told per release ${toldPerRelease.toFixed(1)}`,
    );
    await handle.terminate('end of test');
  });
}, 600_000);
