import { staff } from '../../texts/staff.texts';
import { mdText } from '../outbox/markdown-text';
import type { ReportFigures, ReportName } from './charts/chart-figures';

const C = staff.reportCharts;
const S = staff.reportSchedule;
// A group card stays short: the chart and the file carry the rest.
const MAX_AGENCIES = 10;

// The markdown lines that go with a report's chart: its totals, and for the
// appearance report the agencies with the lowest rate first.
export function summaryLines<N extends ReportName>(name: N, figures: ReportFigures[N]): string[] {
  if (name === 'disputes') {
    const f = figures as ReportFigures['disputes'];
    return [
      ...(Object.keys(C.totals) as Array<keyof typeof C.totals>).map((k) => S.line(C.totals[k], f.totals[k])),
      S.line(C.successRate, C.percent(f.successRate)),
    ];
  }
  if (name === 'appearance') {
    const f = figures as ReportFigures['appearance'];
    const t = f.total;
    const lines = [
      S.line(C.columns.required, t.required),
      S.line(C.series.head, t.head),
      S.line(C.series.deputy, t.deputy),
      S.line(C.series.none, t.none),
      S.line(C.rate, C.percent(t.rate)),
      ...(f.previous ? [S.line(C.previousRate, C.percent(f.previous.rate))] : []),
    ];
    const rows = f.byAgency.slice(0, MAX_AGENCIES).map((r) => S.agencyLine(mdText(r.agency?.name ?? C.noAgency), C.percent(r.rate), r.required));
    const more = f.byAgency.length > MAX_AGENCIES ? [S.moreAgencies(f.byAgency.length - MAX_AGENCIES)] : [];
    return [...lines, ...rows, ...more];
  }
  if (name === 'suggestions') {
    const f = figures as ReportFigures['suggestions'];
    return (['issued', 'onTime', 'late', 'overdue'] as const).map((k) => S.line(C.series[k], f.total[k]));
  }
  const f = figures as ReportFigures['linkage'];
  const sum = (k: 'open' | 'answered' | 'overdue' | 'transferred') => f.byType.reduce((n, r) => n + r[k], 0);
  return (['open', 'answered', 'overdue', 'transferred'] as const).map((k) => S.line(C.series[k], sum(k)));
}

export function summaryCard<N extends ReportName>(name: N, figures: ReportFigures[N], withFilesNote: boolean): string {
  const period = figures.period.label ?? '';
  return [S.summaryTitle(C.titles[name], period), ...summaryLines(name, figures), ...(withFilesNote ? [S.filesNote] : [])].join('\n');
}
