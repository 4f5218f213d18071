/**
 * `npm run bench:heap`: what a cached case costs the worker's heap, and what holds it. A worker
 * in debug mode (workflows on the main thread, so their heap is this process's) on the CLI's dev
 * server caches HEAP_N cases (default 300) of ours and as many of the raw workflow; a heap
 * snapshot is written before and after each (v8.writeHeapSnapshot) and the objects new in the
 * second are summed by kind (V8's node type and constructor or function name): per case, largest
 * first. The summary goes to bench/results/heap-<timestamp>.json and is printed as Markdown;
 * the snapshots stay in a temporary folder when HEAP_KEEP=1 (open them in Chrome DevTools).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { Client } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type BundleOptions } from '@temporalio/worker';
import { localDate } from '../domain/calendar';
import type { CaseInput } from '../domain/case';
import { withControlDigits } from '../domain/national-id';
import { Municipalities } from '../platform/municipalities';
import { personIndex } from '../platform/person-index';
import { concatenateModules, dataConverter } from '../platform/temporal';
import { getCaseQuery } from '../workflows/messages';
import { ALL_SEARCH_ATTRIBUTES, PersonIndex } from '../workflows/search-attributes';
import { doubles } from './doubles';
import { rawQuery } from './raw-workflows';

const ROOT = path.resolve(__dirname, '..');
const N = Number(process.env.HEAP_N ?? 300);
const TOP = 25;
const keys = { activeKeyId: 'bench', keys: new Map([['bench', randomBytes(32)]]) };
const profile = Municipalities.load(path.join(ROOT, 'config', 'municipalities')).require('stavanger');
const TODAY = localDate(new Date(), 'Europe/Oslo');

interface HeapResult {
  cases: number;
  heapUsedPerCaseKiB: number;
  newObjectsPerCaseKiB: number;
  byType: (Kind & { perCaseBytes: number })[];
  top: (Kind & { perCaseBytes: number })[];
}

interface Kind {
  kind: string;
  count: number;
  bytes: number;
}

/** Object IDs with their kind and size, from a V8 heap snapshot. */
function readSnapshot(file: string): Map<number, { kind: string; size: number }> {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [fType, fName, fId, fSize] = ['type', 'name', 'id', 'self_size'].map((f) => fields.indexOf(f));
  const out = new Map<number, { kind: string; size: number }>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + fType]];
    const name = snap.strings[snap.nodes[i + fName]];
    // Strings and numbers by type only (their "name" is their content); objects by constructor,
    // closures by function name, V8 internals ("system / Context", code) by their label.
    const kind =
      type === 'string' || type === 'concatenated string' || type === 'sliced string' || type === 'number'
        ? type
        : `${type}: ${name.length > 60 ? `${name.slice(0, 57)}…` : name || '(anonymous)'}`;
    out.set(snap.nodes[i + fId], { kind, size: snap.nodes[i + fSize] });
  }
  return out;
}

/** Objects in `after` that were not in `before`, summed by kind, largest first. */
function newByKind(before: string, after: string): { total: number; kinds: Kind[] } {
  const a = readSnapshot(before);
  const b = readSnapshot(after);
  const kinds = new Map<string, Kind>();
  let total = 0;
  for (const [id, node] of b) {
    if (a.has(id)) continue;
    total += node.size;
    const k = kinds.get(node.kind) ?? { kind: node.kind, count: 0, bytes: 0 };
    k.count++;
    k.bytes += node.size;
    kinds.set(node.kind, k);
  }
  return { total, kinds: [...kinds.values()].sort((x, y) => y.bytes - x.bytes) };
}

/** Broad groups: V8's node types (object, closure, array, string, code, hidden, …). */
function byType(kinds: Kind[]): Kind[] {
  const types = new Map<string, Kind>();
  for (const k of kinds) {
    const type = k.kind.split(':')[0];
    const t = types.get(type) ?? { kind: type, count: 0, bytes: 0 };
    t.count += k.count;
    t.bytes += k.bytes;
    types.set(type, t);
  }
  return [...types.values()].sort((x, y) => y.bytes - x.bytes);
}

function gc() {
  const g = (global as { gc?: () => void }).gc;
  if (!g) throw new Error('run with node --expose-gc (npm run bench:heap does)');
  g();
  g();
}

async function inParallel(n: number, limit: number, fn: (i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

async function main() {
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bf-heap-'));
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: {
        type: 'existing-path',
        path: process.env.TEMPORAL_CLI ?? path.join(ROOT, '.tools', 'bin', 'temporal'),
      },
      namespace: 'bench',
      searchAttributes: ALL_SEARCH_ATTRIBUTES,
      log: { format: 'json', level: 'error' },
    },
  });
  const results: Record<string, HeapResult> = {};
  try {
    const quiet = new DefaultLogger('ERROR');
    const oursBundle = (extra: Partial<BundleOptions> = {}, workflowsPath = 'workflows/index.ts') =>
      bundleWorkflowCode({
        workflowsPath: path.join(ROOT, workflowsPath),
        failureConverterPath: path.join(ROOT, 'platform', 'failure-converter.ts'),
        workflowInterceptorModules: [path.join(ROOT, 'workflows', 'task-problems.ts')],
        logger: quiet,
        ...extra,
      });
    const oursClient = new Client({
      connection: env.connection,
      namespace: 'bench',
      dataConverter: dataConverter(keys),
    });
    const startCase = async (client: Client, taskQueue: string, id: string) => {
      const input: CaseInput = {
        caseId: id,
        municipality: 'stavanger',
        office: 'hillevag',
        referredAt: TODAY,
        caseworker: { id: 'bench', role: 'caseworker' },
        person: { name: 'Heap Person', nationalId: withControlDigits('010170123')! },
        criteria: { homeless: true, substanceUse: true, mentalHealth: true, additional: [] },
        consent: { given: true, date: TODAY, scope: ['assessment-team', 'hf-team'] },
        policy: profile.policy,
      };
      await client.workflow.start('caseWorkflow', {
        taskQueue,
        workflowId: id,
        args: [input],
        typedSearchAttributes: new TypedSearchAttributes([
          { key: PersonIndex, value: personIndex(Buffer.alloc(32, 9), input.person) },
        ]),
      });
      await client.workflow.getHandle(id).query(getCaseQuery);
    };
    const oursExtra = { dataConverter: dataConverter(keys), activities: doubles };
    const allSides = {
      // The case workflow as the SDK bundles it by default (development mode, one factory per module).
      'ours-sdk-default': {
        bundle: await oursBundle(),
        client: oursClient,
        start: startCase,
        extra: oursExtra,
      },
      // As the worker bundles it (WORKFLOW_BUNDLER_OPTIONS): webpack's module concatenation joins
      // the modules it can into one scope, so fewer module objects, export getters and contexts.
      'ours-concatenated': {
        bundle: await oursBundle({ webpackConfigHook: concatenateModules }),
        client: oursClient,
        start: startCase,
        extra: oursExtra,
      },
      // Every module of the case workflow's bundle loaded, no case: the bundle's cost per workflow.
      'modules-only': {
        bundle: await oursBundle({}, 'bench/heap-idle-workflow.ts'),
        client: oursClient,
        async start(client: Client, taskQueue: string, id: string) {
          await client.workflow.start('idleWorkflow', { taskQueue, workflowId: id, args: [] });
          await client.workflow.getHandle(id).query('__stack_trace');
        },
        extra: oursExtra,
      },
      raw: {
        bundle: await bundleWorkflowCode({
          workflowsPath: path.join(ROOT, 'bench', 'raw-workflows.ts'),
          logger: quiet,
        }),
        client: new Client({ connection: env.connection, namespace: 'bench' }),
        async start(client: Client, taskQueue: string, id: string) {
          await client.workflow.start('rawWorkflow', { taskQueue, workflowId: id, args: [{ id }] });
          await client.workflow.getHandle(id).query(rawQuery);
        },
        extra: {},
      },
    };
    const wanted = (process.env.HEAP_SIDES ?? Object.keys(allSides).join(',')).split(',');
    const sides = Object.entries(allSides).filter(([name]) => wanted.includes(name));
    for (const [name, side] of sides) {
      const taskQueue = `heap-${name}`;
      const worker = await Worker.create({
        connection: env.nativeConnection,
        namespace: 'bench',
        taskQueue,
        workflowBundle: side.bundle,
        debugMode: true,
        maxCachedWorkflows: N + 100,
        ...side.extra,
      });
      const running = worker.run();
      try {
        // Warm: the bundle loaded, the first cases cached, JIT and the SDK's own state settled.
        await inParallel(20, 10, (i) => side.start(side.client, taskQueue, `${name}-warm-${i}`));
        gc();
        const heapBefore = process.memoryUsage().heapUsed;
        const before = path.join(dir, `${name}-before.heapsnapshot`);
        v8.writeHeapSnapshot(before);
        await inParallel(N, 10, (i) => side.start(side.client, taskQueue, `${name}-${i}`));
        gc();
        const heapAfter = process.memoryUsage().heapUsed;
        const after = path.join(dir, `${name}-after.heapsnapshot`);
        v8.writeHeapSnapshot(after);
        const diff = newByKind(before, after);
        results[name] = {
          cases: N,
          heapUsedPerCaseKiB: Math.round(((heapAfter - heapBefore) / N / 1024) * 10) / 10,
          newObjectsPerCaseKiB: Math.round((diff.total / N / 1024) * 10) / 10,
          byType: byType(diff.kinds).map((k) => ({ ...k, perCaseBytes: Math.round(k.bytes / N) })),
          top: diff.kinds.slice(0, TOP).map((k) => ({ ...k, perCaseBytes: Math.round(k.bytes / N) })),
        };
        process.stdout.write(`${name}: done\n`);
      } finally {
        worker.shutdown();
        await running;
      }
    }
  } finally {
    await env.teardown();
    if (process.env.HEAP_KEEP) console.log(`snapshots in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  for (const [name, r] of Object.entries(results) as [string, HeapResult][]) {
    console.log(
      `\n${name}: ${r.heapUsedPerCaseKiB} KiB heap per cached case (heapUsed after GC); objects new in the snapshot: ${r.newObjectsPerCaseKiB} KiB per case\n`,
    );
    console.log('| V8 node type | objects per case | bytes per case |\n| --- | --- | --- |');
    for (const k of r.byType) console.log(`| ${k.kind} | ${(k.count / N).toFixed(1)} | ${k.perCaseBytes} |`);
    console.log(
      '\n| kind (type: constructor or function) | objects per case | bytes per case |\n| --- | --- | --- |',
    );
    for (const k of r.top) console.log(`| ${k.kind} | ${(k.count / N).toFixed(1)} | ${k.perCaseBytes} |`);
  }
  const out = path.join(ROOT, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  const file = path.join(out, `heap-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ n: N, node: process.version, results }, null, 2));
  console.log(`\nresults: ${path.relative(ROOT, file)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
