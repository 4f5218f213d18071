/**
 * What the case workflow takes from outside: every step of the pathway (domain/steps/) is an
 * update whose validator runs the step's `check` (a rejection is an ApplicationFailure of type
 * WrongStage / InvalidEvent / UnknownReference naming the stage and what it expects, and changes
 * nothing) and whose handler runs its `apply`; the administrator's updates; the places
 * coordinator's signals; the query that reads the case. Each update is applied once per update
 * ID, also across continue-as-new (the ledger of applied updates travels with the state).
 */
import {
  ApplicationFailure,
  currentUpdateInfo,
  setDefaultUpdateHandler,
  setHandler,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { EventReceipt } from '../domain/case';
import { inputProblem } from '../domain/input-rules';
import * as pathway from '../domain/pathway';
import type { CaseState, Rejection } from '../domain/pathway';
import type { PolicySnapshot } from '../domain/policy';
import { STEP_NAMES, STEPS, type StepName } from '../domain/steps';
import type { Actor } from '../domain/types';
import type { CasePatches } from './case-patches';
import {
  adoptPolicyUpdate,
  getCaseQuery,
  placeGrantedSignal,
  retryIncidentUpdate,
  STEP_UPDATES,
  waitlistPositionSignal,
  type Reported,
} from './messages';

/** One applied update: its ID and the receipt it answered. */
export interface AppliedUpdate {
  id: string;
  result: unknown;
}

/** A step's rule as the workflow runs it: its check (in the validator) and its apply. */
interface StepRule {
  check: (s: CaseState, e: unknown, now: Date, rules: pathway.Rules) => Rejection | undefined;
  apply: (s: CaseState, actor: Actor, e: unknown, now: Date) => object | void;
}

/**
 * Sets every handler of the case. `touched` is told of each message taken (the scheduler looks
 * again, and continue-as-new counts them); the answer gives the ledger to carry to the next run.
 */
export function takeMessages(
  state: CaseState,
  p: CasePatches,
  ledger: { carried: AppliedUpdate[] | undefined; keep: number },
  touched: () => void,
): { applied: () => AppliedUpdate[] } {
  setHandler(getCaseQuery, () => pathway.toView(state));
  const { repeated, once, applied } = updateLedger(state, p.compactResults, ledger, touched);
  // Every update handler, registered together at the end (see `registerInArrivalOrder`).
  const updates: UpdateRegistration[] = [];
  function onUpdate<A>(
    def: UpdateDefinition<unknown, [A]>,
    handler: (arg: A) => unknown,
    options: { validator: (arg: A) => void },
  ) {
    updates.push({ def, handler, validator: options.validator } as unknown as UpdateRegistration);
  }

  /** A step of the pathway as an update: its check validates, its apply handles. */
  function on<N extends StepName>(name: N, rule?: StepRule) {
    // The step's event and answer are the update's (workflows/messages.ts types them per step).
    const step = rule ?? (STEPS[name] as unknown as StepRule);
    onUpdate(
      STEP_UPDATES[name] as unknown as UpdateDefinition<unknown, [Reported<unknown>]>,
      ({ actor, event }) =>
        once(() => {
          const own = step.apply(state, actor, event, new Date());
          return p.compactResults ? (own ?? {}) : (own ?? pathway.toView(state));
        }),
      {
        // Validators run when an update arrives, never on replay (their refusals leave no history;
        // test/workflow/*.test.ts try them).
        validator: /* istanbul ignore next */ (arg) => {
          if (repeated()) return; // answered from the ledger, whatever the stage is now
          refuse(wellFormed(arg) ?? step.check(state, arg.event, new Date(), p.checkRules));
        },
      },
    );
  }

  // Every step is an update. Registering a handler writes no command, so a step added later (the
  // person's correction, the review of a wait) is not behind patched(): every recorded history
  // replays unchanged, and the runs that need a new step are those that began before it.
  // From `decision-letters` on, a refused place and an ending are decisions with their letters.
  const withLetters: Partial<Record<StepName, StepRule>> = {
    review: {
      check: pathway.checkReviewWithLetters(p.decisionLetters) as StepRule['check'],
      apply: (p.decisionLetters ? pathway.applyReviewWithLetters : STEPS.review.apply) as StepRule['apply'],
    },
    exit: {
      check: pathway.checkExitWithLetters(p.decisionLetters) as StepRule['check'],
      apply: (p.decisionLetters ? pathway.applyExitWithLetters : STEPS.exit.apply) as StepRule['apply'],
    },
  };
  for (const name of STEP_NAMES) on(name, withLetters[name]);

  onUpdate(
    retryIncidentUpdate as UpdateDefinition<unknown, [{ actor: Actor; incidentId: string }]>,
    ({ actor, incidentId }) =>
      once(() => {
        pathway.applyRetryIncident(state, actor, { incidentId }, new Date());
        return p.compactResults ? {} : pathway.toView(state);
      }),
    {
      // Validators run when an update arrives, never on replay (their refusals leave no history;
      // test/workflow/*.test.ts try them).
      validator: /* istanbul ignore next */ (arg) => {
        if (repeated()) return;
        refuse(
          isRecord(arg) && isRecord(arg.actor) && typeof arg.incidentId === 'string'
            ? pathway.checkRetryIncident(state, { incidentId: arg.incidentId }, new Date())
            : { type: 'InvalidEvent', message: 'expected { actor, incidentId }' },
        );
      },
    },
  );
  onUpdate(
    adoptPolicyUpdate as UpdateDefinition<unknown, [{ actor: Actor; policy: PolicySnapshot }]>,
    ({ actor, policy }) =>
      once(() => {
        pathway.applyAdoptPolicy(state, actor, policy, new Date());
        return p.compactResults ? {} : pathway.toView(state);
      }),
    {
      // Validators run when an update arrives, never on replay (their refusals leave no history;
      // test/workflow/*.test.ts try them).
      validator: /* istanbul ignore next */ (arg) => {
        if (repeated()) return;
        refuse(
          isRecord(arg) && isRecord(arg.actor) && isRecord(arg.policy)
            ? pathway.checkAdoptPolicy(state, arg.policy as unknown as PolicySnapshot, new Date())
            : { type: 'InvalidEvent', message: 'expected { actor, policy }' },
        );
      },
    },
  );

  registerInArrivalOrder(updates, p.updatesInArrivalOrder);

  // From the places coordinator.
  setHandler(placeGrantedSignal, () => {
    pathway.applyPlaceGranted(state, new Date());
    touched();
  });
  setHandler(waitlistPositionSignal, (arg) => {
    if (isRecord(arg) && typeof arg.position === 'number') {
      const before = state.place?.position;
      pathway.applyWaitlistPosition(state, arg.position, new Date());
      if (p.decisionLetters) pathway.interimReply(state, new Date(), before);
    }
    touched();
  });

  return { applied };
}

interface UpdateRegistration {
  def: UpdateDefinition<unknown, [never]>;
  handler: (arg: never) => unknown;
  validator: (arg: never) => void;
}

/**
 * Registers the case's update handlers. The SDK hands updates that wait at a run's start (sent
 * before its first task, or reapplied by a reset to it) to each handler as it is registered, so
 * in the order of registration, not of arrival: a second review that came after the mapping met
 * a case still in first-review and was refused (the full chaos run lost three accepted events that
 * way). From `updates-in-arrival-order` on, a default handler set first takes every waiting update
 * in the order it came, through the same validator (a refusal fails the update: the API answers
 * it as it answers a refusal) and handler; then the handlers are set and the default one removed.
 */
function registerInArrivalOrder(updates: UpdateRegistration[], inArrivalOrder: boolean) {
  if (inArrivalOrder) {
    const byName = new Map(updates.map((u) => [u.def.name, u]));
    setDefaultUpdateHandler((name, ...args) => {
      const u = byName.get(name);
      if (!u) throw ApplicationFailure.nonRetryable(`No registered handler for update: ${name}`);
      u.validator(args[0] as never);
      return u.handler(args[0] as never);
    });
  }
  for (const u of updates) setHandler(u.def, u.handler, { validator: u.validator });
  if (inArrivalOrder) setDefaultUpdateHandler(undefined);
}

/**
 * Updates applied in this run and the runs before, by update ID, with their answers. Temporal
 * deduplicates an update ID within a run only; after continue-as-new a client's retry (the API
 * retries with the same ID after a timeout or a crash) would be applied a second time.
 */
function updateLedger(
  state: CaseState,
  compactResults: boolean,
  ledger: { carried: AppliedUpdate[] | undefined; keep: number },
  touched: () => void,
) {
  const applied = new Map<string, unknown>((ledger.carried ?? []).map((a) => [a.id, a.result]));
  // (Replay coverage, test/workflow/replay.test.ts: code that no recorded history can run is
  // marked `istanbul ignore` with its reason; every other branch must have a history.)
  /* istanbul ignore next: validators run when an update arrives, never on replay (their refusals leave no history; test/workflow/*.test.ts try them) */
  const repeated = (): boolean => {
    const id = currentUpdateInfo()?.id;
    return id !== undefined && applied.has(id);
  };
  /** Runs an update's apply once per update ID; a repeat gets the first answer again. */
  function once<R>(apply: () => R): R | EventReceipt {
    const id = currentUpdateInfo()?.id;
    if (id !== undefined && applied.has(id)) return applied.get(id) as R;
    const result = apply();
    touched();
    const answer = compactResults ? { ...pathway.toReceipt(state), ...result } : result;
    /* istanbul ignore else: an update's handler always runs with its update's ID */
    if (id !== undefined) {
      applied.delete(id);
      // The ledger keeps receipts only: small enough to carry, whatever the run answered.
      applied.set(id, { ...pathway.toReceipt(state), ...(compactResults ? result : ownIds(result)) });
      while (applied.size > ledger.keep) applied.delete(applied.keys().next().value!);
    }
    return answer;
  }
  return {
    repeated,
    once,
    applied: (): AppliedUpdate[] => [...applied].map(([id, result]) => ({ id, result })),
  };
}

/** The IDs an event created (an offer, a risk), from an answer of either shape. */
function ownIds(result: unknown): Record<string, string> {
  const ids: Record<string, string> = {};
  // Every answer is an object (the event's own result or the view); the test is a guard.
  /* istanbul ignore else */
  if (isRecord(result)) {
    for (const k of ['offerId', 'riskId'] as const) if (typeof result[k] === 'string') ids[k] = result[k];
  }
  return ids;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An update's argument must be `{ actor, event }` with objects in both. */
/* istanbul ignore next: validators run when an update arrives, never on replay (their refusals leave no history; test/workflow/*.test.ts try them) */
function wellFormed(arg: unknown): Rejection | undefined {
  if (!isRecord(arg) || !isRecord(arg.actor) || typeof arg.actor.id !== 'string') {
    return { type: 'InvalidEvent', message: 'actor: expected { id, role }', details: { path: 'actor' } };
  }
  if (!isRecord(arg.event)) {
    return { type: 'InvalidEvent', message: 'event: expected an object', details: { path: 'event' } };
  }
  // Dates within 1900–2100 and text without control characters, whoever sent the update: the
  // workflow must never take input that later makes its own tasks throw. (A validator, so no
  // history changes: refused updates are not recorded.)
  const problem = inputProblem(arg.event);
  if (problem) {
    return {
      type: 'InvalidEvent',
      message: `${problem.path}: ${problem.message}`,
      details: { path: problem.path },
    };
  }
  return undefined;
}

/* istanbul ignore next: validators run when an update arrives, never on replay (their refusals leave no history; test/workflow/*.test.ts try them) */
function refuse(rejection: Rejection | undefined): void {
  if (rejection) {
    // A rejected update leaves no history, so the details change nothing a replay reads.
    throw ApplicationFailure.create({
      type: rejection.type,
      message: rejection.message,
      nonRetryable: true,
      details: rejection.details ? [rejection.details] : undefined,
    });
  }
}
