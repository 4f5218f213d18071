/**
 * One call to an outside system for an item of the case's outbox: email and party notices, the
 * archive's case file and journal, digital mail (a letter, then its delivery), the care system's
 * decision, the housing system, and the places coordinator. Every call carries an idempotency key
 * made from the case and its purpose, so a call made again (a retry, the next run) is done once.
 */
import {
  ActivityCancellationType,
  ApplicationFailure,
  proxyActivities,
  workflowInfo,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { PathwayActivities } from '../activities/types';
import { mayTell } from '../domain/consent';
import * as pathway from '../domain/pathway';
import type { CaseState, OutboxItem, OutboxResult } from '../domain/pathway';
import { appealWindowFor } from '../domain/policy';
import type { DecisionEvent } from '../domain/types';
import type { CasePatches } from './case-patches';
import { emailTaskQueue } from './task-queues';

/**
 * Calls to the municipal systems: retried for about three hours, then an incident. A call the
 * workflow lets go of (a drain before continue-as-new, see case-outbox.ts) is abandoned, not
 * cancelled: the run that scheduled it is about to close, which ends its retries on the server,
 * and the next run calls again with the same idempotency key.
 */
/** About three hours of retries (20 attempts, 10 s doubling to 10 min); also the person index's hashing. */
export const SYSTEM_RETRY: ActivityOptions['retry'] = {
  initialInterval: '10 seconds',
  backoffCoefficient: 2,
  maximumInterval: '10 minutes',
  maximumAttempts: 20,
};
const SYSTEM_CALLS: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  cancellationType: ActivityCancellationType.ABANDON,
  retry: SYSTEM_RETRY,
};

/** Watching a letter until it is delivered (digital mail is read, or printed and posted). */
const DELIVERY_WATCH: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  cancellationType: ActivityCancellationType.ABANDON,
  scheduleToCloseTimeout: '14 days',
  retry: { initialInterval: '1 minute', backoffCoefficient: 2, maximumInterval: '1 hour' },
};

/**
 * The activities for one outbox item. From patch `outbox-call-ids` each call's activity ID is the
 * item's own (`out-17`), not the SDK's running number. A replay that takes the lanes' items in
 * another order than the run did (the SDK's cold-start batching, sdk-rust issue 1146; see
 * worker/doctor.ts) then fails loudly on the first call it names differently, and the doctor sets
 * the case back. With running numbers it replayed without a word: the small chaos run of
 * 2026-12-03 had the rebuilt run take the history's incident notice for a reminder, mark the
 * reminder sent, and queue the notice again; the reminder never went.
 */
function activitiesFor(item: OutboxItem, p: Pick<CasePatches, 'emailQueue' | 'callIds'>) {
  const id = p.callIds ? { activityId: item.id } : {};
  const systems = proxyActivities<PathwayActivities>({ ...SYSTEM_CALLS, ...id });
  return {
    systems,
    // Email, with the same retries, on the email queue beside the case's own (patch `email-own-queue`).
    mail: p.emailQueue
      ? proxyActivities<PathwayActivities>({
          ...SYSTEM_CALLS,
          ...id,
          taskQueue: emailTaskQueue(workflowInfo().taskQueue),
        })
      : systems,
    delivery: proxyActivities<PathwayActivities>({ ...DELIVERY_WATCH, ...id }),
  };
}

export async function callFor(
  state: CaseState,
  item: OutboxItem,
  p: Pick<CasePatches, 'emailQueue' | 'callIds'>,
): Promise<OutboxResult> {
  const base = { caseId: state.caseId, municipality: state.municipality };
  const { systems, mail, delivery } = activitiesFor(item, p);
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
      await mail.sendNotification({ ...base, ...item.message });
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
            ? { ...letterFields(state, state.letters[item.letterNo], item.queuedAt), date: item.date }
            : decisionLetterFor(state, item.kind, item.decisionNo, item.queuedAt),
      });
    }
    case 'send': {
      const letter = state.letters[item.letterNo];
      return systems.sendLetter({
        ...base,
        ...letterFields(state, letter, item.queuedAt),
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
        decision: decisionEvent(state, item.decisionNo),
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
function letterFields(state: CaseState, letter: CaseState['letters'][number], issuedAt: string) {
  return {
    purpose: letter.purpose,
    office: state.office,
    decision: letter.decisionNo ? decisionEvent(state, letter.decisionNo) : undefined,
    previousDecision:
      letter.decisionNo && letter.decisionNo > 1 ? decisionEvent(state, letter.decisionNo - 1) : undefined,
    appealWindow: appealWindowFor(state.policy, letter.purpose),
    issuedAt,
    facts: letter.facts,
  };
}

function decisionLetterFor(state: CaseState, kind: string, decisionNo: number | undefined, queuedAt: string) {
  if (kind !== 'decision' || !decisionNo) return undefined;
  const letter = state.letters.find((l) => l.purpose === 'decision' && l.decisionNo === decisionNo);
  // The decision's letter is queued with its journal entry (applyDecision), so it is found.
  return letter
    ? { ...letterFields(state, letter, queuedAt), date: letter.date }
    : /* istanbul ignore next */ undefined;
}

function decisionEvent(state: CaseState, no: number): DecisionEvent {
  const d = state.decisions.find((x) => x.no === no)!;
  return {
    services: d.services.map((s) => ({ ...s })),
    date: d.date,
    reviewBy: d.reviewBy,
    reasons: d.reasons,
    decidedBy: d.decidedBy && { ...d.decidedBy },
  };
}
