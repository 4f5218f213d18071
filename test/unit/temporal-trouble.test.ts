/**
 * How the API names Temporal's failures: those a client should retry are 503 (sent with
 * Retry-After by the problem handler), never a 500.
 */
import { ServiceError } from '@temporalio/client';
import { temporalTrouble } from '../../api/cases';
import { ProblemError } from '../../api/problem';

function grpcError(code: number, details: string) {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
}

function statusOf(err: unknown): number | string {
  try {
    temporalTrouble(err);
  } catch (e) {
    return e instanceof ProblemError ? e.status : 'passed on';
  }
  return 'returned';
}

test.each([
  ['the server is away', 14, 'No connection established'],
  ['the deadline passed', 4, 'Deadline exceeded'],
  ['the call was cancelled at the deadline', 1, 'Call cancelled'],
  // What a query answers while the worker restarts (seen in the chaos run as a 500).
  ['no worker polls the case', 9, 'no poller seen for task queue recently, worker may be down'],
])('%s: 503', (_what, code, details) => {
  expect(statusOf(new ServiceError('Failed to query Workflow', { cause: grpcError(code, details) }))).toBe(
    503,
  );
  expect(statusOf(grpcError(code, details))).toBe(503);
});

test('a busy server is 429; other failures are passed on (a 500 the log names)', () => {
  expect(statusOf(grpcError(8, 'namespace rate limit exceeded'))).toBe(429);
  expect(statusOf(grpcError(9, 'workflow is not running'))).toBe('passed on');
  expect(statusOf(grpcError(9, 'workflow execution already completed'))).toBe('passed on');
  expect(statusOf(new Error('something else'))).toBe('passed on');
});
