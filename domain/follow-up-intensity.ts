/**
 * Follow-up intensity (seed 003: follow-up in the home is the service; a decision that is not
 * delivered is a broken promise). The hours a week the decision grants, against the minutes of
 * contact the team records; when what was delivered stays below the share the municipality sets
 * for a number of whole weeks in a row, the team lead is told (in the Monday digest).
 *
 * Pure: weeks are Monday–Sunday in the municipality's time zone, counted from contact dates.
 */
import { addDaysToDate, isoWeekdayOfDate, localDate } from './calendar';
import type { IsoDate } from './types';

/** The municipality's rule (profile `followUp`). */
export interface IntensityRule {
  /** The share of the granted hours below which a week counts as short (0.5: half). */
  minShare: number;
  /** How many whole weeks in a row must be short before the team lead is told. */
  weeks: number;
}

/** Minutes of contact recorded in one week (Monday's date), as a case keeps them. */
export interface WeekMinutes {
  week: IsoDate;
  minutes: number;
}

/** The Monday of the week a date falls in. */
export function weekOf(date: IsoDate): IsoDate {
  return addDaysToDate(date, 1 - isoWeekdayOfDate(date));
}

/** Adds a contact's minutes to its week, keeping at most `keep` of the latest weeks. */
export function addMinutes(weeks: WeekMinutes[], date: IsoDate, minutes: number, keep: number): void {
  const week = weekOf(date);
  const found = weeks.find((w) => w.week === week);
  if (found) found.minutes += minutes;
  else {
    weeks.push({ week, minutes });
    weeks.sort((a, b) => a.week.localeCompare(b.week));
  }
  if (weeks.length > keep) weeks.splice(0, weeks.length - keep);
}

export interface IntensityShortfall {
  /** Hours a week the decision grants. */
  grantedHours: number;
  /** Hours delivered in each of the whole weeks looked at, oldest first. */
  deliveredHours: number[];
  /** The first of those weeks (a Monday). */
  from: IsoDate;
}

/**
 * Whether the last `rule.weeks` whole weeks before `asOf` were all short. Only weeks after
 * follow-up started count in full: a case that has not been followed up that long is not judged.
 */
export function intensityShortfall(
  input: { grantedHours: number; followUpStartedAt?: IsoDate; minutesByWeek: WeekMinutes[] },
  rule: IntensityRule,
  asOf: Date,
  timeZone: string,
): IntensityShortfall | undefined {
  if (!input.followUpStartedAt || input.grantedHours <= 0 || rule.weeks < 1) return undefined;
  const thisWeek = weekOf(localDate(asOf, timeZone));
  const from = addDaysToDate(thisWeek, -7 * rule.weeks);
  if (input.followUpStartedAt > from) return undefined;
  const delivered: number[] = [];
  for (let i = 0; i < rule.weeks; i++) {
    const week = addDaysToDate(from, 7 * i);
    const minutes = input.minutesByWeek.find((w) => w.week === week)?.minutes ?? 0;
    delivered.push(Math.round((minutes / 60) * 10) / 10);
  }
  const short = delivered.every((h) => h < rule.minShare * input.grantedHours);
  return short ? { grantedHours: input.grantedHours, deliveredHours: delivered, from } : undefined;
}
