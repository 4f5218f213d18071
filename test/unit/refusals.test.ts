/**
 * A refused event tells the caller the case's stage and what it expects — carried as the
 * failure's details from the pathway's rule to the API's 409, never parsed out of message text.
 */
import { ApplicationFailure } from '@temporalio/common';
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { sendUpdate, type FoundCase } from '../../api/cases';
import * as pathway from '../../domain/pathway';
import { STEPS } from '../../domain/steps';
import { ProblemError } from '../../api/problem';
import { STEP_UPDATES } from '../../workflows/messages';
import { caseInput } from '../support/fixtures';

const T0 = new Date('2026-11-24T09:00:00Z');

it('the rule names the stage and what it expects in its details', () => {
  const state = pathway.startCase(caseInput({ referredAt: '2026-11-24' }), T0);
  const refusal = STEPS.lease.check(
    state,
    { unitId: 'u1', signedDate: '2026-11-24', moveInDate: '2026-12-01' } as never,
    T0,
  );
  expect(refusal?.type).toBe('WrongStage');
  expect(refusal?.details).toEqual({ stage: 'first-review', expects: pathway.EXPECTS['first-review'] });
});

it('a field the rule refuses is named in the details', () => {
  const state = pathway.startCase(caseInput({ referredAt: '2026-11-24' }), T0);
  const refusal = STEPS.review.check(
    state,
    { round: 1, outcome: 'relevant', meetingDate: '2026-13-40' } as never,
    T0,
  );
  expect(refusal).toMatchObject({ type: 'InvalidEvent', details: { path: 'meetingDate' } });
});

/** A case whose update is refused by its validator with the given failure. */
function refusedWith(failure: ApplicationFailure): { client: Client; found: FoundCase } {
  const handle = {
    executeUpdate: () => Promise.reject(new WorkflowUpdateFailedError('Workflow Update failed', failure)),
  } as unknown as WorkflowHandle;
  const client = { withDeadline: (_d: number, fn: () => Promise<unknown>) => fn() } as unknown as Client;
  return {
    client,
    found: { id: 'hf-stavanger-abcdefghij', handle, running: true, stage: 'mapping', role: 'hf-team' },
  };
}

async function problemOf(p: Promise<unknown>): Promise<ProblemError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProblemError);
  return err as ProblemError;
}

it('the API answers 409 with the stage and expects from the details, whatever the message says', async () => {
  const failure = ApplicationFailure.create({
    type: 'WrongStage',
    message: 'refused (wording that names no expectation)',
    nonRetryable: true,
    details: [{ stage: 'follow-up', expects: 'plans, contacts, evaluations' }],
  });
  const { client, found } = refusedWith(failure);
  const problem = await problemOf(sendUpdate(client, found, STEP_UPDATES.lease, [{} as never]));
  expect(problem.status).toBe(409);
  expect(problem.extra).toMatchObject({ stage: 'follow-up', expects: 'plans, contacts, evaluations' });
});

it('the API answers 400 naming the field the details name', async () => {
  const failure = ApplicationFailure.create({
    type: 'InvalidEvent',
    message: 'moveInDate: before the lease was signed',
    nonRetryable: true,
    details: [{ path: 'moveInDate' }],
  });
  const { client, found } = refusedWith(failure);
  const problem = await problemOf(sendUpdate(client, found, STEP_UPDATES.lease, [{} as never]));
  expect(problem.status).toBe(400);
  expect(problem.extra).toEqual({ errors: [{ path: 'moveInDate', message: 'before the lease was signed' }] });
});

/** A case whose run closes under the update; its newest run then has the given status. */
function replacedUnder(status: string): { client: Client; found: FoundCase } {
  const handle = {
    executeUpdate: () =>
      Promise.reject(
        new WorkflowNotFoundError(
          'workflow execution already completed',
          'hf-stavanger-abcdefghij',
          undefined,
        ),
      ),
    describe: () => Promise.resolve({ status: { name: status } }),
  } as unknown as WorkflowHandle;
  const client = { withDeadline: (_d: number, fn: () => Promise<unknown>) => fn() } as unknown as Client;
  return {
    client,
    found: { id: 'hf-stavanger-abcdefghij', handle, running: true, stage: 'follow-up', role: 'hf-team' },
  };
}

it('an event that meets a run replaced under it (set back, continued as new) is to be sent again: 503, not "ended"', async () => {
  const { client, found } = replacedUnder('RUNNING');
  const problem = await problemOf(sendUpdate(client, found, STEP_UPDATES.lease, [{} as never]));
  expect(problem.status).toBe(503);
  expect(problem.detail).toMatch(/same Idempotency-Key/);
});

it('an event that meets a case that ended in between is 409: the case has ended', async () => {
  const { client, found } = replacedUnder('COMPLETED');
  const problem = await problemOf(sendUpdate(client, found, STEP_UPDATES.lease, [{} as never]));
  expect(problem.status).toBe(409);
  expect(problem.extra).toMatchObject({ expects: 'nothing more: the case has ended' });
});
