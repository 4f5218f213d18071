/**
 * When things are due and when a message about them goes out. Pure and deterministic: workflow
 * code calls these with workflow time.
 *
 * - A reported date (a meeting, a move-in) counts from the moment it is reported when it is
 *   today, otherwise from the start of working hours on that day: a mapping registered a week
 *   after the meeting has its second-review reminder 14 days after the meeting, not after the
 *   registration.
 * - A ladder step already in the past when the task opens (a case registered after the fact)
 *   goes out at once, and the next step keeps the ladder's spacing from now, so nobody is
 *   escalated about something they were never reminded of.
 * - Routine messages wait for working hours; urgent ones go at once, out of hours to on-call.
 */
import { DATE_MAX, DATE_MIN } from './input-rules';
import { fromLocal, isWorkingTime, localDate, nextWorkingTime, parseIsoDate } from './calendar';
import { addDuration } from './duration';
import type { Ladder, PolicySnapshot } from './policy';
import type { IsoDate } from './types';

type Timing = Pick<PolicySnapshot, 'timezone' | 'workingHours'>;

/** `from` moved by a policy duration ("14 days", "2 working-days"). */
export function after(policy: Timing, from: Date, duration: string): Date {
  return addDuration(from, duration, policy.timezone, policy.workingHours);
}

/** The instant a reported date counts from (see the module comment). */
export function anchorOf(date: IsoDate, now: Date, policy: Timing): Date {
  if (date === localDate(now, policy.timezone)) return now;
  const { year, month, day } = parseIsoDate(date);
  const [hour, minute] = policy.workingHours.start.split(':').map(Number);
  return fromLocal(policy.timezone, year, month, day, hour, minute);
}

/** Today's date where the case is. */
export function today(now: Date, policy: Timing): IsoDate {
  return localDate(now, policy.timezone);
}

export interface LadderTimes {
  remindAt: Date;
  escalateAt: Date;
}

/**
 * The reminder and escalation instants of a ladder counted from `anchor`. When the reminder is
 * already past at `now`, the escalation moves to at least `now` plus the ladder's own gap.
 */
export function ladderTimes(policy: Timing, ladder: Ladder, anchor: Date, now: Date): LadderTimes {
  const remindAt = after(policy, anchor, ladder.remindAfter);
  const escalateAt = after(policy, anchor, ladder.escalateAfter);
  return rebase({ remindAt, escalateAt }, now);
}

/** Keeps the gap between reminder and escalation when the reminder is already past. */
export function rebase(times: LadderTimes, now: Date): LadderTimes {
  if (times.remindAt.getTime() >= now.getTime()) return times;
  const gap = Math.max(0, times.escalateAt.getTime() - times.remindAt.getTime());
  const earliest = now.getTime() + gap;
  return {
    remindAt: times.remindAt,
    escalateAt: new Date(Math.max(times.escalateAt.getTime(), earliest)),
  };
}

/**
 * When a message due at `at` is delivered. Routine: the first working moment at or after both
 * `at` and `now` (a Friday-evening reminder goes out on Monday at 08:00). Urgent: at once.
 */
export function deliveryTime(policy: Timing, at: Date, now: Date, urgent: boolean): Date {
  const from = new Date(Math.max(at.getTime(), now.getTime()));
  if (urgent) return from;
  return nextWorkingTime(from, policy.workingHours, policy.timezone);
}

/** Out of working hours an urgent alert goes to the on-call address instead of the team lead. */
export function urgentRecipient(policy: Timing, now: Date): 'team-lead' | 'on-call' {
  return isWorkingTime(now, policy.workingHours, policy.timezone) ? 'team-lead' : 'on-call';
}

/** A YYYY-MM-DD that exists (the workflow never trusts a date it cannot compute with). */
export function isValidDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  // Outside 1900–2100 the calendar arithmetic is meaningless (and a year past 9999 cannot be written back).
  if (value < DATE_MIN || value > DATE_MAX) return false;
  const { year, month, day } = parseIsoDate(value);
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** The earlier of two instants, either of which may be absent. */
export function earliest(a: Date | undefined, b: Date | undefined): Date | undefined {
  return a && b ? (a.getTime() <= b.getTime() ? a : b) : (a ?? b);
}
