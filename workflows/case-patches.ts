/**
 * Behaviour changes of the case workflow since the first recorded histories. Each is decided once
 * per run, at its start, with `patched()`: a run recorded before the change replays the old way,
 * every new run (including each continue-as-new of an old case) takes the new one. See README,
 * "Years of life". Every ID is unique in the repository.
 */
import { patched } from '@temporalio/workflow';
import type { Rules, RulesVersion } from '../domain/pathway';

/** The pathway rules follow version 2 (see RulesVersion in domain/pathway/tasks.ts). */
export const PATCH_RULES_2 = 'pathway-rules-2';
/**
 * An incident whose call is no longer queued (dropped after a consent change, or a case that
 * ended) is closed as moot, and a call that fails after it was dropped opens none.
 */
export const PATCH_MOOT_INCIDENTS = 'incidents-close-when-moot';
/** Offers, risks, letters and decisions the rules no longer need are trimmed at continue-as-new. */
export const PATCH_TRIM_RECORDS = 'trim-case-records';
/**
 * Decisions where the law sees one (domain/pathway/decision-letters.ts): an ending of a granted
 * service and a refused place are decisions with reasons and appeal rights, an ending by the
 * person is confirmed in writing, and a person on the waiting list gets interim replies.
 */
export const PATCH_DECISION_LETTERS = 'decision-letters';
/** A lease that is over is ended in the housing system; an eviction closes moot action plans (lease-end.ts). */
export const PATCH_END_LEASES = 'end-leases';
/** A delivered decision's appeal window is a task on the case until it closes (pathway/appeals.ts). */
export const PATCH_APPEAL_WINDOWS = 'appeal-windows';
/** A reminder of an HF-team task goes to the named follow-up worker, the team lead in copy (domain/team.ts). */
export const PATCH_TASKS_TO_WORKER = 'tasks-to-named-worker';
/** The workflow checks a decision's review date and a lease's move-in order (domain/pathway Rules). */
export const PATCH_DATES_IN_ORDER = 'dates-in-order';
/** Updates answer with a receipt, not the whole view. */
export const PATCH_COMPACT_RESULTS = 'compact-update-results';
/** Continue-as-new does not wait for long waits (letter delivery) nor a failing system's retries. */
export const PATCH_QUICK_DRAIN = 'drain-without-long-waits';
/** A case waiting for a place is reviewed on a cadence and asks the coordinator (domain/pathway/waiting.ts). */
export const PATCH_WAITING_REVIEW = 'waiting-review';

/**
 * Updates that wait at a run's start (sent before its first task, or reapplied by a reset) are
 * taken in the order they came, not in the order their handlers are registered (case-updates.ts).
 */
export const PATCH_UPDATES_IN_ORDER = 'updates-in-arrival-order';

/**
 * A case always has a wake-up, at most a day away, so every task the scheduler takes writes a
 * command and none is quiet (workflows/case.ts, `LOOK_AGAIN_MS`).
 */
export const PATCH_QUIET_TASKS_WAKE = 'quiet-tasks-wake';

/**
 * The case's emails (reminders, escalations, incident notices) go to a task queue of their own
 * (`emailTaskQueue`, workflows/task-queues.ts), served by the worker's mail worker with its own
 * slots: a slow municipal system filled the shared activity slots and held reminders back.
 */
export const PATCH_EMAIL_QUEUE = 'email-own-queue';

/**
 * Each outside call of the outbox is scheduled with its item's ID as the activity ID, so a replay
 * that would take the items in another order fails loudly (and is set back) instead of applying
 * one call's answer to another item (workflows/case-calls.ts).
 */
export const PATCH_OUTBOX_CALL_IDS = 'outbox-call-ids';

/** What this run does, patch by patch. */
export interface CasePatches {
  rules: RulesVersion;
  settleIncidents: boolean;
  trimRecords: boolean;
  decisionLetters: boolean;
  endLeases: boolean;
  appealWindows: boolean;
  toWorker: boolean;
  /**
   * Checks added while cases were running take effect from a run's start: a run that began
   * before them (and is replayed) keeps the rules it began with.
   */
  checkRules: Rules;
  /**
   * Answers are receipts, not the whole view: every answer is written into the history, and a
   * view of up to 500 timeline entries per update made a two-year case write megabytes.
   */
  compactResults: boolean;
  quickDrain: boolean;
  waitingReviews: boolean;
  updatesInArrivalOrder: boolean;
  alwaysWake: boolean;
  emailQueue: boolean;
  /** Outbox calls carry their item's ID as the activity ID. */
  callIds: boolean;
}

/** Decides every patch of a run, in the order the runs before have recorded their markers. */
export function decidePatches(): CasePatches {
  const rules: RulesVersion = patched(PATCH_RULES_2) ? 2 : 1;
  const settleIncidents = patched(PATCH_MOOT_INCIDENTS);
  const trimRecords = patched(PATCH_TRIM_RECORDS);
  const decisionLetters = patched(PATCH_DECISION_LETTERS);
  const endLeases = patched(PATCH_END_LEASES);
  const appealWindows = patched(PATCH_APPEAL_WINDOWS);
  const toWorker = patched(PATCH_TASKS_TO_WORKER);
  const checkRules: Rules = { datesInOrder: patched(PATCH_DATES_IN_ORDER) };
  const compactResults = patched(PATCH_COMPACT_RESULTS);
  const quickDrain = patched(PATCH_QUICK_DRAIN);
  const waitingReviews = patched(PATCH_WAITING_REVIEW);
  const updatesInArrivalOrder = patched(PATCH_UPDATES_IN_ORDER);
  const alwaysWake = patched(PATCH_QUIET_TASKS_WAKE);
  const emailQueue = patched(PATCH_EMAIL_QUEUE);
  const callIds = patched(PATCH_OUTBOX_CALL_IDS);
  return {
    rules,
    settleIncidents,
    trimRecords,
    decisionLetters,
    endLeases,
    appealWindows,
    toWorker,
    checkRules,
    compactResults,
    quickDrain,
    waitingReviews,
    updatesInArrivalOrder,
    alwaysWake,
    emailQueue,
    callIds,
  };
}
