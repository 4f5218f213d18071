/**
 * Follow-up intensity: delivered hours against the decision, week by week in Oslo time; a case
 * is named only when every one of the last whole weeks was short.
 */
import { addMinutes, intensityShortfall, weekOf, type WeekMinutes } from '../../domain/follow-up-intensity';

const TZ = 'Europe/Oslo';
const rule = { minShare: 0.5, weeks: 4 };
// Wednesday 2 December 2026, 10:00 in Oslo: the whole weeks before are those from 2 November.
const asOf = new Date('2026-12-02T09:00:00Z');

test('a week runs Monday to Sunday', () => {
  expect(weekOf('2026-12-02')).toBe('2026-11-30');
  expect(weekOf('2026-11-30')).toBe('2026-11-30');
  expect(weekOf('2026-12-06')).toBe('2026-11-30');
  expect(weekOf('2027-01-01')).toBe('2026-12-28');
});

test('contact minutes add up per week, and only the latest weeks are kept', () => {
  const weeks: WeekMinutes[] = [];
  addMinutes(weeks, '2026-11-03', 60, 3);
  addMinutes(weeks, '2026-11-05', 30, 3);
  addMinutes(weeks, '2026-11-24', 45, 3);
  addMinutes(weeks, '2026-11-10', 20, 3);
  expect(weeks).toEqual([
    { week: '2026-11-02', minutes: 90 },
    { week: '2026-11-09', minutes: 20 },
    { week: '2026-11-23', minutes: 45 },
  ]);
  addMinutes(weeks, '2026-11-30', 10, 3);
  expect(weeks.map((w) => w.week)).toEqual(['2026-11-09', '2026-11-23', '2026-11-30']);
});

test('four short weeks in a row name the case; one week at half the decision or more does not', () => {
  const base = { grantedHours: 6, followUpStartedAt: '2026-06-01' };
  const short: WeekMinutes[] = [
    { week: '2026-11-02', minutes: 60 },
    { week: '2026-11-09', minutes: 120 },
    { week: '2026-11-23', minutes: 90 },
  ];
  expect(intensityShortfall({ ...base, minutesByWeek: short }, rule, asOf, TZ)).toEqual({
    grantedHours: 6,
    deliveredHours: [1, 2, 0, 1.5],
    from: '2026-11-02',
  });
  const oneGoodWeek = [...short, { week: '2026-11-16', minutes: 180 }];
  expect(intensityShortfall({ ...base, minutesByWeek: oneGoodWeek }, rule, asOf, TZ)).toBeUndefined();
  // This week (from 30 November) is not whole yet and does not count either way.
  const thisWeek = [...short, { week: '2026-11-30', minutes: 600 }];
  expect(intensityShortfall({ ...base, minutesByWeek: thisWeek }, rule, asOf, TZ)?.deliveredHours).toEqual([
    1, 2, 0, 1.5,
  ]);
});

test('a case not yet followed up for the whole period, or without granted hours, is not judged', () => {
  expect(
    intensityShortfall(
      { grantedHours: 6, followUpStartedAt: '2026-11-10', minutesByWeek: [] },
      rule,
      asOf,
      TZ,
    ),
  ).toBeUndefined();
  expect(
    intensityShortfall(
      { grantedHours: 0, followUpStartedAt: '2026-01-10', minutesByWeek: [] },
      rule,
      asOf,
      TZ,
    ),
  ).toBeUndefined();
  expect(
    intensityShortfall(
      { grantedHours: 6, followUpStartedAt: '2026-11-02', minutesByWeek: [] },
      rule,
      asOf,
      TZ,
    ),
  ).toMatchObject({ deliveredHours: [0, 0, 0, 0] });
});
