/**
 * The worker bundles the workflow code its own way (platform/temporal.ts WORKFLOW_BUNDLER_OPTIONS:
 * webpack's module concatenation, for less heap per cached case). The replay corpus otherwise
 * runs on the tests' bundle; here every recorded history replays on the bundle the worker builds
 * in production, so a bundling change that altered what the code does would fail here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import {
  dataConverter,
  WORKFLOW_BUNDLER_OPTIONS,
  WORKFLOW_INTERCEPTOR_MODULES,
} from '../../platform/temporal';
import { quietRuntime } from '../support/temporal';
import { HISTORIES_DIR, HISTORY_KEYS, historyFromObject } from './harness';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return name.endsWith('.json') ? [p] : [];
  });
}

test('every recorded history replays on the bundle the worker builds (modules concatenated)', async () => {
  quietRuntime();
  const root = path.resolve(__dirname, '..', '..');
  const bundle = await bundleWorkflowCode({
    workflowsPath: path.join(root, 'workflows', 'index.ts'),
    failureConverterPath: path.join(root, 'platform', 'failure-converter.ts'),
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error },
    ...WORKFLOW_BUNDLER_OPTIONS,
  });
  // The hook took effect: webpack heads each module it joined into one scope with `;// ./path`.
  expect(bundle.code).toMatch(/^;\/\/ \.\/workflows\/case\.ts$/m);
  const corpus = files(HISTORIES_DIR).sort();
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
    { workflowBundle: bundle, dataConverter: dataConverter(HISTORY_KEYS) },
    histories,
  )) {
    replayed++;
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  expect(failures).toEqual([]);
  expect(replayed).toBe(corpus.length);
  expect(replayed).toBeGreaterThan(100);
}, 600_000);
