import type { WorkingCalendar } from '../calendar/calendar';
import { shanghaiDate, shanghaiTime, type LocalDate } from '../shanghai-time';
import type { ReportName } from './charts/chart-figures';
import type { PeriodKey } from './report-dispatch';

// When the scheduled reports are due, as a pure function of now, the working
// calendar and the configured time of day: on the first working day of the
// month (January and July for the appearance 通报) at that time or later in
// that month. A run that missed the moment (the server was down at 09:00)
// catches up later the same month; the outbox dedupe keys make every later
// run find the period sent.

export interface TimeOfDay {
  hour: number;
  minute: number;
}

export interface ReportScheduleConfig {
  // null: that schedule is off.
  appearanceAt: TimeOfDay | null;
  monthlyAt: TimeOfDay | null;
}

// The monthly figures: pre-litigation mediation for the liaison office (四5),
// and the linkage items.
export const MONTHLY_REPORTS: readonly ReportName[] = ['disputes', 'linkage'];

// For a year the calendar has no holiday data for, weekends plus the
// fixed-date statutory holidays that can fall on a first of the month
// (元旦 1 Jan, 劳动节 1–2 May, 国庆 1–3 Oct). January 2027 before its
// arrangement is loaded: 1 Jan is a Friday, 2–3 a weekend, so 4 January.
const FIXED_HOLIDAYS = new Set(['1-1', '5-1', '5-2', '10-1', '10-2', '10-3']);

export function firstWorkingDay(calendar: WorkingCalendar, year: number, month: number): { day: LocalDate; provisional: boolean } {
  const first = { year, month, day: 1 };
  if (calendar.covers(year)) return { day: calendar.nextWorkdayOnOrAfter(first), provisional: false };
  let day = first;
  for (let d = 1; d <= 10; d++) {
    day = { year, month, day: d };
    const weekday = new Date(Date.UTC(year, month - 1, d)).getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !FIXED_HOLIDAYS.has(`${month}-${d}`)) break;
  }
  return { day, provisional: true };
}

export interface DueReport {
  name: ReportName;
  period: PeriodKey;
  provisional: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function dueReports(now: Date, calendar: WorkingCalendar, cfg: ReportScheduleConfig): DueReport[] {
  const today = shanghaiDate(now);
  const first = firstWorkingDay(calendar, today.year, today.month);
  const reached = (at: TimeOfDay) => now >= shanghaiTime(first.day, at.hour, at.minute);
  const previous = today.month === 1 ? { year: today.year - 1, month: 12 } : { year: today.year, month: today.month - 1 };
  const due: DueReport[] = [];
  if (cfg.monthlyAt && reached(cfg.monthlyAt)) {
    for (const name of MONTHLY_REPORTS) due.push({ name, period: `${previous.year}-${pad(previous.month)}`, provisional: first.provisional });
  }
  if (cfg.appearanceAt && (today.month === 1 || today.month === 7) && reached(cfg.appearanceAt)) {
    due.push({ name: 'appearance', period: today.month === 1 ? `${today.year - 1}H2` : `${today.year}H1`, provisional: first.provisional });
  }
  return due;
}

// "09:00"; "off" turns a schedule off.
export function parseTimeOfDay(text: string): TimeOfDay | null | undefined {
  if (text.trim().toLowerCase() === 'off') return null;
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return undefined;
  return { hour: Number(m[1]), minute: Number(m[2]) };
}
