/**
 * Local time, working hours and working days, computed without any library so workflow code can
 * use it deterministically. The time zone comes from the policy (Europe/Oslo); `Intl` gives the
 * zone's offset at any instant, including daylight-saving changes.
 */

export interface LocalParts {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function localParts(at: Date, timeZone: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(at)) parts[p.type] = p.value;
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  const weekday = ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1;
  return {
    year,
    month,
    day,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday,
  };
}

/** Offset of the zone from UTC at an instant, in milliseconds (Oslo: +1 h or +2 h). */
function offsetMs(at: Date, timeZone: string): number {
  const p = localParts(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - (at.getTime() - at.getUTCMilliseconds());
}

/** The instant at which the zone's wall clock shows the given local time. */
export function fromLocal(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wall - offsetMs(new Date(wall), timeZone);
  // A second pass settles instants near a daylight-saving change.
  guess = wall - offsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** The local calendar date (YYYY-MM-DD) of an instant. */
export function localDate(at: Date, timeZone: string): string {
  const p = localParts(at, timeZone);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)}`;
}

export function parseIsoDate(date: string): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`not an ISO date (YYYY-MM-DD): ${date}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** Local midnight at the start of a calendar date. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const { year, month, day } = parseIsoDate(date);
  return fromLocal(timeZone, year, month, day);
}

/** Adds calendar days to a YYYY-MM-DD date. */
export function addDaysToDate(date: string, days: number): string {
  const { year, month, day } = parseIsoDate(date);
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

export function isoWeekdayOfDate(date: string): number {
  const { year, month, day } = parseIsoDate(date);
  return ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1;
}

/** Easter Sunday (Gregorian, anonymous algorithm). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** Norwegian public holidays (helligdager og 1. og 17. mai) of a year. */
export function norwegianHolidays(year: number): Set<string> {
  const easter = easterSunday(year);
  return new Set([
    `${year}-01-01`,
    addDaysToDate(easter, -3), // skjærtorsdag
    addDaysToDate(easter, -2), // langfredag
    easter,
    addDaysToDate(easter, 1), // 2. påskedag
    `${year}-05-01`,
    `${year}-05-17`,
    addDaysToDate(easter, 39), // Kristi himmelfartsdag
    addDaysToDate(easter, 49), // 1. pinsedag
    addDaysToDate(easter, 50), // 2. pinsedag
    `${year}-12-25`,
    `${year}-12-26`,
  ]);
}

export interface WorkingHours {
  weekdays: number[];
  start: string; // HH:MM
  end: string; // HH:MM
}

function hm(text: string): { hour: number; minute: number } {
  const [h, m] = text.split(':').map(Number);
  return { hour: h, minute: m };
}

export function isWorkingDay(date: string, hours: WorkingHours): boolean {
  return (
    hours.weekdays.includes(isoWeekdayOfDate(date)) && !norwegianHolidays(parseIsoDate(date).year).has(date)
  );
}

/** Whether an instant falls inside working hours on a working day. */
export function isWorkingTime(at: Date, hours: WorkingHours, timeZone: string): boolean {
  const date = localDate(at, timeZone);
  if (!isWorkingDay(date, hours)) return false;
  const p = localParts(at, timeZone);
  const minutes = p.hour * 60 + p.minute;
  const s = hm(hours.start);
  const e = hm(hours.end);
  return minutes >= s.hour * 60 + s.minute && minutes < e.hour * 60 + e.minute;
}

/**
 * The first instant at or after `at` inside working hours: a reminder due on Friday evening is
 * delivered on Monday at the start of the working day (or Tuesday after Easter Monday).
 */
export function nextWorkingTime(at: Date, hours: WorkingHours, timeZone: string): Date {
  if (isWorkingTime(at, hours, timeZone)) return at;
  const s = hm(hours.start);
  let date = localDate(at, timeZone);
  for (let i = 0; i < 30; i++) {
    if (isWorkingDay(date, hours)) {
      const { year, month, day } = parseIsoDate(date);
      const opening = fromLocal(timeZone, year, month, day, s.hour, s.minute);
      if (opening.getTime() >= at.getTime()) return opening;
    }
    date = addDaysToDate(date, 1);
  }
  throw new Error('no working time within 30 days: check the working-hours policy');
}

/**
 * The end of the n-th working day after the day of `at`: an action plan due in 2 working days
 * for a report on Friday is due Tuesday at the end of working hours; one reported on Saturday
 * is due Tuesday too (Monday is the first working day after it).
 */
export function addWorkingDays(at: Date, n: number, hours: WorkingHours, timeZone: string): Date {
  const e = hm(hours.end);
  let date = localDate(at, timeZone);
  let counted = 0;
  while (counted < n) {
    date = addDaysToDate(date, 1);
    if (isWorkingDay(date, hours)) counted++;
  }
  const { year, month, day } = parseIsoDate(date);
  return fromLocal(timeZone, year, month, day, e.hour, e.minute);
}
