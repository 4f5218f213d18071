/**
 * `npm run bench`: what our case workflow and our API cost against raw Temporal, measured in the
 * same run on the same server — the CLI's dev server and the production-like cluster (Temporal
 * server on PostgreSQL, scripts/cluster), one after the other (`BENCH_TARGETS=dev,cluster`). Reports ratios (ours ÷ raw), never absolute limits: the dev server's
 * SQLite store is the bottleneck here and absolute numbers say little about production.
 *
 *   start     start N workflows and wait until each answers its query (first task done)
 *   update    one update per workflow (the first review / its raw twin)
 *   query     one query per workflow
 *   memory    heap per cached workflow: workers in debug mode (workflows on the main thread, so
 *             the heap measured is theirs), N workflows cached, after a forced GC (dev server only:
 *             the heap is the worker's, whichever server it talks to)
 *   intake    POST /referrals through the API vs raw workflow.start (bench/api.ts)
 *   events    POST /referrals/:id/reviews through the API vs raw executeUpdate (bench/api.ts), with
 *             the case in the answer and with `Prefer: return=minimal`
 *
 * BENCH_N (default 200) workflows per round; BENCH_ROUNDS (default 3) latency rounds after a
 * discarded warm-up, alternating which side goes first; medians are reported. Results also go
 * to bench/results/<timestamp>.json (git-ignored).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { CLUSTER } from '../scripts/cluster/settings';
import {
  ensureNamespace,
  startTemporalCluster,
  type TemporalCluster,
} from '../scripts/cluster/temporal-cluster';
import { portFree } from '../scripts/ports';
import { clusterPorts } from '../scripts/cluster/settings';
import { measureApi, startBenchApi, type ApiFigures } from './api';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { CaseWorkers } from '../worker/workers';
import { localDate } from '../domain/calendar';
import type { CaseInput } from '../domain/case';
import { withControlDigits } from '../domain/national-id';
import { Municipalities } from '../platform/municipalities';
import { CASE_BUNDLE, dataConverter } from '../platform/temporal';
import { getCaseQuery, STEP_UPDATES } from '../workflows/messages';
import { ALL_SEARCH_ATTRIBUTES, PersonIndex } from '../workflows/search-attributes';
import { personIndex } from '../platform/person-index';
import { rawQuery, rawUpdate } from './raw-workflows';
import { doubles } from './doubles';

const ROOT = path.resolve(__dirname, '..');
const N = Number(process.env.BENCH_N ?? 200);
const CONCURRENCY_NOTE = `${process.env.BENCH_CONCURRENCY ?? 20} requests in flight`;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CLI = process.env.TEMPORAL_CLI ?? path.join(ROOT, '.tools', 'bin', 'temporal');
const NAMESPACE = 'bench';
const keys = { activeKeyId: 'bench', keys: new Map([['bench', randomBytes(32)]]) };
const municipalities = Municipalities.load(path.join(ROOT, 'config', 'municipalities'));
const profile = municipalities.require('stavanger');
const TARGETS = (process.env.BENCH_TARGETS ?? 'dev,cluster').split(',').filter(Boolean) as (
  'dev' | 'cluster'
)[];
const TODAY = localDate(new Date(), 'Europe/Oslo');
const BENCH_INDEX_KEY = Buffer.alloc(32, 9);

interface Side {
  name: 'ours' | 'raw';
  client: Client;
  /** Ours: the worker process's workers (the case worker and its mail worker, worker/workers.ts). */
  worker(taskQueue: string, extra?: Partial<WorkerOptions>): Promise<Pick<Worker, 'run' | 'shutdown'>>;
  start(taskQueue: string, id: string): Promise<void>;
  update(id: string): Promise<unknown>;
  query(id: string): Promise<unknown>;
}

interface Latency {
  startMsPerWf: number;
  updateMsPerWf: number;
  queryMsPerWf: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function inParallel<T>(items: T[], limit: number, fn: (t: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

function heapAfterGc(): number {
  const gc = (global as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

let serial = 0;
async function startAll(side: Side, taskQueue: string, n: number): Promise<string[]> {
  const ids = Array.from(
    { length: n },
    () => `${side.name === 'ours' ? 'hf-stavanger-b' : 'raw-'}${String(++serial).padStart(9, '0')}`,
  );
  await inParallel(ids, 20, async (id) => {
    await side.start(taskQueue, id);
    await side.query(id); // answers once the first workflow task is done
  });
  return ids;
}

async function terminateAll(side: Side, ids: string[]) {
  await inParallel(ids, 20, (id) =>
    side.client.workflow
      .getHandle(id)
      .terminate('benchmark done')
      .catch(() => undefined),
  );
}

async function latency(side: Side, taskQueue: string, n = N): Promise<Latency> {
  let t = performance.now();
  const ids = await startAll(side, taskQueue, n);
  const startMs = performance.now() - t;
  t = performance.now();
  await inParallel(ids, 20, (id) => side.update(id));
  const updateMs = performance.now() - t;
  t = performance.now();
  await inParallel(ids, 20, (id) => side.query(id));
  const queryMs = performance.now() - t;
  await terminateAll(side, ids);
  return { startMsPerWf: startMs / n, updateMsPerWf: updateMs / n, queryMsPerWf: queryMs / n };
}

async function memory(side: Side): Promise<number> {
  const taskQueue = `bench-mem-${side.name}`;
  const worker = await side.worker(taskQueue, { debugMode: true });
  const running = worker.run();
  try {
    await startAll(side, taskQueue, 10); // load the bundle and warm the cache first
    const before = heapAfterGc();
    const ids = await startAll(side, taskQueue, N);
    const after = heapAfterGc();
    await terminateAll(side, ids);
    return Math.max(0, after - before) / N;
  } finally {
    worker.shutdown();
    await running;
  }
}

interface Row {
  metric: string;
  ours: string;
  raw: string;
  ratio: number;
}

async function freeClusterBase(): Promise<number> {
  const first = Number(process.env.CLUSTER_BENCH_PORT_BASE ?? 46500);
  for (let base = first; base < first + 400; base += 50)
    if ((await Promise.all(Object.values(clusterPorts(base)).map(portFree))).every(Boolean)) return base;
  throw new Error('no free block of ports for the cluster');
}

async function openTarget(target: 'dev' | 'cluster') {
  if (target === 'dev') {
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: CLI },
        namespace: NAMESPACE,
        searchAttributes: ALL_SEARCH_ATTRIBUTES,
        log: { format: 'json', level: 'error' },
      },
    });
    return { env, auditDatabaseUrl: undefined, stop: () => env.teardown() };
  }
  const serverDir = process.env.TEMPORAL_SERVER_DIR;
  const pgBin = process.env.PG_BIN;
  if (!serverDir || !pgBin)
    throw new Error('the cluster target needs TEMPORAL_SERVER_DIR and PG_BIN (npm run bench)');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bf-bench-cluster-'));
  const cluster: TemporalCluster = await startTemporalCluster({
    dataDir,
    portBase: await freeClusterBase(),
    serverDir,
    pgBin,
  });
  await ensureNamespace(cluster.address, NAMESPACE, 1);
  const env = await TestWorkflowEnvironment.createFromExistingServer({
    address: cluster.address,
    namespace: NAMESPACE,
  });
  return {
    env,
    auditDatabaseUrl: cluster.auditDatabaseUrl,
    async stop() {
      await env.teardown();
      await cluster.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function runTarget(target: 'dev' | 'cluster') {
  const { env, auditDatabaseUrl, stop } = await openTarget(target);
  const workers: { worker: Pick<Worker, 'shutdown'>; running: Promise<void> }[] = [];
  const apiDataDir = mkdtempSync(path.join(os.tmpdir(), 'bf-bench-api-'));
  try {
    const quiet = new DefaultLogger('ERROR');
    const [oursBundle, rawBundle] = await Promise.all([
      // Bundled as the worker bundles it, so the heap figure is the worker's.
      bundleWorkflowCode({ ...CASE_BUNDLE, logger: quiet }),
      bundleWorkflowCode({ workflowsPath: path.join(ROOT, 'bench', 'raw-workflows.ts'), logger: quiet }),
    ]);
    const ClientClass = env.client.constructor as typeof Client;
    const oursClient = new ClientClass({
      connection: env.connection,
      namespace: NAMESPACE,
      dataConverter: dataConverter(keys),
    });
    const rawClient = new ClientClass({ connection: env.connection, namespace: NAMESPACE });
    const cache = { maxCachedWorkflows: N + 100 };

    const ours: Side = {
      name: 'ours',
      client: oursClient,
      worker: (taskQueue, extra) =>
        CaseWorkers.create({
          connection: env.nativeConnection,
          namespace: NAMESPACE,
          taskQueue,
          workflowBundle: oursBundle,
          dataConverter: dataConverter(keys),
          activities: doubles,
          ...cache,
          ...extra,
        }),
      async start(taskQueue, id) {
        const input: CaseInput = {
          caseId: id,
          municipality: 'stavanger',
          office: 'hillevag',
          referredAt: TODAY,
          caseworker: { id: 'bench', role: 'caseworker' },
          person: { name: 'Bench Person', nationalId: withControlDigits('010170123')! },
          criteria: { homeless: true, substanceUse: true, mentalHealth: false, additional: [] },
          consent: { given: true, date: TODAY, scope: ['assessment-team', 'hf-team'] },
          policy: profile.policy,
        };
        // As the API starts a case: with its person search index (so no worker call for it).
        await oursClient.workflow.start('caseWorkflow', {
          taskQueue,
          workflowId: id,
          args: [input],
          typedSearchAttributes: new TypedSearchAttributes([
            { key: PersonIndex, value: personIndex(BENCH_INDEX_KEY, input.person) },
          ]),
        });
      },
      update: (id) =>
        oursClient.workflow.getHandle(id).executeUpdate(STEP_UPDATES.review, {
          args: [
            {
              actor: { id: 'bench', role: 'assessment-team' },
              event: { round: 1, outcome: 'relevant', meetingDate: TODAY },
            },
          ],
        }),
      query: (id) => oursClient.workflow.getHandle(id).query(getCaseQuery),
    };
    const raw: Side = {
      name: 'raw',
      client: rawClient,
      worker: (taskQueue, extra) =>
        Worker.create({
          connection: env.nativeConnection,
          namespace: NAMESPACE,
          taskQueue,
          workflowBundle: rawBundle,
          ...cache,
          ...extra,
        }),
      async start(taskQueue, id) {
        await rawClient.workflow.start('rawWorkflow', { taskQueue, workflowId: id, args: [{ id }] });
      },
      update: (id) =>
        rawClient.workflow
          .getHandle(id)
          .executeUpdate(rawUpdate, { args: [{ round: 1, outcome: 'relevant' }] }),
      query: (id) => rawClient.workflow.getHandle(id).query(rawQuery),
    };

    for (const side of [ours, raw]) {
      const worker = await side.worker(`bench-${side.name}`);
      workers.push({ worker, running: worker.run() });
    }
    const samples: Record<'ours' | 'raw', Latency[]> = { ours: [], raw: [] };
    // Warm-up (discarded): JIT, connections, the server's caches.
    for (const side of [raw, ours]) await latency(side, `bench-${side.name}`, 20);
    for (let r = 0; r < ROUNDS; r++) {
      for (const side of r % 2 === 0 ? [raw, ours] : [ours, raw]) {
        samples[side.name].push(await latency(side, `bench-${side.name}`));
        process.stdout.write(`latency round ${r + 1}/${ROUNDS}: ${side.name} done\n`);
      }
    }
    const api = await startBenchApi({
      client: oursClient,
      taskQueue: 'bench-ours',
      municipalities,
      keys,
      dataDir: apiDataDir,
      auditDatabaseUrl,
    });
    const apiSamples: ApiFigures[] = [];
    try {
      await measureApi({ api, rawClient, rawQueue: 'bench-raw', n: 20, today: TODAY, rawFirst: true }); // warm-up
      for (let r = 0; r < ROUNDS; r++) {
        const res = await measureApi({
          api,
          rawClient,
          rawQueue: 'bench-raw',
          n: N,
          today: TODAY,
          rawFirst: r % 2 === 0,
        });
        apiSamples.push({ intake: res.intake, events: res.events, eventsMinimal: res.eventsMinimal });
        await terminateAll(ours, res.ids);
        await terminateAll(raw, res.rawIds);
        process.stdout.write(`[${target}] api round ${r + 1}/${ROUNDS}: done\n`);
      }
    } finally {
      await api.stop();
    }
    const heap = target === 'dev' ? { raw: await memory(raw), ours: await memory(ours) } : undefined;
    if (heap) process.stdout.write('memory: done\n');

    const rows: Row[] = (['startMsPerWf', 'updateMsPerWf', 'queryMsPerWf'] as const).map((metric) => {
      const o = median(samples.ours.map((s) => s[metric]));
      const w = median(samples.raw.map((s) => s[metric]));
      return { metric, ours: `${o.toFixed(2)} ms`, raw: `${w.toFixed(2)} ms`, ratio: o / w };
    });
    const med = (f: (a: ApiFigures) => number) => median(apiSamples.map(f));
    const labels = {
      intake: 'intake (POST /referrals vs start)',
      events: 'event (POST reviews vs update)',
      eventsMinimal: 'event, Prefer: return=minimal (POST reviews vs update)',
    };
    for (const kind of ['intake', 'events', 'eventsMinimal'] as const) {
      const label = labels[kind];
      const tput = { ours: med((a) => a[kind].api.perSecond), raw: med((a) => a[kind].raw.perSecond) };
      const failed = apiSamples.reduce((n, a) => n + a[kind].api.failed + a[kind].raw.failed, 0);
      rows.push({
        metric: `${label} throughput${failed ? ` (${failed} requests failed, left out)` : ''}`,
        ours: `${tput.ours.toFixed(1)}/s`,
        raw: `${tput.raw.toFixed(1)}/s`,
        ratio: tput.ours / tput.raw,
      });
      for (const p of ['p50Ms', 'p99Ms'] as const) {
        const o = med((a) => a[kind].api[p]);
        const w = med((a) => a[kind].raw[p]);
        rows.push({
          metric: `${label} ${p.slice(0, 3)}`,
          ours: `${o.toFixed(1)} ms`,
          raw: `${w.toFixed(1)} ms`,
          ratio: o / w,
        });
      }
    }
    if (heap)
      rows.push({
        metric: 'heapPerCachedWf',
        ours: `${(heap.ours / 1024).toFixed(1)} KiB`,
        raw: `${(heap.raw / 1024).toFixed(1)} KiB`,
        ratio: heap.raw > 0 ? heap.ours / heap.raw : NaN,
      });
    return { target, rows, samples, apiSamples, heap };
  } finally {
    // Never leave a server behind, even when a round fails.
    for (const w of workers) w.worker.shutdown();
    await Promise.allSettled(workers.map((w) => w.running));
    await stop();
    rmSync(apiDataDir, { recursive: true, force: true });
  }
}

async function main() {
  if (!(global as { gc?: unknown }).gc)
    console.warn('run with node --expose-gc for the memory figure (npm run bench does)');
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
  });
  const results = [];
  for (const target of TARGETS) results.push(await runTarget(target));
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  console.log(
    `\nBolig først vs raw Temporal — N=${N} per side, ${ROUNDS} rounds, ${CONCURRENCY_NOTE}, medians; ${machine}\n`,
  );
  console.log(`| target | metric | ours | raw | ratio (ours/raw) |\n| --- | --- | --- | --- | --- |`);
  for (const r of results)
    for (const row of r.rows)
      console.log(
        `| ${r.target === 'dev' ? 'dev server' : 'cluster'} | ${row.metric} | ${row.ours} | ${row.raw} | ${row.ratio.toFixed(2)} |`,
      );
  // Where a request's time goes on the server (the API's Server-Timing), beside the raw call.
  console.log(
    `\nPhases on the server, median ms (find = the case's description, claim = the idempotency record, start = workflow.start, read = the case read back, log = the access log, total = arrival to answer on the server, middleware = total outside the phases; the client's p50 beyond total is HTTP):\n`,
  );
  console.log(
    `| target | request | find | claim | start | update | read | log | middleware | total | API p50 | raw p50 |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`,
  );
  const requests = { intake: 'intake', events: 'event, the case', eventsMinimal: 'event, return=minimal' };
  for (const r of results)
    for (const kind of ['intake', 'events', 'eventsMinimal'] as const) {
      const ph = (name: string) => {
        const xs = r.apiSamples.map((a) => a[kind].phases[name]).filter((x) => x !== undefined);
        return xs.length ? median(xs).toFixed(1) : '–';
      };
      console.log(
        `| ${r.target === 'dev' ? 'dev server' : 'cluster'} | ${requests[kind]} | ${['find', 'claim', 'start', 'update', 'read', 'log', 'middleware', 'total'].map(ph).join(' | ')} | ${median(r.apiSamples.map((a) => a[kind].api.p50Ms)).toFixed(1)} | ${median(r.apiSamples.map((a) => a[kind].raw.p50Ms)).toFixed(1)} |`,
      );
    }
  const dir = path.join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ n: N, rounds: ROUNDS, machine, cluster: CLUSTER, results }, null, 2));
  console.log(`\nsamples: ${path.relative(ROOT, file)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
