/**
 * The outbox: work for outside systems, one lane per system, and the incidents that hold a lane
 * when a call fails past its retry policy. An incident records what failed (never the person),
 * raises the `HasIncident` flag, tells the administrator at once, and waits until an
 * administrator retries it; the case, its timers and the other lanes go on meanwhile.
 */
import type { Incident } from '../case';
import { OUTSIDE_SYSTEMS } from '../consent';
import { after, today } from '../deadlines';
import type { PlaceOf } from '../places';
import { INCIDENT_MOOT } from './texts';
import { APPEALABLE_LETTERS } from './decision-letters';
import type { Actor, IsoTimestamp } from '../types';
import {
  iso,
  record,
  SYSTEM_ACTOR,
  type CaseState,
  type OutboxItem,
  type OutboxOp,
  type OutboxSystem,
} from './state';
// (waiting.ts uses enqueue from here; both only call each other's functions at run time.)
import { placeConfirmed } from './waiting';
import { appealWindowFor } from '../policy';

export function enqueue(state: CaseState, op: OutboxOp, now: Date): OutboxItem {
  const item = { ...op, id: `out-${++state.seq.outbox}`, queuedAt: iso(now) } as OutboxItem;
  state.outbox.push(item);
  return item;
}

/** The activity an outbox item calls, as named in incidents. */
export function operationOf(item: OutboxOp): string {
  switch (item.system) {
    case 'email':
    case 'urgent':
      return 'sendNotification';
    case 'archive':
      return item.op === 'case-file' ? 'archiveCaseFile' : 'archiveJournalEntry';
    case 'letters':
      return item.op === 'send' ? 'sendLetter' : 'awaitLetterDelivery';
    case 'care':
      return 'registerDecision';
    case 'parties':
      return 'notifyParty';
    case 'housing':
      return item.op === 'reserve' ? 'reserveUnit' : item.op === 'lease' ? 'registerLease' : 'endLease';
    case 'places':
      return item.op === 'request' ? 'requestPlace' : item.op === 'release' ? 'releasePlace' : 'confirmPlace';
  }
}

export function firstItem(state: CaseState, system: OutboxSystem): OutboxItem | undefined {
  return state.outbox.find((i) => i.system === system);
}

function incidentOf(state: CaseState, item: OutboxItem): Incident | undefined {
  return item.incidentId ? state.incidents.find((i) => i.id === item.incidentId) : undefined;
}

/** Whether the lane has an item it may run now (not one waiting for an administrator). */
export function runnable(state: CaseState, system: OutboxSystem): OutboxItem | undefined {
  const item = firstItem(state, system);
  if (!item) return undefined;
  return incidentOf(state, item)?.status === 'open' ? undefined : item;
}

export function hasOpenIncident(state: CaseState): boolean {
  return state.incidents.some((i) => i.status !== 'resolved');
}

/** What an outside system answered; each field belongs to one kind of item. */
export interface OutboxResult {
  caseFileId?: string;
  journalEntryId?: string;
  forsendelseId?: string;
  letter?: { status: string; delivered: boolean; failed: boolean; deliveredAt?: IsoTimestamp };
  reference?: string;
  reservationId?: string;
  leaseId?: string;
  /** The coordinator's answer to a waiting review. */
  place?: PlaceOf;
}

function resolve(state: CaseState, item: OutboxItem, now: Date, note: string) {
  const incident = incidentOf(state, item);
  if (!incident || incident.status === 'resolved') return;
  incident.status = 'resolved';
  incident.resolvedAt = iso(now);
  record(state, now, 'incident-resolved', SYSTEM_ACTOR, `${incident.id} (${incident.operation}): ${note}`);
}

function remove(state: CaseState, item: OutboxItem) {
  const i = state.outbox.findIndex((o) => o.id === item.id);
  if (i >= 0) state.outbox.splice(i, 1);
}

/** Applies a successful call's answer and takes the item off its lane. */
export function completeItem(state: CaseState, item: OutboxItem, result: OutboxResult, now: Date): void {
  resolve(state, item, now, 'retried successfully');
  switch (item.op) {
    case 'case-file':
      state.caseFileId = result.caseFileId;
      break;
    case 'journal':
      if (item.decisionNo !== undefined) {
        const d = state.decisions.find((x) => x.no === item.decisionNo);
        if (d) d.archivedAs = result.journalEntryId;
      }
      break;
    case 'register-decision': {
      const d = state.decisions.find((x) => x.no === item.decisionNo);
      if (d) d.careReference = result.reference;
      break;
    }
    case 'send': {
      const letter = state.letters[item.letterNo];
      letter.forsendelseId = result.forsendelseId;
      letter.status = 'sent';
      // The delivery watch takes the send's place at the head of the lane.
      const i = state.outbox.findIndex((o) => o.id === item.id);
      const watch = {
        system: 'letters',
        op: 'await',
        letterNo: item.letterNo,
        id: `out-${++state.seq.outbox}`,
        queuedAt: iso(now),
      } as OutboxItem;
      if (i >= 0) state.outbox.splice(i, 1, watch);
      return;
    }
    case 'await': {
      const letter = state.letters[item.letterNo];
      const answer = result.letter!;
      letter.status = answer.status;
      if (answer.failed) {
        // Not delivered: a person checks why before the letter goes again (as a new forsendelse).
        letter.attempt++;
        const i = state.outbox.findIndex((o) => o.id === item.id);
        const resend = {
          system: 'letters',
          op: 'send',
          letterNo: item.letterNo,
          id: `out-${++state.seq.outbox}`,
          queuedAt: iso(now),
        } as OutboxItem;
        if (i >= 0) state.outbox.splice(i, 1, resend);
        failItem(state, resend, `letter ${letter.purpose} not delivered (status ${answer.status})`, now);
        return;
      }
      const deliveredAt = answer.deliveredAt ? new Date(answer.deliveredAt) : now;
      letter.deliveredAt = iso(deliveredAt);
      if (APPEALABLE_LETTERS.includes(letter.purpose)) {
        letter.appealDeadline = today(
          after(state.policy, deliveredAt, appealWindowFor(state.policy, letter.purpose)),
          state.policy,
        );
      }
      record(state, now, 'letter-delivered', SYSTEM_ACTOR, `${letter.purpose} letter delivered`);
      break;
    }
    case 'notify':
      if (item.system === 'parties') {
        const risk = item.riskId ? state.evictionRisks.find((r) => r.riskId === item.riskId) : undefined;
        if (risk && item.party === 'nav') risk.navNotified = true;
        record(state, now, 'party-notified', SYSTEM_ACTOR, `${item.party} told of ${item.event}`, item.date);
      }
      break;
    case 'reserve': {
      const offer = state.housing.offers.find((o) => o.offerId === item.offerId);
      if (offer) offer.reservationId = result.reservationId;
      break;
    }
    case 'lease':
      if (state.housing.lease && state.housing.lease.unitId === item.unitId) {
        state.housing.lease.leaseId = result.leaseId;
      }
      break;
    case 'end-lease':
    case 'request':
    case 'release':
      break;
    case 'confirm':
      placeConfirmed(state, result.place, now);
      break;
  }
  remove(state, item);
}

/**
 * A call failed past its retry policy, or was refused as invalid: open (or reopen) the item's
 * incident and tell the administrator. `message` stays inside the encrypted state; the email
 * names only the system, operation and incident.
 */
export function failItem(state: CaseState, item: OutboxItem, message: string, now: Date): Incident {
  let incident = incidentOf(state, item);
  if (incident) {
    incident.status = 'open';
    incident.attempts++;
    incident.message = message;
  } else {
    incident = {
      id: `incident-${++state.seq.incident}`,
      system: item.system,
      operation: operationOf(item),
      message,
      openedAt: iso(now),
      status: 'open',
      attempts: 1,
    };
    state.incidents.push(incident);
    item.incidentId = incident.id;
  }
  record(state, now, 'incident', SYSTEM_ACTOR, `${incident.id}: ${incident.operation} failed`);
  // A failing urgent lane cannot carry its own alarm; HasIncident still shows it in the Web UI.
  if (item.system !== 'urgent') {
    enqueue(
      state,
      {
        system: 'urgent',
        op: 'notify',
        message: {
          purpose: `${incident.id}:failure-${incident.attempts}`,
          kind: 'incident',
          recipient: 'admin',
          topic: 'incident',
          since: incident.openedAt,
          facts: { incident: incident.id, system: incident.system, operation: incident.operation },
        },
      },
      now,
    );
  }
  return incident;
}

/** Whether an item the lane took is still queued (a consent change or an ending may drop it). */
export function isQueued(state: CaseState, item: OutboxItem): boolean {
  return state.outbox.some((o) => o.id === item.id);
}

/**
 * Every incident waits for a queued call; an incident whose call is no longer queued (dropped
 * after a consent change, a case that ended) has nothing left to retry and is closed as moot,
 * with a reason staff can read. Returns how many were closed.
 */
export function settleIncidents(state: CaseState, now: Date): number {
  const waitedFor = new Set(state.outbox.flatMap((o) => (o.incidentId ? [o.incidentId] : [])));
  let closed = 0;
  for (const incident of state.incidents) {
    if (incident.status === 'resolved' || waitedFor.has(incident.id)) continue;
    incident.status = 'resolved';
    incident.resolvedAt = iso(now);
    incident.moot = INCIDENT_MOOT.dropped;
    record(state, now, 'incident-moot', SYSTEM_ACTOR, `${incident.id} (${incident.operation}): call dropped`);
    closed++;
  }
  return closed;
}

/**
 * A call that failed after its item was dropped (it was under way when consent changed): no
 * incident, since nothing is left to retry; the timeline keeps that it failed.
 */
export function forgetDroppedFailure(state: CaseState, item: OutboxItem, now: Date): void {
  record(state, now, 'dropped-call-failed', SYSTEM_ACTOR, `${operationOf(item)} failed after it was dropped`);
}

/** An administrator asks for the failed call to be tried again. */
export function retryIncident(state: CaseState, incidentId: string, actor: Actor, now: Date): void {
  const incident = state.incidents.find((i) => i.id === incidentId)!;
  incident.status = 'retrying';
  record(state, now, 'incident-retry', actor, `${incident.id}: ${incident.operation} retried`);
}

/**
 * Consent withdrawn: whatever would still carry the person's information to an outside party is
 * dropped (the archive, letters to the person and the municipality's own care record remain).
 */
export function dropOutsideItems(state: CaseState, now: Date): number {
  const dropped = state.outbox.filter((i) => (OUTSIDE_SYSTEMS as readonly string[]).includes(i.system));
  for (const item of dropped) {
    const incident = incidentOf(state, item);
    if (incident && incident.status !== 'resolved') incident.moot = INCIDENT_MOOT.dropped;
    resolve(state, item, now, 'dropped: consent withdrawn');
    remove(state, item);
  }
  return dropped.length;
}
