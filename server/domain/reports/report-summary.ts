import { staff } from '../../texts/staff.texts';
import { mdText } from '../outbox/markdown-text';
import type { ReportFigures, ReportName } from './charts/chart-figures';

const C = staff.reportCharts;
const S = staff.reportSchedule;
// A group card stays short: the chart and the file carry the rest.
const MAX_AGENCIES = 10;

type Fact = readonly [label: string, value: string | number];

// A report's headline numbers, label and value, in reading order.
export function summaryFacts<N extends ReportName>(name: N, figures: ReportFigures[N]): Fact[] {
  if (name === 'disputes') {
    const f = figures as ReportFigures['disputes'];
    return [
      ...(Object.keys(C.totals) as Array<keyof typeof C.totals>).map((k): Fact => [C.totals[k], f.totals[k]]),
      [C.successRate, C.percent(f.successRate)],
    ];
  }
  if (name === 'appearance') {
    const f = figures as ReportFigures['appearance'];
    const t = f.total;
    return [
      [C.columns.required, t.required], [C.series.head, t.head], [C.series.deputy, t.deputy], [C.series.none, t.none],
      [C.rate, C.percent(t.rate)], [C.previousRate, C.percent(f.previous.total.rate)],
    ];
  }
  if (name === 'suggestions') {
    const t = (figures as ReportFigures['suggestions']).totals;
    return [
      [C.series.issued, t.issued], [C.series.onTime, t.answeredOnTime], [C.series.late, t.answeredLate],
      [C.series.overdue, t.overdue], [C.series.pending, t.pending], [C.answerRate, C.percent(t.answerRate)],
    ];
  }
  const t = (figures as ReportFigures['linkage']).totals;
  return (['total', 'open', 'answered', 'overdue', 'transferred'] as const).map((k): Fact => [C.series[k], t[k]]);
}

// The markdown card that follows a report's chart into a group: the facts a
// line each, and for the appearance 通报 the agencies, lowest rate first.
export function summaryCard<N extends ReportName>(name: N, figures: ReportFigures[N], withFilesNote: boolean): string {
  const lines = summaryFacts(name, figures).map(([label, value]) => S.line(label, value));
  if (name === 'appearance') {
    const rows = (figures as ReportFigures['appearance']).byAgency;
    lines.push(...rows.slice(0, MAX_AGENCIES).map((r) => S.agencyLine(mdText(r.agency?.name ?? C.noAgency), C.percent(r.rate), r.required)));
    if (rows.length > MAX_AGENCIES) lines.push(S.moreAgencies(rows.length - MAX_AGENCIES));
  }
  return [S.summaryTitle(C.titles[name], figures.period.label), ...lines, ...(withFilesNote ? [S.filesNote] : [])].join('\n');
}

// One line of facts, for the `统计` card that puts every report in one message.
export function factsLine<N extends ReportName>(name: N, figures: ReportFigures[N]): string {
  return S.factsLine(C.titles[name], summaryFacts(name, figures).map(([label, value]) => S.fact(label, value)));
}
