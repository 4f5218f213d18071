/**
 * `npm run bench`: what our case workflow costs against raw Temporal, measured in the same run on
 * the same dev server. Reports ratios (ours ÷ raw), never absolute limits: the dev server's
 * SQLite store is the bottleneck here and absolute numbers say little about production.
 *
 *   start     start N workflows and wait until each answers its query (first task done)
 *   update    one update per workflow (the first review / its raw twin)
 *   query     one query per workflow
 *   memory    worker heap per cached workflow (node --expose-gc; sticky cache holds all N)
 *
 * BENCH_N (default 200) workflows per round; BENCH_ROUNDS (default 3) rounds after a discarded
 * warm-up, alternating which side goes first; medians are reported. Results also go to bench/results/<timestamp>.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import type { CaseInput } from '../domain/case';
import { withControlDigits } from '../domain/national-id';
import { Municipalities } from '../platform/municipalities';
import { dataConverter } from '../platform/temporal';
import { getCaseQuery, reviewUpdate } from '../workflows/messages';
import { ALL_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import { rawQuery, rawUpdate } from './raw-workflows';

const ROOT = path.resolve(__dirname, '..');
const N = Number(process.env.BENCH_N ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CLI = process.env.TEMPORAL_CLI ?? path.join(ROOT, '.tools', 'bin', 'temporal');
const keys = { activeKeyId: 'bench', keys: new Map([['bench', randomBytes(32)]]) };
const municipalities = Municipalities.load(path.join(ROOT, 'config', 'municipalities'));

interface Side {
  name: 'ours' | 'raw';
  taskQueue: string;
  worker: Worker;
  client: Client;
  start(i: number, round: number): Promise<string>;
  update(id: string): Promise<unknown>;
  query(id: string): Promise<unknown>;
}

interface Sample {
  startMsPerWf: number;
  updateMsPerWf: number;
  queryMsPerWf: number;
  heapBytesPerWf: number;
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

function heap(): number {
  (global as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

async function measure(side: Side, round: number, n = N): Promise<Sample> {
  const ids: string[] = [];
  const before = heap();
  let t = performance.now();
  await inParallel(
    Array.from({ length: n }, (_, i) => i),
    20,
    async (i) => {
      const id = await side.start(i, round);
      await side.query(id); // waits for the first workflow task
      ids.push(id);
    },
  );
  const startMs = performance.now() - t;
  const heapPerWf = Math.max(0, heap() - before) / n;
  t = performance.now();
  await inParallel(ids, 20, (id) => side.update(id));
  const updateMs = performance.now() - t;
  t = performance.now();
  await inParallel(ids, 20, (id) => side.query(id));
  const queryMs = performance.now() - t;
  for (const id of ids) {
    await side.client.workflow
      .getHandle(id)
      .terminate('benchmark done')
      .catch(() => undefined); // already completed
  }
  return {
    startMsPerWf: startMs / n,
    updateMsPerWf: updateMs / n,
    queryMsPerWf: queryMs / n,
    heapBytesPerWf: heapPerWf,
  };
}

async function main() {
  if (!(global as { gc?: unknown }).gc)
    console.warn('run with node --expose-gc for the memory figure (npm run bench does)');
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
  });
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: CLI },
      namespace: 'bench',
      searchAttributes: ALL_SEARCH_ATTRIBUTES,
      log: { format: 'json', level: 'error' },
    },
  });
  const quiet = new DefaultLogger('ERROR');
  const [oursBundle, rawBundle] = await Promise.all([
    bundleWorkflowCode({
      workflowsPath: path.join(ROOT, 'workflows', 'index.ts'),
      failureConverterPath: path.join(ROOT, 'platform', 'failure-converter.ts'),
      logger: quiet,
    }),
    bundleWorkflowCode({ workflowsPath: path.join(ROOT, 'bench', 'raw-workflows.ts'), logger: quiet }),
  ]);
  const oursClient = new (env.client.constructor as typeof Client)({
    connection: env.connection,
    namespace: 'bench',
    dataConverter: dataConverter(keys),
  });
  const rawClient = new (env.client.constructor as typeof Client)({
    connection: env.connection,
    namespace: 'bench',
  });
  const notify = async () => ({ messageId: 'bench', to: 'bench' });
  const cache = { maxCachedWorkflows: N + 50 };
  const ours: Side = {
    name: 'ours',
    taskQueue: 'bench-ours',
    client: oursClient,
    worker: await Worker.create({
      connection: env.nativeConnection,
      namespace: 'bench',
      taskQueue: 'bench-ours',
      workflowBundle: oursBundle,
      dataConverter: dataConverter(keys),
      activities: new Proxy({}, { get: () => notify }),
      ...cache,
    }),
    async start(i, round) {
      const profile = municipalities.require('stavanger');
      const input: CaseInput = {
        caseId: `hf-stavanger-bench${round}${String(i).padStart(5, '0')}`,
        municipality: 'stavanger',
        office: 'hillevag',
        referredAt: '2026-11-24',
        caseworker: { id: 'bench', role: 'caseworker' },
        person: { name: 'Bench Person', nationalId: withControlDigits('010170123')! },
        criteria: { homeless: true, substanceUse: true, mentalHealth: false, additional: [] },
        consent: { given: true, date: '2026-11-20', scope: ['assessment-team', 'hf-team'] },
        policy: profile.policy,
      };
      await oursClient.workflow.start('caseWorkflow', {
        taskQueue: 'bench-ours',
        workflowId: input.caseId,
        args: [input],
      });
      return input.caseId;
    },
    update: (id) =>
      oursClient.workflow.getHandle(id).executeUpdate(reviewUpdate, {
        args: [
          {
            actor: { id: 'bench', role: 'assessment-team' },
            event: { round: 1, outcome: 'relevant', meetingDate: '2026-11-24' },
          },
        ],
      }),
    query: (id) => oursClient.workflow.getHandle(id).query(getCaseQuery),
  };
  const raw: Side = {
    name: 'raw',
    taskQueue: 'bench-raw',
    client: rawClient,
    worker: await Worker.create({
      connection: env.nativeConnection,
      namespace: 'bench',
      taskQueue: 'bench-raw',
      workflowBundle: rawBundle,
      ...cache,
    }),
    async start(i, round) {
      const id = `raw-bench${round}${String(i).padStart(5, '0')}`;
      await rawClient.workflow.start('rawWorkflow', {
        taskQueue: 'bench-raw',
        workflowId: id,
        args: [{ round, i }],
      });
      return id;
    },
    update: (id) =>
      rawClient.workflow
        .getHandle(id)
        .executeUpdate(rawUpdate, { args: [{ round: 1, outcome: 'relevant' }] }),
    query: (id) => rawClient.workflow.getHandle(id).query(rawQuery),
  };

  const samples: Record<'ours' | 'raw', Sample[]> = { ours: [], raw: [] };
  const runs = [ours.worker.run(), raw.worker.run()];
  try {
    // Warm-up (discarded): JIT, connections, the server's caches.
    for (const side of [raw, ours]) await measure(side, 9, 20);
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? [raw, ours] : [ours, raw];
      for (const side of order) {
        samples[side.name].push(await measure(side, r));
        process.stdout.write(`round ${r + 1}/${ROUNDS} ${side.name} done\n`);
      }
    }
  } finally {
    // Never leave a dev server behind, even when a round fails.
    ours.worker.shutdown();
    raw.worker.shutdown();
    await Promise.allSettled(runs);
    await env.teardown();
  }

  const metrics: (keyof Sample)[] = ['startMsPerWf', 'updateMsPerWf', 'queryMsPerWf', 'heapBytesPerWf'];
  const rows = metrics.map((m) => {
    const o = median(samples.ours.map((s) => s[m]));
    const w = median(samples.raw.map((s) => s[m]));
    return { metric: m, ours: o, raw: w, ratio: w > 0 ? o / w : NaN };
  });
  console.log(
    `\nBolig først vs raw Temporal — N=${N} workflows per side, ${ROUNDS} rounds, medians (dev server, same run)\n`,
  );
  console.log('metric            ours          raw           ratio (ours/raw)');
  for (const r of rows) {
    const fmt = (v: number) =>
      r.metric === 'heapBytesPerWf' ? `${(v / 1024).toFixed(1)} KiB` : `${v.toFixed(2)} ms`;
    console.log(
      `${r.metric.padEnd(17)} ${fmt(r.ours).padEnd(13)} ${fmt(r.raw).padEnd(13)} ${r.ratio.toFixed(2)}`,
    );
  }
  const dir = path.join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ n: N, rounds: ROUNDS, rows, samples }, null, 2));
  console.log(`\nraw samples: ${path.relative(ROOT, file)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
