/**
 * Bundles the workflow code once per test run (webpack takes seconds), so every test file's
 * worker loads the same bundle. Each run gets its own file in the temp folder; the global
 * teardown removes it.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_INTERCEPTOR_MODULES } from '../../platform/temporal';

export default async function globalSetup() {
  const root = path.resolve(__dirname, '..', '..');
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.join(root, 'workflows', 'index.ts'),
    failureConverterPath: path.join(root, 'platform', 'failure-converter.ts'),
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error },
  });
  const file = path.join(os.tmpdir(), `bf-workflow-bundle-${process.pid}-${Date.now()}.js`);
  writeFileSync(file, code);
  process.env.BF_WORKFLOW_BUNDLE = file;
}
