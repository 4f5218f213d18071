/**
 * How the API reads a case: a completed case from the view it ended with (no worker replays its
 * history, years of it, and none need be running), a running one from its query; a case a worker
 * cannot replay right now answers 503, not 500 (the worker's doctor sets it right).
 */
import type { Client } from '@temporalio/client';
import { status as grpcStatus } from '@grpc/grpc-js';
import { QueryNotRegisteredError } from '@temporalio/client/lib/workflow-client';
import { temporalTrouble } from '../../api/cases';
import { ProblemError } from '../../api/problem';
import { readCase } from '../../read-model/case-directory';

function clientWith(status: string, calls: string[]): Client {
  return {
    workflow: {
      getHandle: () => ({
        describe: async () => ({ status: { name: status } }),
        result: async () => (calls.push('result'), { caseId: 'hf-stavanger-0123456789', stage: 'closed' }),
        query: async () => (calls.push('query'), { caseId: 'hf-stavanger-0123456789', stage: 'follow-up' }),
      }),
    },
  } as unknown as Client;
}

test('a completed case is read from the view it ended with, a running one from its query', async () => {
  const calls: string[] = [];
  await expect(readCase(clientWith('COMPLETED', calls), 'hf-stavanger-0123456789')).resolves.toMatchObject({
    stage: 'closed',
  });
  await expect(readCase(clientWith('RUNNING', calls), 'hf-stavanger-0123456789')).resolves.toMatchObject({
    stage: 'follow-up',
  });
  expect(calls).toEqual(['result', 'query']);
});

test('a case its worker cannot replay answers 503 with a reason, not 500', () => {
  // What the client really raises when a query meets a worker that cannot replay the case: the
  // reason in the message (the chaos run met this as a 500 before).
  const err = new QueryNotRegisteredError(
    '[TMPRL1100] Nondeterminism error: Update machine does not handle this event: HistoryEvent(id: 142, TimerCanceled)',
    grpcStatus.INVALID_ARGUMENT,
  );
  let thrown: unknown;
  try {
    temporalTrouble(err);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(ProblemError);
  expect((thrown as ProblemError).status).toBe(503);
});
