import { readFileSync } from 'node:fs';
import test from 'ava';
import fc from 'fast-check';
import type { DeadlineSpec } from '../../server/domain/calendar/calendar';
import { readCalendarFile } from '../../server/domain/calendar/calendar-files';
import { buildWorkingCalendar, type CalendarDayRow } from '../../server/domain/calendar/working-days';

// The arithmetic of working days and periods, against the package's data for
// 2004–2026, and against a brute-force day-by-day reference written apart from it.

type Raw = { holidays: Record<string, string>; workdays: Record<string, string> };
const YEARS = Array.from({ length: 2026 - 2004 + 1 }, (_, i) => 2004 + i);
const raw: Record<number, Raw> = Object.fromEntries(
  YEARS.map((y) => [y, JSON.parse(readFileSync(require.resolve(`chinese-days/dist/years/${y}.json`), 'utf8')) as Raw]),
);

// The calendar as the server builds it: the package's files through the loader.
function calendarOf(years: number[]) {
  const rows: CalendarDayRow[] = [];
  for (const y of years) {
    const path = require.resolve(`chinese-days/dist/years/${y}.json`);
    for (const a of readCalendarFile(path, readFileSync(path, 'utf8'))) {
      rows.push(...a.holidays.map((d) => ({ date: d.date, kind: 'holiday' as const })), ...a.workdays.map((d) => ({ date: d.date, kind: 'workday' as const })));
    }
  }
  return buildWorkingCalendar(rows, years);
}
const full = calendarOf(YEARS);

// ---- the reference: one day at a time, in Date objects and ISO text ----
const iso = (d: Date) => d.toISOString().slice(0, 10);
const nextDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1));
function refIsWorkday(d: Date, covered: Set<number>, touched: Set<number>): boolean {
  const y = d.getUTCFullYear();
  touched.add(y);
  const key = iso(d);
  if (covered.has(y) && raw[y]) {
    if (key in raw[y]!.workdays) return true;
    if (key in raw[y]!.holidays) return false;
  }
  return d.getUTCDay() !== 0 && d.getUTCDay() !== 6;
}
function reference(from: Date, spec: DeadlineSpec, covered: Set<number>): { last: string; provisional: boolean } {
  const touched = new Set<number>();
  const sh = new Date(from.getTime() + 8 * 3600 * 1000);
  let d = new Date(Date.UTC(sh.getUTCFullYear(), sh.getUTCMonth(), sh.getUTCDate()));
  const rollForward = () => {
    while (!refIsWorkday(d, covered, touched)) d = nextDay(d);
  };
  if ('workingDays' in spec) {
    for (let left = spec.workingDays; left > 0; ) {
      d = nextDay(d);
      if (refIsWorkday(d, covered, touched)) left--;
    }
  } else if ('days' in spec) {
    for (let i = 0; i < spec.days; i++) d = nextDay(d);
    rollForward();
  } else if ('months' in spec) {
    const startDay = d.getUTCDate();
    let monthsEntered = 0;
    while (monthsEntered < spec.months) {
      d = nextDay(d);
      if (d.getUTCDate() === 1) monthsEntered++;
    }
    // In the last month: walk to the same-numbered day, or stop at the month's end.
    while (d.getUTCDate() < startDay && nextDay(d).getUTCDate() !== 1) d = nextDay(d);
    if (spec.months === 0) d = new Date(Date.UTC(sh.getUTCFullYear(), sh.getUTCMonth(), sh.getUTCDate()));
    rollForward();
  }
  return { last: iso(d), provisional: [...touched].some((y) => !covered.has(y)) };
}

// The last day of a deadline, read back from its end instant (23:59:59.999 Shanghai).
function lastDayOf(dueAt: Date): string {
  const sh = new Date(dueAt.getTime() + 8 * 3600 * 1000);
  return iso(sh);
}

test('DESIGN.md: registered 2026-09-24, 6 working days → 2026-10-10, a Saturday make-up day', (t) => {
  const d = full.deadline(new Date('2026-09-24T03:00:00.000Z'), { workingDays: 6 });
  t.is(d.dueAt.toISOString(), '2026-10-10T15:59:59.999Z');
  t.false(d.provisional);
  t.true(full.isWorkday({ year: 2026, month: 10, day: 10 }));
});

test('DESIGN.md: two months from 2026-08-01 → 2026-10-08 (10-01 falls in the National Day holiday)', (t) => {
  const d = full.deadline(new Date('2026-08-01T02:00:00.000Z'), { months: 2 });
  t.is(d.dueAt.toISOString(), '2026-10-08T15:59:59.999Z');
  t.false(d.provisional);
});

test('the start is the Shanghai day of the moment: 23:30 UTC is already the next day', (t) => {
  // 2026-09-23T23:30Z is 09-24 07:30 in Shanghai: the same as the DESIGN.md example.
  t.is(full.deadline(new Date('2026-09-23T23:30:00.000Z'), { workingDays: 6 }).dueAt.toISOString(), '2026-10-10T15:59:59.999Z');
  // 2026-09-24T16:00Z is 09-25 00:00: one working day later counts from the 25th.
  t.is(lastDayOf(full.deadline(new Date('2026-09-24T16:00:00.000Z'), { workingDays: 1 }).dueAt), '2026-09-28');
});

test('month periods end on the month\'s last day where it has no same-numbered day; rest days move them on', (t) => {
  // 2026-01-31 + 1 month → 02-28: a Saturday, but a Spring Festival make-up working day.
  t.is(lastDayOf(full.deadline(new Date('2026-01-31T02:00:00.000Z'), { months: 1 }).dueAt), '2026-02-28');
  // 2025-03-31 + 2 months → 05-31, a Saturday in the Dragon Boat holiday (05-31 to 06-02) → 06-03.
  t.is(lastDayOf(full.deadline(new Date('2025-03-31T02:00:00.000Z'), { months: 2 }).dueAt), '2025-06-03');
  // 2024 is a leap year: 01-31 + 1 month → 02-29, a Thursday.
  t.is(lastDayOf(full.deadline(new Date('2024-01-31T02:00:00.000Z'), { months: 1 }).dueAt), '2024-02-29');
  // Calendar days: from 2026-09-01, 30 days → 10-01, a holiday → 10-08.
  t.is(lastDayOf(full.deadline(new Date('2026-09-01T02:00:00.000Z'), { days: 30 }).dueAt), '2026-10-08');
});

test('a make-up working day counts and a weekday holiday does not', (t) => {
  t.true(full.isWorkday({ year: 2026, month: 9, day: 20 })); // Sunday, 调休
  t.false(full.isWorkday({ year: 2026, month: 10, day: 5 })); // Monday, 国庆
  t.false(full.isWorkday({ year: 2026, month: 11, day: 28 })); // an ordinary Saturday
  t.deepEqual(full.nextWorkdayOnOrAfter({ year: 2026, month: 10, day: 1 }), { year: 2026, month: 10, day: 8 });
  t.deepEqual(full.nextWorkdayOnOrAfter({ year: 2026, month: 10, day: 9 }), { year: 2026, month: 10, day: 9 });
});

test('a fixed moment is itself and never provisional', (t) => {
  const at = new Date('2030-05-01T01:00:00.000Z');
  t.deepEqual(full.deadline(new Date('2026-01-01T00:00:00.000Z'), { at }), { dueAt: at, provisional: false });
});

test('a deadline reaching 2027 is provisional and counts weekends only there', (t) => {
  t.false(full.covers(2027));
  // From Thursday 2026-12-24, 10 working days: 12-25, 28, 29, 30, 31, then 2027: 01-01 (Fri) … 01-07.
  const d = full.deadline(new Date('2026-12-24T02:00:00.000Z'), { workingDays: 10 });
  t.is(lastDayOf(d.dueAt), '2027-01-07');
  t.true(d.provisional);
  t.deepEqual(full.lastDay(new Date('2026-12-24T02:00:00.000Z'), { workingDays: 10 }).uncoveredYears, [2027]);
  // One that stays in 2026 is not.
  t.false(full.deadline(new Date('2026-12-01T02:00:00.000Z'), { workingDays: 10 }).provisional);
  // A period whose last day is in 2026 and a working day never looks at 2027.
  t.false(full.deadline(new Date('2026-12-01T02:00:00.000Z'), { days: 30 }).provisional); // 12-31, a Thursday
});

test('nonsense specs are refused, not looped on', (t) => {
  const from = new Date('2026-01-01T00:00:00.000Z');
  t.throws(() => full.deadline(from, { days: -1 }), { instanceOf: RangeError });
  t.throws(() => full.deadline(from, { workingDays: 1.5 }), { instanceOf: RangeError });
  t.throws(() => full.deadline(from, { months: 1e9 }), { instanceOf: RangeError });
  t.throws(() => full.deadline(from, {} as DeadlineSpec), { instanceOf: TypeError });
});

// Any moment from 2004-01-01 to 2026-12-31 Shanghai time.
const moment = fc.integer({ min: Date.UTC(2003, 11, 31, 16), max: Date.UTC(2026, 11, 31, 15, 59, 59, 999) }).map((t) => new Date(t));
const spec: fc.Arbitrary<DeadlineSpec> = fc.oneof(
  fc.integer({ min: 0, max: 60 }).map((workingDays) => ({ workingDays })),
  fc.integer({ min: 0, max: 400 }).map((days) => ({ days })),
  fc.integer({ min: 0, max: 24 }).map((months) => ({ months })),
);
const show = (from: Date, s: DeadlineSpec) => `${from.toISOString()} ${JSON.stringify(s)}`;

test('property: every deadline matches the day-by-day reference, 2004–2026 covered', (t) => {
  const covered = new Set(YEARS);
  fc.assert(
    fc.property(moment, spec, (from, s) => {
      const got = full.deadline(from, s);
      const want = reference(from, s, covered);
      t.is(lastDayOf(got.dueAt), want.last, show(from, s));
      t.is(got.provisional, want.provisional, show(from, s));
      // Always the last millisecond of a Shanghai day.
      t.is(new Date(got.dueAt.getTime() + 1 + 8 * 3600 * 1000).getUTCHours(), 0);
    }),
    { numRuns: 3000 },
  );
});

test('property: with some years missing, those count weekends only and make the deadline provisional', (t) => {
  fc.assert(
    fc.property(moment, spec, fc.subarray(YEARS, { minLength: 1 }), (from, s, years) => {
      const cal = calendarOf(years);
      const want = reference(from, s, new Set(years));
      const got = cal.deadline(from, s);
      t.is(lastDayOf(got.dueAt), want.last, `${show(from, s)} covering ${years.length} years`);
      t.is(got.provisional, want.provisional, show(from, s));
    }),
    { numRuns: 300 },
  );
});

test('property: the deadline is a working day, after the start, and never earlier for a longer span', (t) => {
  fc.assert(
    fc.property(moment, fc.constantFrom('workingDays', 'days', 'months'), fc.integer({ min: 1, max: 60 }), (from, unit, n) => {
      const a = full.lastDay(from, { [unit]: n } as DeadlineSpec);
      const b = full.lastDay(from, { [unit]: n + 1 } as DeadlineSpec);
      t.true(full.isWorkday(a.day));
      const key = (d: { year: number; month: number; day: number }) => d.year * 10000 + d.month * 100 + d.day;
      t.true(key(b.day) >= key(a.day));
    }),
    { numRuns: 1000 },
  );
});
