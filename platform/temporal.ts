/** How every process talks to Temporal: address, namespace, and the encrypting data converter. */
import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec, type CodecKeys } from './codec';

export function dataConverter(keys: CodecKeys): DataConverter {
  return {
    payloadCodecs: [new EncryptionCodec(keys)],
    failureConverterPath: require.resolve('./failure-converter'),
  };
}
