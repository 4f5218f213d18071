import {
  addWorkingDays,
  easterSunday,
  isWorkingTime,
  nextWorkingTime,
  norwegianHolidays,
} from '../../domain/calendar';
import { addDuration, parseDuration } from '../../domain/duration';

const OSLO = 'Europe/Oslo';
const HOURS = { weekdays: [1, 2, 3, 4, 5], start: '08:00', end: '16:00' };

test('Easter and the Norwegian public holidays are known', () => {
  expect(easterSunday(2026)).toBe('2026-04-05');
  expect(easterSunday(2027)).toBe('2027-03-28');
  const h = norwegianHolidays(2026);
  for (const d of [
    '2026-04-02',
    '2026-04-03',
    '2026-04-06',
    '2026-05-01',
    '2026-05-14',
    '2026-05-17',
    '2026-05-25',
    '2026-12-25',
    '2026-12-26',
  ]) {
    expect(h.has(d)).toBe(true);
  }
});

test('a reminder due on Friday evening is delivered on Monday at 08:00 Oslo time', () => {
  const fridayEvening = new Date('2026-11-27T18:30:00Z'); // 19:30 in Oslo
  expect(nextWorkingTime(fridayEvening, HOURS, OSLO).toISOString()).toBe('2026-11-30T07:00:00.000Z');
});

test('working time is 08–16 local, in summer time too', () => {
  expect(isWorkingTime(new Date('2026-06-15T06:30:00Z'), HOURS, OSLO)).toBe(true); // 08:30 CEST
  expect(isWorkingTime(new Date('2026-06-15T05:30:00Z'), HOURS, OSLO)).toBe(false); // 07:30 CEST
  expect(isWorkingTime(new Date('2026-12-15T14:59:00Z'), HOURS, OSLO)).toBe(true); // 15:59 CET
  expect(isWorkingTime(new Date('2026-12-15T15:00:00Z'), HOURS, OSLO)).toBe(false); // 16:00 CET
});

test('after Easter the next working time is Tuesday', () => {
  const goodFriday = new Date('2026-04-03T10:00:00Z');
  expect(nextWorkingTime(goodFriday, HOURS, OSLO).toISOString()).toBe('2026-04-07T06:00:00.000Z');
});

test('an action plan due in 2 working days: Friday → Tuesday 16:00, Saturday → Tuesday 16:00', () => {
  expect(addWorkingDays(new Date('2026-11-27T09:00:00Z'), 2, HOURS, OSLO).toISOString()).toBe(
    '2026-12-01T15:00:00.000Z',
  );
  expect(addWorkingDays(new Date('2026-11-28T09:00:00Z'), 2, HOURS, OSLO).toISOString()).toBe(
    '2026-12-01T15:00:00.000Z',
  );
  expect(addWorkingDays(new Date('2026-11-25T09:00:00Z'), 2, HOURS, OSLO).toISOString()).toBe(
    '2026-11-27T15:00:00.000Z',
  );
});

test('policy durations are calendar arithmetic in Oslo time', () => {
  expect(parseDuration('14 days')).toEqual({ amount: 14, unit: 'days' });
  expect(parseDuration('1 week')).toEqual({ amount: 1, unit: 'weeks' });
  expect(() => parseDuration('fourteen days')).toThrow('not a policy duration');
  // Across the end of summer time (25 Oct 2026) 14 days keeps the wall-clock time.
  expect(addDuration(new Date('2026-10-20T08:00:00Z'), '14 days', OSLO, HOURS).toISOString()).toBe(
    '2026-11-03T09:00:00.000Z',
  );
  expect(addDuration(new Date('2026-01-31T09:00:00Z'), '1 months', OSLO, HOURS).toISOString()).toBe(
    '2026-02-28T09:00:00.000Z',
  );
  expect(addDuration(new Date('2026-03-10T09:00:00Z'), '6 months', OSLO, HOURS).toISOString()).toBe(
    '2026-09-10T08:00:00.000Z',
  );
  expect(addDuration(new Date('2026-03-10T09:00:00Z'), '8 weeks', OSLO, HOURS).toISOString()).toBe(
    '2026-05-05T08:00:00.000Z',
  );
});
