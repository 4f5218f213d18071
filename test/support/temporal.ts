/**
 * Test environments on real Temporal servers: the Java time-skipping test server for workflow
 * tests, the CLI's dev server for integration tests. Both use the production data converter
 * (encryption codec and failure converter) with a key made for the test run.
 */
import { randomBytes } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, type WorkerOptions } from '@temporalio/worker';
import { CaseWorkers } from '../../worker/workers';
import type { CodecKeys } from '../../platform/codec';
import { dataConverter } from '../../platform/temporal';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { temporalCliPath, testServerPath } from './tools';
import { indexedType } from '../../scripts/search-attributes';
import { freePort } from '../../scripts/ports';

let runtimeInstalled = false;
/** Worker logs at ERROR: the test output is for test results. */
export function quietRuntime() {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
  });
}

export const TEST_KEYS: CodecKeys = {
  activeKeyId: 'test-1',
  keys: new Map([['test-1', randomBytes(32)]]),
};

export const TASK_QUEUE = 'test-pathway';

/** The time-skipping server, with our search attributes registered through the operator service. */
export async function createTimeSkippingEnv(keys: CodecKeys = TEST_KEYS): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testServerPath() }, port: await freePort() },
    client: { dataConverter: dataConverter(keys) },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(ALL_SEARCH_ATTRIBUTES.map((k) => [k.name, indexedType[k.type]])),
  });
  return env;
}

/** The real dev server (in memory), as the stack runs it, on a free port (scripts/ports.ts). */
export async function createDevServerEnv(keys: CodecKeys = TEST_KEYS): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      port: await freePort(),
      namespace: 'bolig-forst',
      searchAttributes: ALL_SEARCH_ATTRIBUTES,
      log: { format: 'json', level: 'error' },
    },
    client: { dataConverter: dataConverter(keys) },
  });
}

export function workflowBundle(): { codePath: string } {
  const codePath = process.env.BF_WORKFLOW_BUNDLE;
  if (!codePath) throw new Error('no workflow bundle: run the tests through jest (globalSetup bundles it)');
  return { codePath };
}

/**
 * The worker process's workers (the case worker and its mail worker, worker/workers.ts) on the
 * environment's server with the production data converter.
 */
export async function createTestWorker(
  env: TestWorkflowEnvironment,
  activities: object,
  opts: Partial<WorkerOptions> & { keys?: CodecKeys } = {},
): Promise<CaseWorkers> {
  const { keys = TEST_KEYS, ...rest } = opts;
  return CaseWorkers.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: TASK_QUEUE,
    workflowBundle: workflowBundle(),
    activities,
    dataConverter: dataConverter(keys),
    ...rest,
  });
}
