import { readFileSync } from 'node:fs';
import { readCalendarFile } from '../../server/domain/calendar/calendar-files';
import { staticCalendarSource } from '../../server/domain/calendar/weekend-calendar';
import { buildWorkingCalendar, type CalendarDayRow } from '../../server/domain/calendar/working-days';

// The real holiday calendar for the given years, read from the chinese-days
// package's files the way the server loads them; other years are uncovered
// (weekends only, provisional).
export function realCalendarSource(years: number[]) {
  const rows: CalendarDayRow[] = [];
  for (const y of years) {
    const path = require.resolve(`chinese-days/dist/years/${y}.json`);
    for (const a of readCalendarFile(path, readFileSync(path, 'utf8'))) {
      rows.push(...a.holidays.map((d) => ({ date: d.date, kind: 'holiday' as const })), ...a.workdays.map((d) => ({ date: d.date, kind: 'workday' as const })));
    }
  }
  return staticCalendarSource(buildWorkingCalendar(rows, years));
}
