/**
 * The replay corpus: every history recorded from the workflow stories (`npm run
 * record-histories`) must replay against today's workflow code without a non-determinism
 * error. A change of behaviour that breaks this needs `patched()` (running cases replay their
 * own histories the same way when a worker restarts).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { dataConverter } from '../../platform/temporal';
import { quietRuntime } from '../support/temporal';
import { coverageBundle, coverageCollector, workflowCoverage } from '../support/workflow-coverage';
import { HISTORIES_DIR, HISTORY_KEYS, historyFromObject } from './harness';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return name.endsWith('.json') ? [p] : [];
  });
}

const corpus = files(HISTORIES_DIR).sort();
/** Every story file that records histories must have some in the corpus. */
const SUITES = [
  'first-review',
  'start-updates',
  'happy-path',
  'ladders',
  'eviction',
  'housing',
  'places',
  'follow-up',
  'endings',
  'resilience',
  'programme',
  'quiet-tasks',
  'email-queue',
  'durability',
  'digest',
  'person-index',
  'incidents',
  'branches',
  'places-edges',
  'person-index-edges',
  'stuck-tasks',
  'task-alert-edges',
  'one-batch',
  'decision-letters',
  'leases',
  'appeals',
  'private-rental',
  'named-worker',
];

test('the corpus holds recorded histories of every story suite and every workflow type', () => {
  const suites = new Set(corpus.map((f) => path.relative(HISTORIES_DIR, f).split(path.sep)[0]));
  expect([...suites].sort()).toEqual([...SUITES].sort());
  const types = new Set(
    corpus.map((f) => {
      const { history } = JSON.parse(readFileSync(f, 'utf8'));
      return history.events[0].workflowExecutionStartedEventAttributes.workflowType.name;
    }),
  );
  expect([...types].sort()).toEqual([
    'caseWorkflow',
    'digestWorkflow',
    'placesWorkflow',
    'programmeWorkflow',
    'taskAlertWorkflow',
  ]);
});

/**
 * The corpus replays once, on a bundle instrumented for coverage (the same code with counters):
 * the first test asks that nothing diverges, the second that no branch of a workflow file is
 * left without a history that runs it.
 */
const replay = (async () => {
  quietRuntime();
  const histories = corpus.map((file) => {
    const { workflowId, history } = JSON.parse(readFileSync(file, 'utf8'));
    return {
      workflowId: `${path.relative(HISTORIES_DIR, file)}#${workflowId}`,
      history: historyFromObject(history),
    };
  });
  const { map, sinks } = coverageCollector();
  const failures: string[] = [];
  let replayed = 0;
  for await (const result of Worker.runReplayHistories(
    { workflowBundle: await coverageBundle(), dataConverter: dataConverter(HISTORY_KEYS), sinks },
    histories,
  )) {
    replayed++;
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  return { failures, replayed, coverage: await workflowCoverage(map()) };
})();
// Jest reports a rejection in the tests that await it; this keeps it from surfacing unhandled first.
replay.catch(() => {});

test('every recorded history replays against the current workflow code', async () => {
  const { failures, replayed } = await replay;
  expect(failures).toEqual([]);
  expect(replayed).toBe(corpus.length);
}, 600_000);

test('every branch of every workflow file is run by some recorded history', async () => {
  const { coverage } = await replay;
  const table = coverage.files.map(
    (f) =>
      `${f.file}: branches ${f.branches.covered}/${f.branches.total}, statements ${f.statements.covered}/${f.statements.total}`,
  );
  const gaps = coverage.uncovered.map((u) => `${u.file}:${u.line} ${u.kind} path ${u.paths.join(',')}`);
  if (gaps.length > 0 || process.env.BF_SHOW_COVERAGE) {
    console.log(
      `workflow coverage during replay:\n${table.join('\n')}\nbranches no history runs:\n${gaps.map((g) => `GAP ${g}`).join('\n')}`,
    );
  }
  // Every workflow file is in the bundle (a file missing here would escape the check), but the
  // index, which only re-exports, and the two interceptors, which write no command: the
  // task-problem one tells the worker through a sink (test/workflow/stuck-tasks.test.ts runs both
  // of its paths); the stale-activation guard never acts on replay, only live
  // (test/workflow/stale-activations.test.ts makes it act).
  const interceptors = ['task-problems.ts', 'stale-activations.ts'];
  const workflowFiles = readdirSync(path.join(__dirname, '..', '..', 'workflows'))
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !interceptors.includes(f))
    .map((f) => `workflows/${f}`);
  expect(coverage.files.map((f) => f.file).sort()).toEqual(workflowFiles.sort());
  // A branch listed here has no recorded history: record a story that takes it, or mark it
  // `istanbul ignore` with the reason no history can (see README, "Years of life").
  expect(gaps).toEqual([]);
}, 600_000);
