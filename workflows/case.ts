/**
 * The case workflow: one per referral, from innsøking to exit, for as many years as follow-up
 * lasts. A thin shell around the pure pathway rules in domain/pathway/:
 *
 * - Every human decision is an update whose validator runs the event's `check` (a rejection is
 *   an ApplicationFailure of type WrongStage / InvalidEvent / UnknownReference naming the stage
 *   and what it expects, and changes nothing) and whose handler runs its `apply`
 *   (case-updates.ts).
 * - ONE scheduler loop sends every reminder and escalation that is due, then sleeps until the
 *   next one or until something changes (`condition(changed, until)`).
 * - Calls to outside systems go through an outbox with one lane per system. A call that fails
 *   past its retry policy (or is refused as invalid) opens an incident and holds only its lane
 *   until an administrator retries it; timers and the other systems go on. The workflow itself
 *   never fails because of an outside system (case-outbox.ts, case-calls.ts).
 * - Before history grows large the workflow continues as new, carrying the whole state.
 * - Every behaviour change since the first recorded histories is decided once per run, at its
 *   start, with `patched()` (case-patches.ts).
 *
 * Policy: a case keeps the policy snapshot it started with (CaseInput.policy). Deadlines already
 * promised to people — "the team lead is reminded on day 14" — must not move because someone
 * edited a profile, and a replayed history must compute the same instants. Addresses are not in
 * the snapshot: the email activity resolves them when it sends, so a new team lead gets the next
 * reminder. An administrator may move a case to a newer policy explicitly (`adoptPolicy`).
 */
import { allHandlersFinished, condition, continueAsNew, workflowInfo } from '@temporalio/workflow';
import type { CaseInput, CaseView } from '../domain/case';
import * as pathway from '../domain/pathway';
import type { CaseState } from '../domain/pathway';
import { RECORDS_KEPT } from '../domain/limits';
import { isTerminal } from '../domain/stages';
import { attributePublisher } from './case-attributes';
import { runOutbox } from './case-outbox';
import { decidePatches, type CasePatches } from './case-patches';
import { takeMessages, type AppliedUpdate } from './case-updates';
import { runActivationsAsOneBatch } from './one-batch';
import { personIndexer } from './person-index';

/** How soon the scheduler looks again at a wake instant already past (see `untilWake`). */
const PAST_WAKE_RETRY_MS = 60_000;

/**
 * From patch `quiet-tasks-wake`, the longest the scheduler sleeps, when nothing is due (a ladder
 * that has run out). Every turn of the scheduler then restarts its timer, so no workflow task it
 * takes is quiet (writes no command). The SDK's core takes a quiet task that is followed at once
 * by an update's task as a task heartbeat, and, when it builds the case from its whole history,
 * runs the two in one activation, where a replay runs them apart: the scheduler and the outbox
 * lanes then wrote their commands in another order, and the case could not be replayed (the full
 * chaos run of 2026-12-02; test/workflow/quiet-tasks.test.ts).
 */
const LOOK_AGAIN_MS = 24 * 3_600_000;

export interface CaseRunLimits {
  /** Continue as new at this many history events (Temporal warns at 10,240). */
  historyEvents: number;
  /** … or at this history size in bytes (Temporal warns at 10 MB; every update returns the view). */
  historyBytes: number;
  /** … or after this many updates and signals in one run (at most 2,000 updates per history). */
  messages: number;
  /** Timeline entries carried to the next run (the archive's journal keeps everything). */
  timelineEntries: number;
  /** Applied update IDs (with their answers) carried to the next run, newest kept. */
  appliedUpdates: number;
  /** How long a drain before continue-as-new waits for a call already under way. */
  drainGraceMs: number;
  /** Old offers, risks, letters and decisions kept beyond those still needed (domain/limits.ts). */
  recordsKept: pathway.RecordsKept;
}

const DEFAULT_LIMITS: CaseRunLimits = {
  historyEvents: 8_000,
  historyBytes: 4_000_000,
  messages: 1_000,
  timelineEntries: 500,
  appliedUpdates: 200,
  drainGraceMs: 60_000,
  recordsKept: RECORDS_KEPT,
};

/** The second argument: absent when a case starts; the whole state when it continues as new. */
export interface CaseContinuation {
  state?: CaseState;
  limits?: Partial<CaseRunLimits>;
  /** Updates applied in earlier runs, oldest first: a repeated update ID is answered, not applied. */
  applied?: AppliedUpdate[];
}

export async function caseWorkflow(input: CaseInput, carried: CaseContinuation = {}): Promise<CaseView> {
  runActivationsAsOneBatch();
  const state: CaseState = carried.state ?? pathway.startCase(input, new Date());
  const limits: CaseRunLimits = { ...DEFAULT_LIMITS, ...carried.limits };
  const p = decidePatches();
  // Something changed (a message, an outside call done): the scheduler looks again.
  let changed = false;
  let messagesThisRun = 0;
  const messages = takeMessages(state, p, { carried: carried.applied, keep: limits.appliedUpdates }, () => {
    changed = true;
    messagesThisRun++;
  });
  const outbox = runOutbox(state, p, limits.drainGraceMs, () => {
    changed = true;
  });
  const indexPerson = personIndexer(state.caseId, () => state.person);
  const publish = attributePublisher(state, Boolean(carried.state));
  const timeToContinue = () => {
    const info = workflowInfo();
    return (
      info.continueAsNewSuggested ||
      info.historyLength >= limits.historyEvents ||
      info.historySize >= limits.historyBytes ||
      messagesThisRun >= limits.messages
    );
  };

  // The scheduler: ONE loop sends every reminder and escalation that is due, then sleeps until
  // the next one or until something changes.
  for (;;) {
    const now = new Date();
    settleDue(state, now, p);
    indexPerson();
    if (p.settleIncidents) pathway.settleIncidents(state, now);
    publish();
    if (isTerminal(state.stage) && state.outbox.length === 0) break;
    if (timeToContinue()) {
      await outbox.drain();
      await condition(allHandlersFinished);
      pathway.trimTimeline(state, limits.timelineEntries);
      if (p.trimRecords) pathway.trimRecords(state, limits.recordsKept);
      return continueAsNew<typeof caseWorkflow>(input, {
        state,
        limits: carried.limits,
        applied: messages.applied(),
      });
    }
    const wake =
      nextWake(state, now, p) ?? (p.alwaysWake ? new Date(now.getTime() + LOOK_AGAIN_MS) : undefined);
    changed = false;
    const wakeUp = () => changed || timeToContinue();
    if (wake) await condition(wakeUp, untilWake(p, wake.getTime() - Date.now()));
    else await condition(wakeUp);
  }
  await condition(allHandlersFinished);
  return pathway.toView(state);
}

/** What falls due with time: interim replies, leases and appeal windows that are over, reminders. */
function settleDue(state: CaseState, now: Date, p: CasePatches): void {
  if (p.waitingReviews && pathway.reviewWaiting(state, now) && p.decisionLetters) {
    pathway.interimReplyAtReview(state, now);
  }
  if (p.endLeases) pathway.settleLeases(state, now);
  if (p.appealWindows) pathway.settleAppealWindows(state, now);
  pathway.fireDueSteps(state, now, p.toWorker);
}

/** The next instant the scheduler has something to do, if any. */
function nextWake(state: CaseState, now: Date, p: CasePatches): Date | undefined {
  return pathway.earliest(
    pathway.nextWakeAt(state, now, p.rules),
    p.waitingReviews ? pathway.nextWaitingReviewAt(state) : undefined,
  );
}

/**
 * An instant already past that settleDue did not send is a fault in the rules: from version 2
 * it is looked at again after a minute, not every millisecond.
 * (No history reaches the retry: it guards against a fault in the rules, which have none known.)
 */
function untilWake(p: CasePatches, ms: number): number {
  return p.rules >= 2 && ms <= 0 ? /* istanbul ignore next */ PAST_WAKE_RETRY_MS : Math.max(1, ms);
}
