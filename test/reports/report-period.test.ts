import test from 'ava';
import { parsePeriod, previousPeriod } from '../../server/domain/reports/report-period';
import { monthsOf, percentileHours } from '../../server/domain/reports/report-math';

// The period a report compares with, and the arithmetic its figures share.

const label = (q: Parameters<typeof parsePeriod>[0]) => previousPeriod(parsePeriod(q)).label;

for (const [q, before] of [
  [{ half: '2026H2' }, '2026年上半年'],
  [{ half: '2026H1' }, '2025年下半年'],
  [{ month: '2026-11' }, '2026年10月'],
  [{ month: '2026-01' }, '2025年12月'],
  [{ from: '2026-11-01', to: '2026-11-10' }, '2026-10-22至2026-10-31'],
  [{ from: '2026-01-01', to: '2026-12-31' }, '2025-01-01至2025-12-31'],
] as const) {
  test(`before ${JSON.stringify(q)} comes ${before}`, (t) => t.is(label(q), before));
}

test('a half year spans six Shanghai months; a range its months, in order', (t) => {
  t.deepEqual(monthsOf(parsePeriod({ half: '2026H2' })), ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']);
  t.deepEqual(monthsOf(parsePeriod({ from: '2026-12-31', to: '2027-01-01' })), ['2026-12', '2027-01']);
});

test('percentiles are nearest-rank on the histogram', (t) => {
  const h = [{ hours: 96, n: 1 }, { hours: 48, n: 1 }, { hours: 240, n: 1 }];
  t.is(percentileHours(h, 0.5), 96);
  t.is(percentileHours(h, 0.9), 240);
  t.is(percentileHours([{ hours: 10, n: 9 }, { hours: 100, n: 1 }], 0.9), 10);
  t.is(percentileHours([{ hours: 10, n: 9 }, { hours: 100, n: 2 }], 0.9), 100);
  t.is(percentileHours([], 0.5), null);
});
