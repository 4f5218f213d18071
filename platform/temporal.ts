/** How every process talks to Temporal: address, namespace, and the encrypting data converter. */
import { writeFileSync } from 'node:fs';
import type { DataConverter } from '@temporalio/common';
import type { BundleOptions } from '@temporalio/worker';
import { EncryptionCodec, type CodecKeys } from './codec';

/**
 * Workflow interceptors every bundle carries: reporting workflow tasks that fail
 * (workflows/task-problems.ts; the worker's side is worker/task-problems.ts), and rebuilding a
 * cached run that a query-only task moved (workflows/stale-activations.ts).
 */
export const WORKFLOW_INTERCEPTOR_MODULES = [
  require.resolve('../workflows/task-problems'),
  require.resolve('../workflows/stale-activations'),
];

/**
 * How the worker bundles the workflow code: webpack's module concatenation (scope hoisting) on,
 * which the SDK's development-mode bundle leaves off. The worker keeps every cached workflow's
 * own instance of every module of the bundle; joined into one scope, the modules no longer each
 * need a module object, an export getter per export and a context of their own. The same code
 * runs (docs/heap-per-case.md: about a quarter less heap per cached case), and
 * test/workflow/replay-bundle.test.ts replays the recorded histories on this bundle.
 */
export const concatenateModules: NonNullable<BundleOptions['webpackConfigHook']> = (config) => ({
  ...config,
  optimization: { ...config.optimization, concatenateModules: true },
});
export const WORKFLOW_BUNDLER_OPTIONS = { webpackConfigHook: concatenateModules };

/**
 * The case workflows' bundle as the worker builds it (worker/main.ts: these modules, these
 * interceptors, the failure converter its data converter names, modules concatenated), for
 * whatever builds one ahead — the benchmarks, the chaos run — so none runs another bundle than
 * production does.
 */
export const CASE_BUNDLE = {
  workflowsPath: require.resolve('../workflows'),
  workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
  failureConverterPath: require.resolve('./failure-converter'),
  ...WORKFLOW_BUNDLER_OPTIONS,
} satisfies BundleOptions;

/**
 * Builds CASE_BUNDLE and writes it to `file` (the benchmarks and the chaos run hand it to the
 * workers they start, which then skip bundling). Quiet but for webpack's warnings and errors.
 */
export async function writeCaseBundle(file: string): Promise<string> {
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const { code } = await bundleWorkflowCode({
    ...CASE_BUNDLE,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error },
  });
  writeFileSync(file, code);
  return file;
}

export function dataConverter(keys: CodecKeys): DataConverter {
  return {
    payloadCodecs: [new EncryptionCodec(keys)],
    failureConverterPath: require.resolve('./failure-converter'),
  };
}
