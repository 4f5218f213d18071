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
import { quietRuntime, workflowBundle } from '../support/temporal';
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
  'happy-path',
  'ladders',
  'eviction',
  'housing',
  'places',
  'follow-up',
  'endings',
  'resilience',
  'programme',
  'durability',
  'digest',
  'stuck-tasks',
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

test('every recorded history replays against the current workflow code', async () => {
  quietRuntime();
  const histories = corpus.map((file) => {
    const { workflowId, history } = JSON.parse(readFileSync(file, 'utf8'));
    return {
      workflowId: `${path.relative(HISTORIES_DIR, file)}#${workflowId}`,
      history: historyFromObject(history),
    };
  });
  const failures: string[] = [];
  let replayed = 0;
  for await (const result of Worker.runReplayHistories(
    { workflowBundle: workflowBundle(), dataConverter: dataConverter(HISTORY_KEYS) },
    histories,
  )) {
    replayed++;
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  expect(failures).toEqual([]);
  expect(replayed).toBe(corpus.length);
}, 600_000);
