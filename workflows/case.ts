/**
 * The case workflow: one per referral, from innsøking to exit, for as many years as follow-up
 * lasts. A thin shell around the pure pathway rules in domain/pathway/:
 *
 * - Every human decision is an update whose validator runs the event's `check` (a rejection is
 *   an ApplicationFailure of type WrongStage / InvalidEvent / UnknownReference naming the stage
 *   and what it expects, and changes nothing) and whose handler runs its `apply`.
 * - ONE scheduler loop sends every reminder and escalation that is due, then sleeps until the
 *   next one or until something changes (`condition(changed, until)`).
 * - Calls to outside systems go through an outbox with one lane per system. A call that fails
 *   past its retry policy (or is refused as invalid) opens an incident and holds only its lane
 *   until an administrator retries it; timers and the other systems go on. The workflow itself
 *   never fails because of an outside system.
 * - Before history grows large the workflow continues as new, carrying the whole state.
 *
 * Policy: a case keeps the policy snapshot it started with (CaseInput.policy). Deadlines already
 * promised to people — "the team lead is reminded on day 14" — must not move because someone
 * edited a profile, and a replayed history must compute the same instants. Addresses are not in
 * the snapshot: the email activity resolves them when it sends, so a new team lead gets the next
 * reminder. An administrator may move a case to a newer policy explicitly (`adoptPolicy`).
 */
import {
  ActivityCancellationType,
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  currentUpdateInfo,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair, UpdateDefinition } from '@temporalio/common';
import type { PathwayActivities } from '../activities/types';
import type { CaseInput, CaseView, EventReceipt } from '../domain/case';
import { mayTell } from '../domain/consent';
import { inputProblem } from '../domain/input-rules';
import * as pathway from '../domain/pathway';
import type { CaseState, OutboxItem, OutboxResult, OutboxSystem, Rejection } from '../domain/pathway';
import { appealWindowFor, type PolicySnapshot } from '../domain/policy';
import { RECORDS_KEPT } from '../domain/limits';
import { isTerminal } from '../domain/stages';
import { STEP_NAMES, STEPS, type StepName } from '../domain/steps';
import type { Actor, DecisionEvent } from '../domain/types';
import {
  adoptPolicyUpdate,
  getCaseQuery,
  placeGrantedSignal,
  retryIncidentUpdate,
  STEP_UPDATES,
  waitlistPositionSignal,
  type Reported,
} from './messages';
import { personIndexer } from './person-index';
import {
  ExitReason,
  HasIncident,
  HousingStatus,
  HskOffice,
  MovedInAt,
  Municipality,
  NextDueAt,
  PathwayStage,
  ReferredAt,
} from './search-attributes';
import { runActivationsAsOneBatch } from './one-batch';

/**
 * Calls to the municipal systems: retried for about three hours, then an incident. A call the
 * workflow lets go of (a drain before continue-as-new, see below) is abandoned, not cancelled:
 * the run that scheduled it is about to close, which ends its retries on the server, and the
 * next run calls again with the same idempotency key.
 */
const systems = proxyActivities<PathwayActivities>({
  startToCloseTimeout: '1 minute',
  cancellationType: ActivityCancellationType.ABANDON,
  retry: {
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    maximumAttempts: 20,
  },
});

/** Watching a letter until it is delivered (digital mail is read, or printed and posted). */
const delivery = proxyActivities<PathwayActivities>({
  startToCloseTimeout: '1 minute',
  cancellationType: ActivityCancellationType.ABANDON,
  scheduleToCloseTimeout: '14 days',
  retry: { initialInterval: '1 minute', backoffCoefficient: 2, maximumInterval: '1 hour' },
});

/** How soon the scheduler looks again at a wake instant already past (see `untilWake`). */
const PAST_WAKE_RETRY_MS = 60_000;

/** The workflow checks a decision's review date and a lease's move-in order (domain/pathway Rules). */
export const PATCH_DATES_IN_ORDER = 'dates-in-order';

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

/**
 * Behaviour changes since the first recorded histories. Each is decided once per run, at its
 * start, with `patched()`: a run recorded before the change replays the old way, every new run
 * (including each continue-as-new of an old case) takes the new one. See README, "Years of life".
 */
/** Updates answer with a receipt, not the whole view. */
export const PATCH_COMPACT_RESULTS = 'compact-update-results';
/** Continue-as-new does not wait for long waits (letter delivery) nor a failing system's retries. */
export const PATCH_QUICK_DRAIN = 'drain-without-long-waits';

/** The pathway rules follow version 2 (see RulesVersion in domain/pathway/tasks.ts). */
export const PATCH_RULES_2 = 'pathway-rules-2';
/** A case waiting for a place is reviewed on a cadence and asks the coordinator (domain/pathway/waiting.ts). */
export const PATCH_WAITING_REVIEW = 'waiting-review';

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

/** A reminder of an HF-team task goes to the named follow-up worker, the team lead in copy (domain/team.ts). */
export const PATCH_TASKS_TO_WORKER = 'tasks-to-named-worker';

/** A delivered decision's appeal window is a task on the case until it closes (pathway/appeals.ts). */
export const PATCH_APPEAL_WINDOWS = 'appeal-windows';

/** One applied update: its ID and the receipt it answered. */
export interface AppliedUpdate {
  id: string;
  result: unknown;
}

/** The second argument: absent when a case starts; the whole state when it continues as new. */
export interface CaseContinuation {
  state?: CaseState;
  limits?: Partial<CaseRunLimits>;
  /** Updates applied in earlier runs, oldest first: a repeated update ID is answered, not applied. */
  applied?: AppliedUpdate[];
}

/** A step's rule as the workflow runs it: its check (in the validator) and its apply. */
interface StepRule {
  check: (s: CaseState, e: unknown, now: Date, rules: pathway.Rules) => Rejection | undefined;
  apply: (s: CaseState, actor: Actor, e: unknown, now: Date) => object | void;
}

export async function caseWorkflow(input: CaseInput, carried: CaseContinuation = {}): Promise<CaseView> {
  runActivationsAsOneBatch();
  const state: CaseState = carried.state ?? pathway.startCase(input, new Date());
  const limits: CaseRunLimits = { ...DEFAULT_LIMITS, ...carried.limits };
  const rules: pathway.RulesVersion = patched(PATCH_RULES_2) ? 2 : 1;
  const settleIncidents = patched(PATCH_MOOT_INCIDENTS);
  const trimRecords = patched(PATCH_TRIM_RECORDS);
  const decisionLetters = patched(PATCH_DECISION_LETTERS);
  const endLeases = patched(PATCH_END_LEASES);
  const appealWindows = patched(PATCH_APPEAL_WINDOWS);
  const toWorker = patched(PATCH_TASKS_TO_WORKER);
  let changed = false;
  let messagesThisRun = 0;
  let draining = false;
  const touched = () => {
    changed = true;
    messagesThisRun++;
  };

  // Checks added while cases were running take effect from a run's start: a run that began
  // before them (and is replayed) keeps the rules it began with.
  const checkRules: pathway.Rules = { datesInOrder: patched(PATCH_DATES_IN_ORDER) };

  // --- Reading ------------------------------------------------------------------------------
  setHandler(getCaseQuery, () => pathway.toView(state));

  // --- Human decisions: updates with validators ---------------------------------------------
  // Answers are receipts, not the whole view: every answer is written into the history, and a
  // view of up to 500 timeline entries per update made a two-year case write megabytes.
  const compactResults = patched(PATCH_COMPACT_RESULTS);
  // Updates applied in this run and the runs before, by update ID, with their answers. Temporal
  // deduplicates an update ID within a run only; after continue-as-new a client's retry (the
  // API retries with the same ID after a timeout or a crash) would be applied a second time.
  const applied = new Map<string, unknown>((carried.applied ?? []).map((a) => [a.id, a.result]));
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
      while (applied.size > limits.appliedUpdates) applied.delete(applied.keys().next().value!);
    }
    return answer;
  }

  /** A step of the pathway (domain/steps/) as an update: its check validates, its apply handles. */
  function on<N extends StepName>(name: N, rule?: StepRule) {
    // The step's event and answer are the update's (workflows/messages.ts types them per step).
    const step = rule ?? (STEPS[name] as unknown as StepRule);
    setHandler(
      STEP_UPDATES[name] as unknown as UpdateDefinition<unknown, [Reported<unknown>]>,
      ({ actor, event }) =>
        once(() => {
          const own = step.apply(state, actor, event, new Date());
          return compactResults ? (own ?? {}) : (own ?? pathway.toView(state));
        }),
      {
        // Validators run when an update arrives, never on replay (their refusals leave no history;
        // test/workflow/*.test.ts try them).
        validator: /* istanbul ignore next */ (arg) => {
          if (repeated()) return; // answered from the ledger, whatever the stage is now
          refuse(wellFormed(arg) ?? step.check(state, arg.event, new Date(), checkRules));
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
      check: pathway.checkReviewWithLetters(decisionLetters) as StepRule['check'],
      apply: (decisionLetters ? pathway.applyReviewWithLetters : STEPS.review.apply) as StepRule['apply'],
    },
    exit: {
      check: pathway.checkExitWithLetters(decisionLetters) as StepRule['check'],
      apply: (decisionLetters ? pathway.applyExitWithLetters : STEPS.exit.apply) as StepRule['apply'],
    },
  };
  for (const name of STEP_NAMES) on(name, withLetters[name]);

  setHandler(
    retryIncidentUpdate as UpdateDefinition<unknown, [{ actor: Actor; incidentId: string }]>,
    ({ actor, incidentId }) =>
      once(() => {
        pathway.applyRetryIncident(state, actor, { incidentId }, new Date());
        return compactResults ? {} : pathway.toView(state);
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
  setHandler(
    adoptPolicyUpdate as UpdateDefinition<unknown, [{ actor: Actor; policy: PolicySnapshot }]>,
    ({ actor, policy }) =>
      once(() => {
        pathway.applyAdoptPolicy(state, actor, policy, new Date());
        return compactResults ? {} : pathway.toView(state);
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

  // --- From the places coordinator ----------------------------------------------------------
  setHandler(placeGrantedSignal, () => {
    pathway.applyPlaceGranted(state, new Date());
    touched();
  });
  setHandler(waitlistPositionSignal, (arg) => {
    if (isRecord(arg) && typeof arg.position === 'number') {
      const before = state.place?.position;
      pathway.applyWaitlistPosition(state, arg.position, new Date());
      if (decisionLetters) pathway.interimReply(state, new Date(), before);
    }
    touched();
  });

  // --- Outbox lanes: one per outside system -------------------------------------------------
  // Before the quick drain, continue-as-new waited for every lane, a letter's 14-day delivery
  // watch included, and no reminder or alert went out meanwhile. Now a call under way runs in its
  // own scope the drain can let go of: the item stays first in its lane and the next run calls
  // again (every call is idempotent by its key; a delivery watch just polls again).
  const quickDrain = patched(PATCH_QUICK_DRAIN);
  const waitingReviews = patched(PATCH_WAITING_REVIEW);
  const underWay = new Map<OutboxSystem, { scope: CancellationScope; long: boolean }>();

  async function runLane(system: OutboxSystem): Promise<void> {
    for (;;) {
      await condition(() => draining || pathway.runnable(state, system) !== undefined);
      if (draining) return;
      const item = pathway.runnable(state, system)!;
      try {
        let result: OutboxResult;
        if (quickDrain) {
          const scope = new CancellationScope();
          underWay.set(system, { scope, long: item.op === 'await' });
          try {
            result = await scope.run(() => execute(item));
          } finally {
            underWay.delete(system);
          }
        } else {
          result = await execute(item);
        }
        pathway.completeItem(state, item, result, new Date());
      } catch (err) {
        if (isCancellation(err)) {
          // Only a drain cancels a call; the else is a cancellation of the whole case, which
          // nothing sends (cases end by exit or withdrawal).
          /* istanbul ignore else */
          if (quickDrain && draining) return; // let go for the next run; the item stays queued
          throw err;
        }
        if (settleIncidents && !pathway.isQueued(state, item)) {
          pathway.forgetDroppedFailure(state, item, new Date());
        } else {
          pathway.failItem(state, item, failureText(err), new Date());
        }
      }
      changed = true;
    }
  }

  /** Lets every lane stop: long waits at once, a call under way after the grace. */
  async function drain(): Promise<void> {
    draining = true;
    if (!quickDrain) {
      await Promise.all(lanes);
      return;
    }
    for (const call of underWay.values()) if (call.long) call.scope.cancel();
    let stopped = false;
    const all = Promise.all(lanes).then(() => {
      stopped = true;
    });
    if (!(await condition(() => stopped, limits.drainGraceMs))) {
      for (const call of underWay.values()) call.scope.cancel();
    }
    await all;
  }

  async function execute(item: OutboxItem): Promise<OutboxResult> {
    const base = { caseId: state.caseId, municipality: state.municipality };
    switch (item.op) {
      case 'notify':
        if (item.system === 'parties') {
          // Consent is checked again when the message leaves, not only when it was queued. (A
          // guard: a consent change already drops the party's queued items, applyConsentScope.)
          /* istanbul ignore if */
          if (!mayTell(state.consent.scope, item.party)) return {};
          await systems.notifyParty({
            ...base,
            purpose: item.purpose,
            party: item.party,
            event: item.event,
            date: item.date,
            person: state.person,
            consentScope: [...state.consent.scope],
          });
          return {};
        }
        await systems.sendNotification({ ...base, ...item.message });
        return {};
      case 'case-file':
        return systems.archiveCaseFile({
          ...base,
          office: state.office,
          person: state.person,
          referredAt: state.referredAt,
        });
      case 'journal': {
        // A guard: the archive lane runs in order, so the case file is made before any entry.
        /* istanbul ignore if */
        if (!state.caseFileId) throw ApplicationFailure.nonRetryable('no case file in the archive yet');
        return systems.archiveJournalEntry({
          ...base,
          purpose: item.purpose,
          caseFileId: state.caseFileId,
          kind: item.kind,
          date: item.date,
          person: state.person,
          title: item.title,
          content: item.content,
          // The decision's entry keeps the letter itself (activity input only; replays unchanged).
          letter:
            item.letterNo !== undefined
              ? { ...letterFields(state.letters[item.letterNo], item.queuedAt), date: item.date }
              : decisionLetterFor(item.kind, item.decisionNo, item.queuedAt),
        });
      }
      case 'send': {
        const letter = state.letters[item.letterNo];
        return systems.sendLetter({
          ...base,
          ...letterFields(letter, item.queuedAt),
          person: state.person,
          date: letter.date,
          key: letter.attempt > 1 ? `${letter.key}#resend-${letter.attempt}` : letter.key,
        });
      }
      case 'await': {
        const letter = state.letters[item.letterNo];
        const status = await delivery.awaitLetterDelivery({
          caseId: state.caseId,
          forsendelseId: letter.forsendelseId!,
        });
        return { letter: status };
      }
      case 'register-decision':
        return systems.registerDecision({
          ...base,
          person: state.person,
          decision: decisionEvent(item.decisionNo),
          key: pathway.decisionKey(item.decisionNo),
        });
      case 'reserve':
        return systems.reserveUnit({ ...base, unitId: item.unitId });
      case 'lease':
        return systems.registerLease({
          ...base,
          unitId: item.unitId,
          signedDate: item.signedDate,
          moveInDate: item.moveInDate,
          person: state.person,
        });
      case 'end-lease':
        await systems.endLease({
          ...base,
          unitId: item.unitId,
          signedDate: item.signedDate,
          endDate: item.endDate,
          reason: item.reason,
        });
        return {};
      case 'request':
        await systems.requestPlace({ ...base, existing: item.existing });
        return {};
      case 'release':
        await systems.releasePlace(base);
        return {};
      case 'confirm':
        return { place: await systems.confirmPlace(base) };
    }
  }

  /**
   * What a letter says, as the letter activity and the archive's copy both need it: a revised
   * decision's letter names the one it replaces; the appeal window is the case's own; the letter
   * is dated by the moment it was queued. Activity input only: replays are unchanged.
   */
  function letterFields(letter: (typeof state.letters)[number], issuedAt: string) {
    return {
      purpose: letter.purpose,
      office: state.office,
      decision: letter.decisionNo ? decisionEvent(letter.decisionNo) : undefined,
      previousDecision:
        letter.decisionNo && letter.decisionNo > 1 ? decisionEvent(letter.decisionNo - 1) : undefined,
      appealWindow: appealWindowFor(state.policy, letter.purpose),
      issuedAt,
      facts: letter.facts,
    };
  }

  function decisionLetterFor(kind: string, decisionNo: number | undefined, queuedAt: string) {
    if (kind !== 'decision' || !decisionNo) return undefined;
    const letter = state.letters.find((l) => l.purpose === 'decision' && l.decisionNo === decisionNo);
    // The decision's letter is queued with its journal entry (applyDecision), so it is found.
    return letter
      ? { ...letterFields(letter, queuedAt), date: letter.date }
      : /* istanbul ignore next */ undefined;
  }

  function decisionEvent(no: number): DecisionEvent {
    const d = state.decisions.find((x) => x.no === no)!;
    return {
      services: d.services.map((s) => ({ ...s })),
      date: d.date,
      reviewBy: d.reviewBy,
      reasons: d.reasons,
      decidedBy: d.decidedBy && { ...d.decidedBy },
    };
  }

  const lanes = pathway.OUTBOX_SYSTEMS.map((system) => runLane(system));
  const indexPerson = personIndexer(state.caseId, () => state.person);

  // --- Search attributes: current, never personal -------------------------------------------
  // A run continued from another may carry attributes of the run before: it sets every one once.
  let published: Record<string, string> | undefined = carried.state ? undefined : {};
  function publish() {
    const a = pathway.attributesOf(state);
    const next: Record<string, { value: unknown; update: () => SearchAttributeUpdatePair }> = {
      stage: { value: a.stage, update: () => ({ key: PathwayStage, value: a.stage }) },
      office: { value: a.office, update: () => ({ key: HskOffice, value: a.office }) },
      municipality: { value: a.municipality, update: () => ({ key: Municipality, value: a.municipality }) },
      nextDueAt: {
        value: a.nextDueAt?.toISOString() ?? null,
        update: () => ({ key: NextDueAt, value: a.nextDueAt }),
      },
      hasIncident: { value: a.hasIncident, update: () => ({ key: HasIncident, value: a.hasIncident }) },
      referredAt: {
        value: a.referredAt.toISOString(),
        update: () => ({ key: ReferredAt, value: a.referredAt }),
      },
      movedInAt: {
        value: a.movedInAt?.toISOString() ?? null,
        update: () => ({ key: MovedInAt, value: a.movedInAt }),
      },
      housingStatus: {
        value: a.housingStatus,
        update: () => ({ key: HousingStatus, value: a.housingStatus }),
      },
      exitReason: { value: a.exitReason, update: () => ({ key: ExitReason, value: a.exitReason }) },
    };
    // An empty value is upserted only to clear one set before (a first `null` would be stored).
    const updates = Object.entries(next)
      .filter(([k, v]) => !published || (published[k] ?? 'null') !== JSON.stringify(v.value))
      .map(([, v]) => v.update());
    if (updates.length === 0) return;
    upsertSearchAttributes(updates);
    published = Object.fromEntries(Object.entries(next).map(([k, v]) => [k, JSON.stringify(v.value)]));
  }

  const timeToContinue = () => {
    const info = workflowInfo();
    return (
      info.continueAsNewSuggested ||
      info.historyLength >= limits.historyEvents ||
      info.historySize >= limits.historyBytes ||
      messagesThisRun >= limits.messages
    );
  };

  // --- The scheduler ------------------------------------------------------------------------
  // An instant already past that fireDueSteps did not send is a fault in the rules: from
  // version 2 it is looked at again after a minute, not every millisecond.
  // (No history reaches the retry: it guards against a fault in the rules, which have none known.)
  const untilWake = (ms: number) =>
    rules >= 2 && ms <= 0 ? /* istanbul ignore next */ PAST_WAKE_RETRY_MS : Math.max(1, ms);
  for (;;) {
    const now = new Date();
    if (waitingReviews && pathway.reviewWaiting(state, now) && decisionLetters) {
      pathway.interimReplyAtReview(state, now);
    }
    if (endLeases) pathway.settleLeases(state, now);
    if (appealWindows) pathway.settleAppealWindows(state, now);
    pathway.fireDueSteps(state, now, toWorker);
    indexPerson();
    if (settleIncidents) pathway.settleIncidents(state, now);
    publish();
    if (isTerminal(state.stage) && state.outbox.length === 0) break;
    if (timeToContinue()) {
      await drain();
      await condition(allHandlersFinished);
      pathway.trimTimeline(state, limits.timelineEntries);
      if (trimRecords) pathway.trimRecords(state, limits.recordsKept);
      return continueAsNew<typeof caseWorkflow>(input, {
        state,
        limits: carried.limits,
        applied: [...applied].map(([id, result]) => ({ id, result })),
      });
    }
    const wake = pathway.earliest(
      pathway.nextWakeAt(state, now, rules),
      waitingReviews ? pathway.nextWaitingReviewAt(state) : undefined,
    );
    changed = false;
    const wakeUp = () => changed || timeToContinue();
    if (wake) await condition(wakeUp, untilWake(wake.getTime() - Date.now()));
    else await condition(wakeUp);
  }
  await condition(allHandlersFinished);
  return pathway.toView(state);
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

// --- Validation helpers ---------------------------------------------------------------------

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

/** What the incident shows (kept inside the encrypted state; emails name only the operation). */
function failureText(err: unknown): string {
  // A lane's failure is an activity's (with its cause) or a guard's ApplicationFailure (ignored above).
  const e = err instanceof ActivityFailure && err.cause ? err.cause : /* istanbul ignore next */ err;
  const text = e instanceof Error ? `${e.name}: ${e.message}` : /* istanbul ignore next */ String(e);
  return text.slice(0, 500);
}
