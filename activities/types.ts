/**
 * The interface between the workflows and the outside world. Workflows import only these types
 * (`proxyActivities<PathwayActivities>`); `activities/index.ts` builds the implementations with
 * their clients, and tests pass doubles with the same shape.
 *
 * Every request carries `caseId` and a `purpose` unique within the case: together they form the
 * idempotency key handed to the outside system (email Message-ID, archive
 * referanseEksternNoekkel, SvarUt eksternReferanse), so a retried activity never makes a second
 * message.
 *
 * How the activities fail (ApplicationFailure `type`; details carry `{ system, operation, status? }`
 * and never personal data):
 *   retryable      ExternalSystemUnavailable (5xx, 429, 408, timeout, connection error),
 *                  SmtpUnavailable (4xx reply, timeout, connection), LetterPending (awaitLetterDelivery)
 *   non-retryable  ExternalSystemRefused (other 4xx), ExternalSystemContract (answer breaks the
 *                  contract), SmtpRefused (5xx reply), ConsentScope (notifyParty outside the
 *                  consent), NoAdapter (no system for that party), BadRequest / BadLetterRequest
 * A non-retryable failure, or a retryable one that exhausts the workflow's retry policy, is what
 * the workflow records as an incident. awaitLetterDelivery expects a polling policy such as
 * { initialInterval: '1 minute', backoffCoefficient: 2, maximumInterval: '1 hour' } with a
 * scheduleToCloseTimeout of about 14 days. HTTP calls time out after 15 s and SMTP after 20 s:
 * keep startToCloseTimeout at 1 minute or more.
 */
import type {
  ConsentParty,
  DecisionEvent,
  EvictionRiskKind,
  HousingWishes,
  IsoDate,
  IsoTimestamp,
  Person,
} from '../domain/types';
import type { DecisionLetterPurpose, LetterFacts } from '../domain/pathway/decision-letters';
import type { JournalKind as CaseJournalKind } from '../domain/pathway/state';

export type Recipient = 'team-lead' | 'unit-leader' | 'on-call' | 'admin' | 'project-group';

export type NotificationKind = 'reminder' | 'escalation' | 'alert' | 'incident' | 'milestone' | 'stuck';

/**
 * An email to staff. Email is not a confidential channel: nothing personal goes in here, only
 * the case reference, what is due and since when; the mail links to the case.
 */
export interface Notification {
  municipality: string;
  /** Omitted for programme-level messages. */
  caseId?: string;
  /** Unique per case (or programme) and message, e.g. "first-review:reminder". */
  purpose: string;
  kind: NotificationKind;
  recipient: Recipient;
  /** Template topic, e.g. the task kind ("first-review") or alert ("eviction-executed"). */
  topic: string;
  /**
   * The person's named follow-up worker: a reminder to the team lead about an HF-team task goes to
   * them instead, the team lead in copy, when the profile's team directory has the name.
   */
  worker?: string;
  /** Stage label or short non-personal text for the mail's body. */
  stage?: string;
  dueAt?: IsoTimestamp;
  since?: IsoTimestamp;
  /** Non-personal figures or codes (e.g. programme outcome figures, incident system). */
  facts?: Record<string, string | number>;
}

export interface NotificationResult {
  messageId: string;
  to: string;
}

export type JournalKind = CaseJournalKind;

export interface ArchiveCaseFileRequest {
  caseId: string;
  municipality: string;
  office: string;
  person: Person;
  referredAt: IsoDate;
}

export interface ArchiveJournalRequest {
  caseId: string;
  municipality: string;
  purpose: string;
  /** The case file (saksmappe) system ID returned by archiveCaseFile. */
  caseFileId: string;
  kind: JournalKind;
  date: IsoDate;
  person: Person;
  /** Text of the journal entry's document; may hold health data (the entry is screened). */
  title: string;
  content: string;
  /**
   * For a letter's journal entry (the decision): the letter as it was sent. The archive then keeps
   * the very PDF the person got (same inputs, same bytes), with the person as recipient
   * (korrespondansepart), instead of a note.
   */
  letter?: Omit<LetterRequest, 'caseId' | 'municipality' | 'person' | 'date'> & { date: IsoDate };
}

export type LetterPurpose = 'decision' | 'not-relevant' | 'no-place' | DecisionLetterPurpose;

export interface LetterRequest {
  caseId: string;
  municipality: string;
  purpose: LetterPurpose;
  person: Person;
  date: IsoDate;
  /** For the decision letter. */
  decision?: DecisionEvent;
  /** For an ending, a refused place or an interim reply: who decided and why, or when to expect an answer. */
  facts?: LetterFacts;
  /** For a revised decision's letter: the decision it replaces (the letter says what changed). */
  previousDecision?: DecisionEvent;
  /** The case's appeal window (its policy), so the letter and `appealDeadline` agree. */
  appealWindow?: string;
  /**
   * Idempotency key within the case, when it differs from `purpose`: a revised decision's letter
   * ("decision-2") or a letter sent again after a failed delivery ("decision#resend-2").
   */
  key?: string;
  /**
   * When the letter was issued (the moment the case queued it): its date, in the municipality's
   * time zone. The archive's copy is rendered from the same moment, so it is the same PDF.
   */
  issuedAt?: IsoTimestamp;
  /**
   * The person's HSK office (added by the integrations issue): named in the letter, and the c/o
   * address when the person has no national identity number (SvarUt then prints the letter).
   */
  office?: string;
}

export interface LetterStatus {
  forsendelseId: string;
  /** SvarUt's status value (e.g. MOTTATT, AKSEPTERT, LEST, SENDT_PRINT, SENDT_DIGITALT, …). */
  status: string;
  delivered: boolean;
  failed: boolean;
  deliveredAt?: IsoTimestamp;
}

export interface CareRegistrationRequest {
  caseId: string;
  municipality: string;
  person: Person;
  decision: DecisionEvent;
  /** Idempotency key within the case: "decision" for the first, "decision-2" for a revision. */
  key?: string;
}

export type PartyNoticeEvent = EvictionRiskKind | 'housing-lost' | 'decision' | 'exit';

export interface PartyNoticeRequest {
  caseId: string;
  municipality: string;
  purpose: string;
  party: 'nav' | 'specialist-health';
  event: PartyNoticeEvent;
  date: IsoDate;
  person: Person;
  /**
   * The consent's scope (added by the integrations issue). The adapter refuses, without sending
   * anything, when `party` is not in it; a request without a scope is refused too (deny by default).
   */
  consentScope?: ConsentParty[];
}

export interface HousingUnit {
  unitId: string;
  address: string;
  area: string;
  type: string;
  features: string[];
  source: 'municipal' | 'private';
  availableFrom: IsoDate;
}

import type { PlaceOf, PlacesEffect } from '../domain/places';
import type { OutcomeFigures } from '../domain/programme';
export type { OutcomeFigures };

/** A weekly digest for one municipality's team lead (the digest workflow's activity). */
export interface DigestRequest {
  municipality: string;
  /** The moment the digest describes (the scheduled run's start); due/overdue are relative to it. */
  asOf: IsoTimestamp;
  /** Unique per digest, e.g. "digest:2026-11-30": with the municipality, the email's Message-ID. */
  purpose: string;
}

export interface DigestResult extends NotificationResult {
  overdue: number;
  dueSoon: number;
  /** Cases in follow-up whose delivered hours stayed short of the decision (absent in older results). */
  shortOfDecision?: number;
}

export interface DigestActivities {
  sendDigest(req: DigestRequest): Promise<DigestResult>;
}

export interface PathwayActivities {
  sendNotification(n: Notification): Promise<NotificationResult>;

  archiveCaseFile(req: ArchiveCaseFileRequest): Promise<{ caseFileId: string }>;
  archiveJournalEntry(req: ArchiveJournalRequest): Promise<{ journalEntryId: string }>;

  sendLetter(req: LetterRequest): Promise<{ forsendelseId: string }>;
  /** Throws a retryable error while the letter is neither delivered nor failed. */
  awaitLetterDelivery(req: { caseId: string; forsendelseId: string }): Promise<LetterStatus>;

  registerDecision(req: CareRegistrationRequest): Promise<{ reference: string }>;
  notifyParty(req: PartyNoticeRequest): Promise<{ reference: string }>;

  findHousingUnits(req: { municipality: string; wishes: HousingWishes }): Promise<HousingUnit[]>;
  reserveUnit(req: {
    caseId: string;
    municipality: string;
    unitId: string;
  }): Promise<{ reservationId: string }>;
  registerLease(req: {
    caseId: string;
    municipality: string;
    unitId: string;
    signedDate: IsoDate;
    moveInDate: IsoDate;
    person: Person;
  }): Promise<{ leaseId: string }>;
  /** Ends a lease and frees the unit (idempotent by the lease: case, unit, signing date). */
  endLease(req: {
    caseId: string;
    municipality: string;
    unitId: string;
    signedDate: IsoDate;
    endDate: IsoDate;
    reason: 'eviction' | 'housing-lost' | 'exit';
  }): Promise<{ status: 'ended' | 'existing' }>;

  outcomeFigures(req: { municipality: string; from: IsoDate; to: IsoDate }): Promise<OutcomeFigures>;

  /**
   * Asks the municipality's places coordinator for a place (signal-with-start, so it works before
   * the coordinator exists). `existing`: a person registered after the decision already holds one.
   * The answer comes back to the case as the placeGranted / waitlistPosition signals.
   */
  requestPlace(req: PlaceRequest): Promise<{ coordinatorId: string }>;
  /** Gives a held place (or a place on the waiting list) back; unknown cases are ignored. */
  releasePlace(req: { municipality: string; caseId: string }): Promise<{ coordinatorId: string }>;

  /**
   * The coordinator's batched answers: signals each case its grant or position, in order, and
   * names the cases that no longer run (the coordinator frees what they held). Resumes after the
   * last case told when retried (heartbeat); a repeated signal changes nothing in a case.
   */
  tellCases(req: { municipality: string; effects: PlacesEffect[] }): Promise<{ ended: string[] }>;

  /**
   * Asks the municipality's coordinator where a case stands (a query): held, waiting (and the
   * exact position), or unknown — also when no coordinator runs.
   */
  confirmPlace(req: { municipality: string; caseId: string }): Promise<PlaceOf>;
  /** The person search's hashes for a case started before the index (activities/person-index.ts). */
  personIndex(req: { caseId: string; person: Person }): Promise<{ hashes: string[] }>;
}

export interface PlaceRequest {
  municipality: string;
  caseId: string;
  existing?: boolean;
}
