import { DomainError } from '../../server/domain/errors';
import type { ReportName } from '../../server/domain/reports/charts/chart-figures';
import { REPORT_NAMES } from '../../server/domain/reports/charts/chart-figures';
import { parsePeriod } from '../../server/domain/reports/report-period';
import { MONTHLY_REPORTS } from '../../server/domain/reports/report-schedule';
import { factsLine } from '../../server/domain/reports/report-summary';
import { isoDay, shanghaiDate } from '../../server/domain/shanghai-time';
import { staff } from '../../server/texts/staff.texts';
import type { BotCommand } from '../command';

// 统计: this month's figures in the asker's scope, one card. 通报: the admin
// sends a scheduled report now, by the same path as the schedule.

const B = staff.botReports;
const C = staff.reportCharts;

const stats: BotCommand = {
  name: B.stats.name,
  args: 'none',
  usage: B.stats.usage,
  summary: B.stats.summary,
  roles: ['mediator', 'judge', 'official', 'admin'],
  async run(ctx) {
    const today = shanghaiDate(ctx.now);
    const period = parsePeriod({ from: isoDay({ ...today, day: 1 }), to: isoDay(today) });
    const sections: string[] = [];
    for (const name of REPORT_NAMES) {
      try {
        const figures = await ctx.services.reports.figures(name, period, ctx.principal);
        sections.push(factsLine(name, figures));
      } catch (err) {
        // A report not yet available, or not in this role's scope, is left out.
        if (!(err instanceof DomainError)) throw err;
      }
    }
    if (!sections.length) return B.nothing;
    return [staff.reportSchedule.monthCard(staff.reports.period.monthLabel(today.year, today.month)), ...sections].join('\n');
  },
};

const send: BotCommand = {
  name: B.send.name,
  args: 'text',
  usage: B.send.usage,
  summary: B.send.summary,
  roles: ['admin'],
  async run(ctx, { text }) {
    const key = (text ?? '').trim().toUpperCase();
    let names: readonly ReportName[];
    try {
      names = /H/.test(key) ? (parsePeriod({ half: key }), ['appearance']) : (parsePeriod({ month: key }), MONTHLY_REPORTS);
    } catch {
      return staff.bot.didYouMean(B.send.usage);
    }
    // Sent by hand: its own dedupe keys, so what the schedule sent can go again.
    const tag = `by:${ctx.principal.userId ?? 0}:${ctx.now.toISOString().slice(0, 16)}`;
    const answers: string[] = [];
    for (const name of names) {
      const title = C.titles[name];
      try {
        const r = await ctx.services.reportDispatch.send(name, key, { tag });
        answers.push(r.already ? staff.reportSchedule.alreadySent(title) : staff.reportSchedule.sentNow(title, r.groups));
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        answers.push(`${title}: ${err.message}`);
      }
    }
    return answers.join('\n');
  },
};

export const reportCommands: BotCommand[] = [stats, send];
