/**
 * Reaching the municipality's places coordinator from a case. Signal-with-start: the
 * coordinator is started if it does not run yet (a fresh namespace, a worker that has not
 * bootstrapped), so a request is never lost. Idempotent: the coordinator answers a repeated
 * request with the same grant or position, and ignores a release it has already applied.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { placeReleaseSignal, placeRequestSignal } from '../workflows/messages';
import type { placesWorkflow } from '../workflows/places';
import type { PlaceRequest } from './types';

export interface CoordinationDeps {
  client?: Client;
  taskQueue?: string;
  /** The profile's `places` (the capacity a coordinator starts with). */
  capacityFor(municipality: string): number;
  /** Workflow ID of a municipality's coordinator (tests give each story its own). */
  placesWorkflowId?(municipality: string): string;
}

export function createCoordinationActivities(deps: CoordinationDeps) {
  const idFor = deps.placesWorkflowId ?? ((m: string) => `places-${m}`);

  function client(): Client {
    if (!deps.client || !deps.taskQueue) {
      throw ApplicationFailure.nonRetryable(
        'no Temporal client configured for the places coordinator',
        'NoCoordinator',
      );
    }
    return deps.client;
  }

  function start(municipality: string) {
    return {
      workflowId: idFor(municipality),
      taskQueue: deps.taskQueue!,
      args: [{ municipality, capacity: deps.capacityFor(municipality) }] as Parameters<typeof placesWorkflow>,
    };
  }

  async function requestPlace(req: PlaceRequest): Promise<{ coordinatorId: string }> {
    const opts = start(req.municipality);
    await client().workflow.signalWithStart<typeof placesWorkflow, [{ caseId: string; existing?: boolean }]>(
      'placesWorkflow',
      {
        ...opts,
        signal: placeRequestSignal,
        signalArgs: [{ caseId: req.caseId, existing: req.existing }],
      },
    );
    return { coordinatorId: opts.workflowId };
  }

  async function releasePlace(req: {
    municipality: string;
    caseId: string;
  }): Promise<{ coordinatorId: string }> {
    const opts = start(req.municipality);
    await client().workflow.signalWithStart<typeof placesWorkflow, [{ caseId: string }]>('placesWorkflow', {
      ...opts,
      signal: placeReleaseSignal,
      signalArgs: [{ caseId: req.caseId }],
    });
    return { coordinatorId: opts.workflowId };
  }

  return { requestPlace, releasePlace };
}
