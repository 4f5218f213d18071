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
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair, UpdateDefinition } from '@temporalio/common';
import type { PathwayActivities } from '../activities/types';
import type { CaseInput, CaseView } from '../domain/case';
import { mayTell } from '../domain/consent';
import * as pathway from '../domain/pathway';
import type { CaseState, OutboxItem, OutboxResult, OutboxSystem, Rejection } from '../domain/pathway';
import type { PolicySnapshot } from '../domain/policy';
import { isTerminal } from '../domain/stages';
import type { Actor, DecisionEvent } from '../domain/types';
import {
  actionPlanUpdate,
  adoptPolicyUpdate,
  consentScopeUpdate,
  consentWithdrawalUpdate,
  contactUpdate,
  decisionUpdate,
  evaluationUpdate,
  evictionRiskUpdate,
  exitUpdate,
  getCaseQuery,
  housingLostUpdate,
  housingOfferUpdate,
  informedUpdate,
  leaseUpdate,
  mappingUpdate,
  moveInUpdate,
  offerResponseUpdate,
  placeGrantedSignal,
  plansUpdate,
  retryIncidentUpdate,
  reviewUpdate,
  waitlistPositionSignal,
  type Reported,
} from './messages';
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

/** Calls to the municipal systems: retried for about three hours, then an incident. */
const systems = proxyActivities<PathwayActivities>({
  startToCloseTimeout: '1 minute',
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
  scheduleToCloseTimeout: '14 days',
  retry: { initialInterval: '1 minute', backoffCoefficient: 2, maximumInterval: '1 hour' },
});

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
}

const DEFAULT_LIMITS: CaseRunLimits = {
  historyEvents: 8_000,
  historyBytes: 4_000_000,
  messages: 1_000,
  timelineEntries: 500,
};

/** The second argument: absent when a case starts; the whole state when it continues as new. */
export interface CaseContinuation {
  state?: CaseState;
  limits?: Partial<CaseRunLimits>;
}

export async function caseWorkflow(input: CaseInput, carried: CaseContinuation = {}): Promise<CaseView> {
  const state: CaseState = carried.state ?? pathway.startCase(input, new Date());
  const limits: CaseRunLimits = { ...DEFAULT_LIMITS, ...carried.limits };
  let changed = false;
  let messagesThisRun = 0;
  let draining = false;
  const touched = () => {
    changed = true;
    messagesThisRun++;
  };

  // Checks added while cases were running take effect from a run's start: a run that began
  // before them (and is replayed) keeps the rules it began with.
  const rules: pathway.Rules = { datesInOrder: patched(PATCH_DATES_IN_ORDER) };

  // --- Reading ------------------------------------------------------------------------------
  setHandler(getCaseQuery, () => pathway.toView(state));

  // --- Human decisions: updates with validators ---------------------------------------------
  function on<E, R>(
    def: UpdateDefinition<R, [Reported<E>]>,
    check: (s: CaseState, e: E, now: Date, rules: pathway.Rules) => Rejection | undefined,
    apply: (s: CaseState, actor: Actor, e: E, now: Date) => R,
  ) {
    setHandler(
      def,
      ({ actor, event }) => {
        const result = apply(state, actor, event, new Date());
        touched();
        return result;
      },
      { validator: (arg) => refuse(wellFormed(arg) ?? check(state, arg.event, new Date(), rules)) },
    );
  }
  const thenView =
    <E>(apply: (s: CaseState, a: Actor, e: E, now: Date) => void) =>
    (s: CaseState, a: Actor, e: E, now: Date): CaseView => {
      apply(s, a, e, now);
      return pathway.toView(s);
    };

  on(reviewUpdate, pathway.checkReview, thenView(pathway.applyReview));
  on(informedUpdate, pathway.checkInformed, thenView(pathway.applyInformed));
  on(mappingUpdate, pathway.checkMapping, thenView(pathway.applyMapping));
  on(decisionUpdate, pathway.checkDecision, thenView(pathway.applyDecision));
  on(housingOfferUpdate, pathway.checkHousingOffer, pathway.applyHousingOffer);
  on(offerResponseUpdate, pathway.checkOfferResponse, thenView(pathway.applyOfferResponse));
  on(leaseUpdate, pathway.checkLease, thenView(pathway.applyLease));
  on(moveInUpdate, pathway.checkMoveIn, thenView(pathway.applyMoveIn));
  on(plansUpdate, pathway.checkPlans, thenView(pathway.applyPlans));
  on(contactUpdate, pathway.checkContact, thenView(pathway.applyContact));
  on(evaluationUpdate, pathway.checkEvaluation, thenView(pathway.applyEvaluation));
  on(evictionRiskUpdate, pathway.checkEvictionRisk, pathway.applyEvictionRisk);
  on(actionPlanUpdate, pathway.checkActionPlan, thenView(pathway.applyActionPlan));
  on(housingLostUpdate, pathway.checkHousingLost, thenView(pathway.applyHousingLost));
  on(exitUpdate, pathway.checkExit, thenView(pathway.applyExit));
  on(consentWithdrawalUpdate, pathway.checkConsentWithdrawal, thenView(pathway.applyConsentWithdrawal));
  on(consentScopeUpdate, pathway.checkConsentScope, thenView(pathway.applyConsentScope));

  setHandler(
    retryIncidentUpdate,
    ({ actor, incidentId }) => {
      pathway.applyRetryIncident(state, actor, { incidentId }, new Date());
      touched();
      return pathway.toView(state);
    },
    {
      validator: (arg) =>
        refuse(
          isRecord(arg) && isRecord(arg.actor) && typeof arg.incidentId === 'string'
            ? pathway.checkRetryIncident(state, { incidentId: arg.incidentId }, new Date())
            : { type: 'InvalidEvent', message: 'expected { actor, incidentId }' },
        ),
    },
  );
  setHandler(
    adoptPolicyUpdate,
    ({ actor, policy }) => {
      pathway.applyAdoptPolicy(state, actor, policy, new Date());
      touched();
      return pathway.toView(state);
    },
    {
      validator: (arg) =>
        refuse(
          isRecord(arg) && isRecord(arg.actor) && isRecord(arg.policy)
            ? pathway.checkAdoptPolicy(state, arg.policy as unknown as PolicySnapshot, new Date())
            : { type: 'InvalidEvent', message: 'expected { actor, policy }' },
        ),
    },
  );

  // --- From the places coordinator ----------------------------------------------------------
  setHandler(placeGrantedSignal, () => {
    pathway.applyPlaceGranted(state, new Date());
    touched();
  });
  setHandler(waitlistPositionSignal, (arg) => {
    if (isRecord(arg) && typeof arg.position === 'number') {
      pathway.applyWaitlistPosition(state, arg.position, new Date());
    }
    touched();
  });

  // --- Outbox lanes: one per outside system -------------------------------------------------
  async function runLane(system: OutboxSystem): Promise<void> {
    for (;;) {
      await condition(() => draining || pathway.runnable(state, system) !== undefined);
      if (draining) return;
      const item = pathway.runnable(state, system)!;
      try {
        const result = await execute(item);
        pathway.completeItem(state, item, result, new Date());
      } catch (err) {
        if (isCancellation(err)) throw err;
        pathway.failItem(state, item, failureText(err), new Date());
      }
      changed = true;
    }
  }

  async function execute(item: OutboxItem): Promise<OutboxResult> {
    const base = { caseId: state.caseId, municipality: state.municipality };
    switch (item.op) {
      case 'notify':
        if (item.system === 'parties') {
          // Consent is checked again when the message leaves, not only when it was queued.
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
        });
      }
      case 'send': {
        const letter = state.letters[item.letterNo];
        const decision = letter.decisionNo ? decisionEvent(letter.decisionNo) : undefined;
        return systems.sendLetter({
          ...base,
          purpose: letter.purpose,
          person: state.person,
          office: state.office,
          date: letter.date,
          decision,
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
      case 'request':
        await systems.requestPlace({ ...base, existing: item.existing });
        return {};
      case 'release':
        await systems.releasePlace(base);
        return {};
    }
  }

  function decisionEvent(no: number): DecisionEvent {
    const d = state.decisions.find((x) => x.no === no)!;
    return { services: d.services.map((s) => ({ ...s })), date: d.date, reviewBy: d.reviewBy };
  }

  const lanes = pathway.OUTBOX_SYSTEMS.map((system) => runLane(system));

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
  for (;;) {
    const now = new Date();
    pathway.fireDueSteps(state, now);
    publish();
    if (isTerminal(state.stage) && state.outbox.length === 0) break;
    if (timeToContinue()) {
      draining = true;
      await Promise.all(lanes);
      await condition(allHandlersFinished);
      pathway.trimTimeline(state, limits.timelineEntries);
      return continueAsNew<typeof caseWorkflow>(input, { state, limits: carried.limits });
    }
    const wake = pathway.nextWakeAt(state, now);
    changed = false;
    const wakeUp = () => changed || timeToContinue();
    if (wake) await condition(wakeUp, Math.max(1, wake.getTime() - Date.now()));
    else await condition(wakeUp);
  }
  await condition(allHandlersFinished);
  return pathway.toView(state);
}

// --- Validation helpers ---------------------------------------------------------------------

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An update's argument must be `{ actor, event }` with objects in both. */
function wellFormed(arg: unknown): Rejection | undefined {
  if (!isRecord(arg) || !isRecord(arg.actor) || typeof arg.actor.id !== 'string') {
    return { type: 'InvalidEvent', message: 'actor: expected { id, role }', details: { path: 'actor' } };
  }
  if (!isRecord(arg.event)) {
    return { type: 'InvalidEvent', message: 'event: expected an object', details: { path: 'event' } };
  }
  return undefined;
}

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
  const e = err instanceof ActivityFailure && err.cause ? err.cause : err;
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return text.slice(0, 500);
}
