/**
 * Bundles the workflow code once per test run (webpack takes seconds), so every test file's
 * worker loads the same bundle. Each run gets its own file; old ones are removed.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

export default async function globalSetup() {
  const root = path.resolve(__dirname, '..', '..');
  const cacheDir = path.join(process.env.BF_TOOLS_DIR ?? path.join(root, '.tools'), 'cache');
  mkdirSync(cacheDir, { recursive: true });
  for (const f of readdirSync(cacheDir)) if (f.startsWith('workflow-bundle-')) rmSync(path.join(cacheDir, f));
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.join(root, 'workflows', 'index.ts'),
    failureConverterPath: path.join(root, 'platform', 'failure-converter.ts'),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error },
  });
  const file = path.join(cacheDir, `workflow-bundle-${Date.now()}.js`);
  writeFileSync(file, code);
  process.env.BF_WORKFLOW_BUNDLE = file;
}
