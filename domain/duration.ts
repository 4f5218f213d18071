/**
 * Policy durations: "14 days", "8 weeks", "6 months", "1 years", "2 working-days", "12 hours".
 * Days, weeks, months and years are calendar arithmetic in the policy's time zone (a reminder
 * 14 days after 10:00 is at 10:00, across a daylight-saving change); working days skip weekends
 * and Norwegian public holidays (see calendar.ts).
 */
import { addWorkingDays, fromLocal, localParts, type WorkingHours } from './calendar';

export const DURATION_UNITS = [
  'minutes',
  'hours',
  'days',
  'weeks',
  'months',
  'years',
  'working-days',
] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

export interface ParsedDuration {
  amount: number;
  unit: DurationUnit;
}

const PATTERN = /^(\d+)\s+(minutes?|hours?|days?|weeks?|months?|years?|working-days?)$/;

export function parseDuration(text: string): ParsedDuration {
  const m = PATTERN.exec(text.trim());
  if (!m) {
    throw new Error(`not a policy duration: "${text}" (expected e.g. "14 days", "2 working-days")`);
  }
  const unitText = m[2].endsWith('s') ? m[2] : `${m[2]}s`;
  return { amount: Number(m[1]), unit: unitText as DurationUnit };
}

export function isDuration(text: string): boolean {
  return PATTERN.test(text.trim());
}

/** `from` moved forward by a policy duration. */
export function addDuration(from: Date, text: string, timeZone: string, hours: WorkingHours): Date {
  const { amount, unit } = parseDuration(text);
  switch (unit) {
    case 'minutes':
      return new Date(from.getTime() + amount * 60_000);
    case 'hours':
      return new Date(from.getTime() + amount * 3_600_000);
    case 'working-days':
      return addWorkingDays(from, amount, hours, timeZone);
    default: {
      const p = localParts(from, timeZone);
      const days = unit === 'days' ? amount : unit === 'weeks' ? amount * 7 : 0;
      const months = unit === 'months' ? amount : unit === 'years' ? amount * 12 : 0;
      let year = p.year;
      let month = p.month + months;
      year += Math.floor((month - 1) / 12);
      month = ((month - 1) % 12) + 1;
      // 31 January + 1 month is the last day of February, not 3 March.
      const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
      const day = Math.min(p.day, lastDay);
      const base = fromLocal(timeZone, year, month, day, p.hour, p.minute);
      const withDays = days
        ? fromLocal(
            timeZone,
            ...(() => {
              const d = new Date(Date.UTC(year, month - 1, day + days));
              return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()] as const;
            })(),
            p.hour,
            p.minute,
          )
        : base;
      return new Date(withDays.getTime() + p.second * 1000 + from.getUTCMilliseconds());
    }
  }
}
