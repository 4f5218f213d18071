/**
 * Failure messages and stack traces can carry personal data (an activity's error quoting a
 * refused field, say), and Temporal stores them outside payloads unless told otherwise. This
 * converter moves them into an encoded attributes payload, which the codec then encrypts.
 * Loaded by path (`failureConverterPath`) so the workflow sandbox uses it too.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
