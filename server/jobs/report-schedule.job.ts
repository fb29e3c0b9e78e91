import type { Logger } from 'pino';
import type { CalendarSource } from '../domain/calendar/calendar';
import type { ReportDispatch } from '../domain/reports/report-dispatch';
import { dueReports, type ReportScheduleConfig } from '../domain/reports/report-schedule';

// Hourly: sends each scheduled report whose moment has come this month and
// that was not sent yet (the dispatch's dedupe keys decide; two instances or
// a rerun send once).

export interface ReportScheduleDeps {
  calendar: CalendarSource;
  dispatch: Pick<ReportDispatch, 'send'>;
  schedule: ReportScheduleConfig;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
}

export const REPORT_SCHEDULE_PATTERN = '0 0 * * * *';

export async function runReportSchedule(deps: ReportScheduleDeps, now: Date) {
  const due = dueReports(now, await deps.calendar.current(), deps.schedule);
  const sent: string[] = [];
  for (const r of due) {
    try {
      const result = await deps.dispatch.send(r.name, r.period);
      if (!result.already) {
        sent.push(`${r.name} ${r.period}`);
        deps.logger.info({ report: r.name, period: r.period, groups: result.groups, provisional: r.provisional }, 'scheduled report sent');
      }
    } catch (err) {
      // One report failing (its figures not available) does not hold back the others.
      deps.logger.error({ err, report: r.name, period: r.period }, 'scheduled report failed');
    }
  }
  return { sent };
}
