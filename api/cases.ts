/**
 * Reaching a case: finding it (404 for unknown and for another office's case alike), reading it
 * through its query, and sending it an event as a workflow update, with every way Temporal can
 * say no turned into the problem the caller should see.
 */
import {
  isGrpcServiceError,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import type { CaseView } from '../domain/case';
import type { RejectionDetails } from '../domain/pathway/events';
import { STAGE_LABELS, type Stage } from '../domain/stages';
import type { Role } from '../domain/types';
import { INVALID_EVENT, UNKNOWN_REFERENCE, WRONG_STAGE } from '../workflows/messages';
import { HskOffice, Municipality, PathwayStage } from '../workflows/search-attributes';
import { readCase } from '../read-model/case-directory';
import { actingRole } from './access';
import type { User } from './auth';
import { CASE_ID_PATTERN } from './case-ids';
import { ProblemError } from './problem';

/** How long an update may take before the caller is told to retry (with the same key). */
export const UPDATE_DEADLINE_MS = 30_000;
export const QUERY_DEADLINE_MS = 15_000;

export interface FoundCase {
  id: string;
  handle: WorkflowHandle;
  running: boolean;
  stage?: string;
  office?: string;
  municipality?: string;
  /** The role the caller acts in on this case (one that reaches it). */
  role: Role;
}

/** A case's municipality: its search attribute, else the one its ID names (`hf-<municipality>-…`). */
function municipalityOf(id: string, attribute: string | undefined): string | undefined {
  return attribute ?? /^hf-([a-z][a-z0-9-]*)-[A-Za-z0-9]{10}$/.exec(id)?.[1];
}

/** gRPC status codes (the numbers are fixed by gRPC). */
const grpcStatus = {
  CANCELLED: 1,
  DEADLINE_EXCEEDED: 4,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  UNAVAILABLE: 14,
} as const;

export function notFound(id: string): ProblemError {
  // The ID is echoed only when it is a case ID: whatever else was typed into the URL is not.
  return new ProblemError(
    404,
    'Case not found',
    CASE_ID_PATTERN.test(id) ? `no case ${id} that you may see` : 'no case with that ID that you may see',
  );
}

/** Turns Temporal being away into a 503 the caller can retry, and passes other errors on. */
export function temporalTrouble(err: unknown): never {
  if (err instanceof ProblemError) throw err;
  const grpc = isGrpcServiceError(err)
    ? err
    : err instanceof ServiceError && isGrpcServiceError(err.cause)
      ? err.cause
      : undefined;
  if (
    err instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
    (grpc &&
      [grpcStatus.UNAVAILABLE, grpcStatus.DEADLINE_EXCEEDED, grpcStatus.CANCELLED].some(
        (c) => c === grpc.code,
      ))
  ) {
    throw new ProblemError(
      503,
      'Temporal did not answer',
      'the case store did not answer in time; try again (with the same Idempotency-Key for an event)',
    );
  }
  // A query or update while no worker polls (a worker restarting): Temporal says
  // FAILED_PRECONDITION ("no poller seen for task queue recently, worker may be down", and the
  // like for updates). Found by the chaos run as 500s. A case that has ended is not this.
  if (
    grpc?.code === grpcStatus.FAILED_PRECONDITION &&
    !/not running|completed|closed|terminated/i.test(grpc.details)
  ) {
    throw new ProblemError(
      503,
      'The case did not answer',
      'no worker is running the case right now; try again shortly',
    );
  }
  // A worker that cannot replay the case (the SDK's cold-start nondeterminism, which the worker's
  // doctor sets right: worker/doctor.ts) cannot answer for it now; the case itself is not lost.
  // A query's failure reaches us as the client's QueryNotRegisteredError (gRPC INVALID_ARGUMENT,
  // the reason in its message, not in `details`): found by the chaos run as a 500.
  const reason = `${grpc?.details ?? ''} ${err instanceof Error ? err.message : ''}`;
  if (/nondeterminism|TMPRL1100/i.test(reason)) {
    throw new ProblemError(
      503,
      'The case did not answer',
      'the case cannot be read right now; it is being set right: try again shortly',
    );
  }
  if (grpc?.code === grpcStatus.RESOURCE_EXHAUSTED) {
    throw new ProblemError(429, 'Too many requests', 'the case store is busy; try again shortly');
  }
  throw err;
}

/**
 * Finds a case the caller may act on in one of `allowed` roles, from its workflow's description
 * (no worker needed). Another municipality's or (for a caseworker) another office's case is the
 * same 404 as an unknown one.
 */
export async function findCase(
  client: Client,
  id: string,
  user: User,
  allowed: readonly Role[],
): Promise<FoundCase> {
  if (!CASE_ID_PATTERN.test(id)) throw notFound(id);
  const handle = client.workflow.getHandle(id);
  let found: Omit<FoundCase, 'role'>;
  try {
    const d = await client.withDeadline(Date.now() + QUERY_DEADLINE_MS, () => handle.describe());
    if (d.type !== 'caseWorkflow') throw notFound(id);
    const sa = d.typedSearchAttributes;
    found = {
      id,
      handle,
      running: d.status.name === 'RUNNING',
      stage: sa.get(PathwayStage),
      office: sa.get(HskOffice),
      municipality: municipalityOf(id, sa.get(Municipality)),
    };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw notFound(id);
    temporalTrouble(err);
  }
  const role = actingRole(user, allowed, found);
  if (!role) throw notFound(id);
  return { ...found, role };
}

/**
 * Reads a case's view through its query, for a caller who reaches it in one of `allowed` roles;
 * unknown and not-yours (another municipality, another office) are the same 404.
 */
export async function loadView(
  client: Client,
  id: string,
  user: User,
  allowed: readonly Role[],
): Promise<CaseView> {
  if (!CASE_ID_PATTERN.test(id)) throw notFound(id);
  let view: CaseView;
  try {
    view = await client.withDeadline(Date.now() + QUERY_DEADLINE_MS, () => readCase(client, id));
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw notFound(id);
    temporalTrouble(err);
  }
  if (!actingRole(user, allowed, view)) throw notFound(id);
  return view;
}

function stageText(stage: string | undefined): string {
  return stage && stage in STAGE_LABELS ? `${stage} (${STAGE_LABELS[stage as Stage]})` : (stage ?? 'unknown');
}

/** What the workflow's validator sent with its refusal (domain/pathway's RejectionDetails). */
function detailsOf(failure: ApplicationFailure): RejectionDetails {
  const d = failure.details?.[0];
  if (typeof d !== 'object' || d === null) return {};
  const { stage, expects, path } = d as Record<string, unknown>;
  return {
    ...(typeof stage === 'string' ? { stage: stage as Stage } : {}),
    ...(typeof expects === 'string' ? { expects } : {}),
    ...(typeof path === 'string' ? { path } : {}),
  };
}

export function wrongStage(stage: string | undefined, expects: string, detail?: string): ProblemError {
  return new ProblemError(
    409,
    'The event does not fit the case’s stage',
    detail ?? `the case is in stage ${stageText(stage)}; it expects ${expects}`,
    { stage: stage ?? null, expects },
  );
}

/**
 * Sends an event as a workflow update and returns the update's result. A validator's refusal
 * becomes 409 with the stage and what it expects; nothing is changed then.
 */
export async function sendUpdate<Ret, Args extends [unknown, ...unknown[]]>(
  client: Client,
  found: FoundCase,
  def: UpdateDefinition<Ret, Args>,
  args: Args,
  updateId?: string,
): Promise<Ret> {
  if (!found.running) {
    throw wrongStage(
      found.stage,
      'nothing more: the case has ended',
      `the case has ended (stage ${stageText(found.stage)})`,
    );
  }
  try {
    return await client.withDeadline(Date.now() + UPDATE_DEADLINE_MS, () =>
      found.handle.executeUpdate(def, { args, ...(updateId ? { updateId } : {}) }),
    );
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      const cause = err.cause;
      if (cause instanceof ApplicationFailure) {
        const details = detailsOf(cause);
        if (cause.type === WRONG_STAGE) {
          return Promise.reject(wrongStage(details.stage ?? found.stage, details.expects ?? cause.message));
        }
        if (cause.message.startsWith('No registered handler for update')) {
          return Promise.reject(
            wrongStage(found.stage, 'another event: this case does not take this one at its stage'),
          );
        }
        if (cause.type === UNKNOWN_REFERENCE) {
          // The event names an offer, risk or incident the case does not have.
          return Promise.reject(new ProblemError(404, 'Not found', cause.message));
        }
        if (cause.type === INVALID_EVENT) {
          // A field the schema cannot judge alone (a date before the move-in, say); the details name it.
          const path = details.path ?? '(body)';
          const message = cause.message.startsWith(`${path}: `)
            ? cause.message.slice(path.length + 2)
            : cause.message;
          return Promise.reject(
            new ProblemError(400, 'The event is not valid for this case', cause.message, {
              errors: [{ path, message }],
            }),
          );
        }
        // Any other refusal by the workflow: the event does not fit the case as it stands.
        return Promise.reject(
          new ProblemError(409, 'The case refused the event', cause.message, {
            stage: details.stage ?? found.stage ?? null,
            expects: details.expects ?? cause.message,
          }),
        );
      }
    }
    if (err instanceof WorkflowNotFoundError) {
      // Described a moment ago, and the run it reached has closed since. Either the case ended in
      // between, or its run was replaced (the worker's doctor set it back, or it continued as
      // new) while the event was on its way: then the case lives on and the event must be sent
      // again (the same update ID; the case applies it once). Found by the chaos run as a 409
      // "the case has ended" for a case in follow-up.
      if (await stillRunning(found)) {
        throw new ProblemError(
          503,
          'The case did not answer',
          'the case was being set right while the event was on its way; try again with the same Idempotency-Key',
        );
      }
      throw wrongStage(found.stage, 'nothing more: the case has ended');
    }
    temporalTrouble(err);
  }
}

/** Whether the case's newest run is running (a run replaced under an update leaves a new one). */
async function stillRunning(found: FoundCase): Promise<boolean> {
  try {
    const d = await found.handle.describe();
    return d.status.name === 'RUNNING';
  } catch (err) {
    // Gone for good: ended. Temporal away: say so (503), not that the case ended.
    if (err instanceof WorkflowNotFoundError) return false;
    return true;
  }
}
