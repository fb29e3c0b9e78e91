import type { CalendarSource, WorkingCalendar } from '../../server/domain/calendar/calendar';
import { createWeekendCalendar, staticCalendarSource } from '../../server/domain/calendar/weekend-calendar';

// A working calendar for tests that need no holidays: Saturdays and Sundays
// off, every year covered (so nothing is provisional) unless `uncovered` says
// otherwise. The real holiday calendar satisfies the same interface.
export function weekendsOnlyCalendar(uncovered: number[] = []): WorkingCalendar {
  return createWeekendCalendar({ covers: (year) => !uncovered.includes(year) });
}

export function weekendsOnlySource(uncovered: number[] = []): CalendarSource {
  return staticCalendarSource(weekendsOnlyCalendar(uncovered));
}
