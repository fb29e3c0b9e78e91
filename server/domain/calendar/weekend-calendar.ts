import { addDays, shanghaiDate, shanghaiTime, type LocalDate } from '../shanghai-time';
import type { CalendarSource, Deadline, DeadlineSpec, WorkingCalendar } from './calendar';

// A working calendar that knows weekends only: what a deadline falls back to
// for a year without holiday data (and so provisional there), and the
// stand-in until the holiday calendar is wired. `covers` says which years
// count as known; by default none, so every deadline it computes is provisional.

const weekday = (d: LocalDate) => new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();

// The end of a Shanghai day: 23:59:59.999.
export const endOfShanghaiDay = (d: LocalDate): Date => new Date(shanghaiTime(addDays(d, 1)).getTime() - 1);

export function createWeekendCalendar(opts: { covers?: (year: number) => boolean } = {}): WorkingCalendar {
  const covers = opts.covers ?? (() => false);
  const isWorkday = (d: LocalDate) => weekday(d) !== 0 && weekday(d) !== 6;
  const nextWorkdayOnOrAfter = (day: LocalDate) => {
    let d = day;
    while (!isWorkday(d)) d = addDays(d, 1);
    return d;
  };
  const provisional = (from: LocalDate, to: LocalDate) => {
    for (let y = from.year; y <= to.year; y++) if (!covers(y)) return true;
    return false;
  };
  return {
    covers,
    isWorkday,
    nextWorkdayOnOrAfter,
    deadline(from: Date, spec: DeadlineSpec): Deadline {
      if ('at' in spec) return { dueAt: spec.at, provisional: false };
      const start = shanghaiDate(from);
      let last: LocalDate;
      if ('workingDays' in spec) {
        last = start;
        for (let n = 0; n < spec.workingDays; ) {
          last = addDays(last, 1);
          if (isWorkday(last)) n++;
        }
      } else if ('days' in spec) {
        last = nextWorkdayOnOrAfter(addDays(start, spec.days));
      } else {
        const m = start.month - 1 + spec.months;
        const year = start.year + Math.floor(m / 12);
        const month = (m % 12) + 1;
        const lastOfMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
        last = nextWorkdayOnOrAfter({ year, month, day: Math.min(start.day, lastOfMonth) });
      }
      return { dueAt: endOfShanghaiDay(last), provisional: provisional(start, last) };
    },
  };
}

export function staticCalendarSource(calendar: WorkingCalendar): CalendarSource {
  return { current: async () => calendar };
}
