/**
 * What every event's check shares: the refusals (a wrong stage, an unusable field, an unknown
 * reference) with the details the API answers with, the rules a running case keeps, and the small
 * tests of dates, texts and identifiers that read the one limits table (domain/limits.ts).
 */
import { isValidDate, today } from '../deadlines';
import { LIMITS as L, REFERENCE_PATTERN } from '../limits';
import { STAGE_LABELS, type Stage } from '../stages';
import type { CaseState } from './state';
import { EXPECTS } from './texts';

export type RejectionType = 'WrongStage' | 'InvalidEvent' | 'UnknownReference';

export interface Rejection {
  type: RejectionType;
  message: string;
  /**
   * Sent to the caller as the failure's details, so the API reads them instead of parsing the
   * message: the stage and what it expects (WrongStage), the field at fault (InvalidEvent,
   * UnknownReference).
   */
  details?: RejectionDetails;
}

export interface RejectionDetails {
  stage?: Stage;
  expects?: string;
  path?: string;
}

/**
 * Rule changes a running case takes only from its next run (the workflow decides with `patched()`
 * and passes them in; a case started before a change keeps the rules it started with). The
 * defaults are today's rules.
 */
export interface Rules {
  /** A decision's review date after the decision, a lease's move-in not before its signing. */
  datesInOrder: boolean;
}
export const CURRENT_RULES: Rules = { datesInOrder: true };

export type Check<E> = (state: CaseState, event: E, now: Date, rules?: Rules) => Rejection | undefined;

export function wrongStage(state: CaseState, what: string): Rejection {
  return {
    type: 'WrongStage',
    message: `the case is in stage "${state.stage}" (${STAGE_LABELS[state.stage]}); ${what} does not fit: it expects ${EXPECTS[state.stage]}`,
    details: { stage: state.stage, expects: EXPECTS[state.stage] },
  };
}

export function invalid(field: string, problem: string): Rejection {
  return { type: 'InvalidEvent', message: `${field}: ${problem}`, details: { path: field } };
}

export function unknown(field: string, value: string): Rejection {
  return {
    type: 'UnknownReference',
    message: `${field}: no "${value}" on this case`,
    details: { path: field },
  };
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function nonEmpty(v: unknown, max: number = L.longText): v is string {
  return typeof v === 'string' && v.trim().length > 0 && v.length <= max;
}

/** A reported date: must exist, and (for things that happened) must not lie in the future. */
export function badDate(
  state: CaseState,
  field: string,
  value: unknown,
  now: Date,
  happened = true,
): Rejection | undefined {
  if (!isValidDate(value)) return invalid(field, 'expected an existing date as YYYY-MM-DD');
  const t = today(now, state.policy);
  if (happened && value > t) return invalid(field, `${value} lies in the future (today is ${t})`);
  return undefined;
}

/** Optional text: absent, or text within its limit. */
export function optionalText(field: string, v: unknown, max: number): Rejection | undefined {
  return v === undefined || nonEmpty(v, max)
    ? undefined
    : invalid(field, `expected text of at most ${max} characters`);
}

export function isMansa(v: unknown): boolean {
  return typeof v === 'number' && v >= L.mansaMin && v <= L.mansaMax;
}

/** A list of short texts (housing wishes). */
export function textList(field: string, v: unknown, max: number): Rejection | undefined {
  if (!Array.isArray(v)) return invalid(field, 'expected a list');
  if (v.length > L.wishItems) return invalid(field, `expected at most ${L.wishItems}`);
  const bad = v.findIndex((x) => !nonEmpty(x, max));
  return bad < 0 ? undefined : invalid(`${field}.${bad}`, `expected text of at most ${max} characters`);
}

export function isReference(v: unknown): v is string {
  return typeof v === 'string' && REFERENCE_PATTERN.test(v);
}

export function first(...checks: (Rejection | undefined)[]): Rejection | undefined {
  return checks.find((c) => c !== undefined);
}

export const OPEN_AFTER_FIRST_REVIEW: Stage[] = [
  'mapping',
  'second-review',
  'waiting-for-place',
  'decision',
  'housing',
  'move-in',
  'follow-up',
];

/** Procurement goes on in the housing stage, and again inside follow-up after housing is lost. */
export function procuring(state: CaseState): boolean {
  return state.stage === 'housing' || (state.stage === 'follow-up' && state.housing.status === 'lost');
}
