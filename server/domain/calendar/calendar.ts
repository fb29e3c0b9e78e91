import type { EntityManager } from 'typeorm';
import type { LocalDate } from '../shanghai-time';

// The contract between the working-day calendar and the modules that compute
// deadlines with it (disputes, hearings, linkage items). The calendar module
// implements it; deadline owners depend only on these types.

// How a deadline is set: calendar days or months follow the rule for periods
// (期间: the starting day not counted, a period ending on a rest day moves to
// the next working day); working days skip weekends and holidays and count
// make-up days (调休); `at` is a fixed moment (a joint meeting).
export type DeadlineSpec = { days: number } | { workingDays: number } | { months: number } | { at: Date };

export interface Deadline {
  // 23:59:59.999 Asia/Shanghai of the last day (or `at` itself).
  dueAt: Date;
  // The computation reached a year the calendar does not cover: weekends only.
  provisional: boolean;
}

export interface WorkingCalendar {
  covers(year: number): boolean;
  isWorkday(day: LocalDate): boolean;
  // The first working day on or after `day`.
  nextWorkdayOnOrAfter(day: LocalDate): LocalDate;
  deadline(from: Date, spec: DeadlineSpec): Deadline;
}

// Called in the transaction that loaded (or replaced) a year: recompute every
// open deadline that reaches it, re-plan reminders, tell whoever must know.
export type YearLoadedHook = (em: EntityManager, year: number, calendar: WorkingCalendar) => Promise<{ changed: number }>;

export interface CalendarSource {
  // The calendar as loaded now (cached; a load invalidates the cache).
  current(): Promise<WorkingCalendar>;
}
