/** How every process talks to Temporal: address, namespace, and the encrypting data converter. */
import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec, type CodecKeys } from './codec';

/**
 * Workflow interceptors every bundle carries: reporting workflow tasks that fail
 * (workflows/task-problems.ts; the worker's side is worker/task-problems.ts).
 */
export const WORKFLOW_INTERCEPTOR_MODULES = [require.resolve('../workflows/task-problems')];

export function dataConverter(keys: CodecKeys): DataConverter {
  return {
    payloadCodecs: [new EncryptionCodec(keys)],
    failureConverterPath: require.resolve('./failure-converter'),
  };
}
