/**
 * Reaching the municipality's places coordinator from a case. Signal-with-start: the
 * coordinator is started if it does not run yet (a fresh namespace, a worker that has not
 * bootstrapped), so a request is never lost. Idempotent: the coordinator answers a repeated
 * request with the same grant or position, and ignores a release it has already applied.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import type { PlaceOf, PlacesEffect } from '../domain/places';
import {
  getPlaceOfQuery,
  placeGrantedSignal,
  placeReleaseSignal,
  placeRequestSignal,
  waitlistPositionSignal,
} from '../workflows/messages';
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
      // A coordinator that ended (terminated, failed) held the list: never start an empty one in
      // its place. The call fails, the case's incident shows it, an administrator restores it.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    };
  }

  /** Signal-with-start that refuses (not retried: an incident at once) when the coordinator ended. */
  async function toCoordinator(send: () => Promise<unknown>): Promise<void> {
    try {
      await send();
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      throw ApplicationFailure.nonRetryable(
        'the places coordinator has ended; it is not started empty in its place (an administrator restores it)',
        'CoordinatorEnded',
      );
    }
  }

  async function requestPlace(req: PlaceRequest): Promise<{ coordinatorId: string }> {
    const opts = start(req.municipality);
    await toCoordinator(() =>
      client().workflow.signalWithStart<typeof placesWorkflow, [{ caseId: string; existing?: boolean }]>(
        'placesWorkflow',
        {
          ...opts,
          signal: placeRequestSignal,
          signalArgs: [{ caseId: req.caseId, existing: req.existing }],
        },
      ),
    );
    return { coordinatorId: opts.workflowId };
  }

  async function releasePlace(req: {
    municipality: string;
    caseId: string;
  }): Promise<{ coordinatorId: string }> {
    const opts = start(req.municipality);
    await toCoordinator(() =>
      client().workflow.signalWithStart<typeof placesWorkflow, [{ caseId: string }]>('placesWorkflow', {
        ...opts,
        signal: placeReleaseSignal,
        signalArgs: [{ caseId: req.caseId }],
      }),
    );
    return { coordinatorId: opts.workflowId };
  }

  async function tellCases(req: {
    municipality: string;
    effects: PlacesEffect[];
  }): Promise<{ ended: string[] }> {
    const c = client();
    const ctx = Context.current();
    // A retry resumes after the last case told (telling one again would change nothing).
    const resumed = ctx.info.heartbeatDetails as { next: number; ended: string[] } | undefined;
    const ended = [...(resumed?.ended ?? [])];
    for (let i = resumed?.next ?? 0; i < req.effects.length; i++) {
      const e = req.effects[i];
      try {
        const handle = c.workflow.getHandle(e.caseId);
        if (e.kind === 'granted') await handle.signal(placeGrantedSignal, { position: 0 });
        else await handle.signal(waitlistPositionSignal, { position: e.position });
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
        ended.push(e.caseId);
      }
      ctx.heartbeat({ next: i + 1, ended });
    }
    return { ended };
  }

  async function confirmPlace(req: { municipality: string; caseId: string }): Promise<PlaceOf> {
    const handle = client().workflow.getHandle(idFor(req.municipality));
    try {
      // A closed coordinator still answers queries, but it no longer keeps anyone's place.
      if ((await handle.describe()).status.name !== 'RUNNING') return { status: 'unknown' };
      return await handle.query(getPlaceOfQuery, req.caseId);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return { status: 'unknown' };
      throw err;
    }
  }

  return { requestPlace, releasePlace, tellCases, confirmPlace };
}
