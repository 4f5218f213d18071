/**
 * What the API keeps outside Temporal: the access log (Normen: who read or changed which case,
 * when, through which route, with what outcome) and the idempotency records of requests sent
 * with an `Idempotency-Key`. Neither ever holds personal data: case IDs, user IDs (token `sub`),
 * routes, outcomes, and keyed hashes of request bodies.
 */

import type { FidelityAssessment } from '../../domain/fidelity';

export const AUDIT_ACTIONS = [
  'create', // a referral or an existing case registered
  'read', // a case's details
  'write', // an event reported on a case
  'list', // a list of cases or tasks (no personal data)
  'search', // a person search (never the term); one entry per case it showed
  'report', // outcome figures
  'audit-read', // a case's access log
  'decode', // the codec server decoded payloads (the Web UI reading histories)
  'encode',
  'session', // a codec session cookie issued
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditOutcome =
  | 'ok'
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'wrong-stage'
  | 'conflict'
  | 'too-large'
  | 'rate-limited'
  | 'unavailable'
  | 'error';

export interface AuditEntry {
  /** When the request was answered (ISO timestamp, UTC). */
  at: string;
  /** Token `sub` of the caller; null when none could be verified. */
  actorId: string | null;
  /** The role the caller acted in on this route (of those the token holds). */
  actorRole: string | null;
  actorRoles: string[];
  actorOffice: string | null;
  action: AuditAction;
  method: string;
  /** The route pattern, e.g. `/referrals/:id/reviews` (never the raw URL). */
  route: string;
  /** Only a well-formed case ID; anything else typed into a URL is not stored. */
  caseId: string | null;
  status: number;
  outcome: AuditOutcome;
  /** Whether personal fields were shown to or received from the caller. */
  personalData: boolean;
  /** Short non-personal detail: the update sent, the filters used, a payload count. */
  detail: string | null;
  requestId: string;
}

export interface StoredAuditEntry extends AuditEntry {
  seq: number;
}

export interface AuditLog {
  /** Appends one entry; rejects when the entry could not be stored. */
  append(entry: AuditEntry): Promise<void>;
  /** A case's entries, oldest first. */
  forCase(caseId: string, opts?: { limit?: number; afterSeq?: number }): Promise<StoredAuditEntry[]>;
}

export interface IdempotencyRecord {
  id: string;
  /** Keyed hash (HMAC) of the request body: a retry must carry the same body. */
  fingerprint: string;
  caseId: string | null;
  /** Set once the request succeeded: the status and the (non-personal) result to answer again. */
  status: number | null;
  result: string | null;
  createdAt: string;
}

export interface IdempotencyStore {
  /** Records the key if new; returns what is stored under it (the new or the earlier record). */
  claim(id: string, fingerprint: string, caseId: string | null): Promise<IdempotencyRecord>;
  /** Marks the request done, with what to answer a retry. */
  complete(id: string, status: number, result: string | null): Promise<void>;
}

/**
 * Request counters for the rate limits, shared by every API instance on the same database, so two
 * instances do not double a limit. Fixed windows aligned to the epoch (every instance agrees on
 * where a window starts); keys arrive already hashed (no address or user ID is stored in clear).
 */
export interface RateLimitCounters {
  /** Counts one request for the key in the window holding `nowMs`; answers the window's count. */
  hit(key: string, windowMs: number, nowMs: number): Promise<number>;
  /** Takes one request back (a request the limiter was told not to count). */
  unhit(key: string, windowMs: number, nowMs: number): Promise<void>;
  /** Forgets the key's count in the current window. */
  reset(key: string, windowMs: number, nowMs: number): Promise<void>;
}

/**
 * The programme's yearly fidelity self-assessments (non-personal: item scores of the programme),
 * one per municipality and year; recording a year again replaces it.
 */
export interface FidelityStore {
  put(a: FidelityAssessment): Promise<void>;
  get(municipality: string, year: number): Promise<FidelityAssessment | undefined>;
}

export interface Stores {
  kind: 'sqlite' | 'postgres';
  audit: AuditLog;
  idempotency: IdempotencyStore;
  rateLimits: RateLimitCounters;
  fidelity: FidelityStore;
  close(): Promise<void>;
}
