/**
 * The national-scale benchmark's own arithmetic (bench/national-stats.ts): a wrong percentile or
 * lag would make every figure in the README's table wrong without anyone noticing.
 */
import { coresUsed, cpuTicksOf, percentile, reminderLag, rssOf } from '../../bench/national-stats';

test('percentiles are nearest-rank: p50 of 1..10 is 5, p99 is 10, none of nothing', () => {
  const xs = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
  expect(percentile(xs, 50)).toBe(5);
  expect(percentile(xs, 99)).toBe(10);
  expect(percentile(xs, 100)).toBe(10);
  expect(percentile(xs, 0)).toBe(1);
  expect(percentile([], 50)).toBeUndefined();
});

test('reminder lag counts from the due time to the first acceptance of each Message-ID', () => {
  const due = [
    { caseId: 'a', messageId: '<a>', dueAt: '2026-12-02T08:00:00.000Z' },
    { caseId: 'b', messageId: '<b>', dueAt: '2026-12-02T08:00:00.000Z' },
    // Created a minute after its reminder was due: its lag counts from its creation.
    {
      caseId: 'c',
      messageId: '<c>',
      dueAt: '2026-12-02T08:00:00.000Z',
      createdAt: '2026-12-02T08:01:00.000Z',
    },
    { caseId: 'd', messageId: '<d>', dueAt: '2026-12-02T08:00:00.000Z' },
  ];
  const accepted = [
    { messageId: '<a>', at: '2026-12-02T08:00:02.000Z' },
    { messageId: '<b>', at: '2026-12-02T08:00:30.000Z' },
    { messageId: '<b>', at: '2026-12-02T08:00:40.000Z' }, // a duplicate: the first counts
    { messageId: '<c>', at: '2026-12-02T08:01:05.000Z' },
    { messageId: '<other>', at: '2026-12-02T08:00:01.000Z' }, // not in the cohort
  ];
  const lag = reminderLag(due, accepted);
  expect(lag).toMatchObject({
    expected: 4,
    delivered: 3,
    missing: 1,
    duplicates: 1,
    createdAfterDue: 1,
    p50Ms: 5_000,
    p99Ms: 30_000,
    maxMs: 30_000,
    spreadSeconds: 63,
  });
});

test('CPU ticks and RSS are read from /proc the way Linux writes them, a command with spaces included', () => {
  const stat =
    '4242 (node worker (x)) S 1 4242 4242 0 -1 4194304 100 0 0 0 1500 250 0 0 20 0 11 0 1000 1 2 3';
  expect(cpuTicksOf(stat)).toBe(1750);
  expect(rssOf('Name:\tnode\nVmRSS:\t  204800 kB\nVmData:\t 1 kB\n')).toBe(200 * 1024 * 1024);
  // 150 ticks (1.5 CPU seconds at 100 Hz) over 3 wall seconds is half a core.
  expect(
    coresUsed({ at: 0, cpuTicks: 100, rssBytes: 0 }, { at: 3_000, cpuTicks: 250, rssBytes: 0 }, 100),
  ).toBe(0.5);
});
