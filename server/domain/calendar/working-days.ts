import { shanghaiDate, shanghaiTime, type LocalDate } from '../shanghai-time';
import type { Deadline, DeadlineSpec, WorkingCalendar } from './calendar';

// Working-day and period arithmetic over a loaded calendar, with no database:
// the calendar service builds one of these from its rows, tests build one from
// the package's data.

export type DayKind = 'holiday' | 'workday';

export interface CalendarDayRow {
  date: string; // YYYY-MM-DD
  kind: DayKind;
}

export interface LoadedCalendar extends WorkingCalendar {
  // The years whose arrangement is loaded, ascending.
  coveredYears(): number[];
  // The last day of a deadline, and whether reaching it touched an uncovered year.
  lastDay(from: Date, spec: DeadlineSpec): { day: LocalDate; provisional: boolean; uncoveredYears: number[] };
}

// Far beyond any legal period; a larger number is a caller's bug, not a deadline.
const LIMITS = { days: 36_600, workingDays: 10_000, months: 1_200 } as const;

const DAY_MS = 24 * 3600 * 1000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

// Days as whole numbers (days since 1970-01-01) keep the loops cheap.
const toNumber = (d: LocalDate) => Math.round(Date.UTC(d.year, d.month - 1, d.day) / DAY_MS);
function fromNumber(n: number): LocalDate {
  const d = new Date(n * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
// 1970-01-01 was a Thursday; 0 is Sunday as in Date#getUTCDay.
const weekday = (n: number) => (((n + 4) % 7) + 7) % 7;

// "2026-10-10" → the date, or null for text that is not a real calendar day.
export function parseIsoDay(text: string): LocalDate | null {
  const m = ISO_DAY.exec(text);
  if (!m) return null;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const back = fromNumber(toNumber(date));
  return back.year === date.year && back.month === date.month && back.day === date.day ? date : null;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

// The last instant of a Shanghai day: when every deadline ends.
export function endOfShanghaiDay(day: LocalDate): Date {
  return new Date(shanghaiTime(fromNumber(toNumber(day) + 1)).getTime() - 1);
}

export function buildWorkingCalendar(days: Iterable<CalendarDayRow>, coveredYears: Iterable<number>): LoadedCalendar {
  const covered = new Set(coveredYears);
  const special = new Map<number, DayKind>();
  for (const row of days) {
    const date = parseIsoDay(row.date);
    // A day of a year not marked covered would half-apply an arrangement: ignore it.
    if (date && covered.has(date.year)) special.set(toNumber(date), row.kind);
  }

  const isWorkdayN = (n: number) => {
    const kind = special.get(n);
    if (kind) return kind === 'workday';
    const w = weekday(n);
    return w !== 0 && w !== 6;
  };

  // Every day the computation looks at goes through here, so `provisional`
  // is true exactly when one of them lay in a year without data.
  function probe() {
    const uncovered = new Set<number>();
    let lastYearSeen = NaN;
    let lastYearEnd = -Infinity;
    let lastYearStart = Infinity;
    const look = (n: number) => {
      if (n < lastYearStart || n > lastYearEnd) {
        lastYearSeen = fromNumber(n).year;
        lastYearStart = toNumber({ year: lastYearSeen, month: 1, day: 1 });
        lastYearEnd = toNumber({ year: lastYearSeen, month: 12, day: 31 });
        if (!covered.has(lastYearSeen)) uncovered.add(lastYearSeen);
      }
      return isWorkdayN(n);
    };
    const onOrAfter = (n: number) => {
      while (!look(n)) n++;
      return n;
    };
    return { look, onOrAfter, uncovered };
  }

  function lastDay(from: Date, spec: DeadlineSpec) {
    const start = toNumber(shanghaiDate(from));
    const p = probe();
    let last: number;
    if ('workingDays' in spec) {
      let left = count(spec.workingDays, 'workingDays');
      last = start;
      while (left > 0) {
        last++;
        if (p.look(last)) left--;
      }
    } else if ('days' in spec) {
      last = p.onOrAfter(start + count(spec.days, 'days'));
    } else if ('months' in spec) {
      last = p.onOrAfter(addMonths(start, count(spec.months, 'months')));
    } else {
      throw new TypeError(`not a deadline spec: ${JSON.stringify(spec)}`);
    }
    const uncoveredYears = [...p.uncovered].sort((a, b) => a - b);
    return { day: fromNumber(last), provisional: uncoveredYears.length > 0, uncoveredYears };
  }

  return {
    covers: (year) => covered.has(year),
    coveredYears: () => [...covered].sort((a, b) => a - b),
    isWorkday: (day) => isWorkdayN(toNumber(day)),
    nextWorkdayOnOrAfter: (day) => fromNumber(probe().onOrAfter(toNumber(day))),
    lastDay,
    deadline(from: Date, spec: DeadlineSpec): Deadline {
      if ('at' in spec) {
        if (!(spec.at instanceof Date) || Number.isNaN(spec.at.getTime())) throw new TypeError('deadline `at` must be a valid Date');
        return { dueAt: new Date(spec.at.getTime()), provisional: false };
      }
      const { day, provisional } = lastDay(from, spec);
      return { dueAt: endOfShanghaiDay(day), provisional };
    },
  };
}

// The same-numbered day `months` months on, or that month's last day.
function addMonths(start: number, months: number): number {
  const d = fromNumber(start);
  const index = d.year * 12 + (d.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return toNumber({ year, month, day: Math.min(d.day, daysInMonth(year, month)) });
}

function count(n: number, unit: keyof typeof LIMITS): number {
  if (!Number.isInteger(n) || n < 0 || n > LIMITS[unit]) throw new RangeError(`${unit} must be a whole number from 0 to ${LIMITS[unit]} (got ${n})`);
  return n;
}
