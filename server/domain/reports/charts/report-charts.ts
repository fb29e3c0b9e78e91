import { staff } from '../../../texts/staff.texts';
import { appearanceChart } from './appearance.chart';
import type { ReportFigures, ReportName } from './chart-figures';
import { disputesChart } from './disputes.chart';
import { linkageChart } from './linkage.chart';
import { suggestionsChart } from './suggestions.chart';

const T = staff.reportCharts;

// One chart and the tables of each report, as pure functions of its figures.

export function chartOption<N extends ReportName>(name: N, figures: ReportFigures[N]): Record<string, unknown> {
  switch (name) {
    case 'disputes': return disputesChart(figures as ReportFigures['disputes']);
    case 'appearance': return appearanceChart(figures as ReportFigures['appearance']);
    case 'suggestions': return suggestionsChart(figures as ReportFigures['suggestions']);
    default: return linkageChart(figures as ReportFigures['linkage']);
  }
}

export interface ReportTable {
  headers: string[];
  rows: Array<Array<string | number>>;
}

const agencyName = (a: { name: string } | null) => a?.name ?? T.noAgency;

export function reportTables<N extends ReportName>(name: N, figures: ReportFigures[N]): ReportTable[] {
  const S = T.series;
  const C = T.columns;
  if (name === 'disputes') {
    const f = figures as ReportFigures['disputes'];
    const totals: Array<Array<string | number>> = (Object.keys(T.totals) as Array<keyof typeof T.totals>).map((k) => [T.totals[k], f.totals[k]]);
    totals.push([T.successRate, T.percent(f.successRate)]);
    if (f.daysToResolve?.median != null) totals.push([T.median, f.daysToResolve.median]);
    if (f.daysToResolve?.p90 != null) totals.push([T.p90, f.daysToResolve.p90]);
    return [
      { headers: [C.item, C.value], rows: totals },
      { headers: [C.category, S.filed, S.resolved, S.failed], rows: f.byCategory.map((r) => [r.label, r.filed, r.resolved, r.failed ?? 0]) },
    ];
  }
  if (name === 'appearance') {
    const f = figures as ReportFigures['appearance'];
    const row = (label: string, r: ReportFigures['appearance']['total']) => [label, r.required, r.head, r.deputy, r.none, r.unrecorded, T.percent(r.rate)];
    return [{
      headers: [C.agency, C.required, S.head, S.deputy, S.none, S.unrecorded, T.rate],
      rows: [...f.byAgency.map((r) => row(agencyName(r.agency), r)), row(T.totalRow, f.total)],
    }];
  }
  if (name === 'suggestions') {
    const f = figures as ReportFigures['suggestions'];
    const row = (label: string, r: ReportFigures['suggestions']['totals']) => [label, r.issued, r.answeredOnTime, r.answeredLate, r.overdue, r.pending, T.percent(r.answerRate)];
    return [{
      headers: [C.agency, S.issued, S.onTime, S.late, S.overdue, S.pending, T.answerRate],
      rows: [...f.byAgency.map((r) => row(r.label, r)), row(T.totalRow, f.totals)],
    }];
  }
  const f = figures as ReportFigures['linkage'];
  const row = (label: string, r: ReportFigures['linkage']['totals']) => [label, r.total, r.open, r.answered, r.overdue, r.transferred];
  const headers = [S.total, S.open, S.answered, S.overdue, S.transferred];
  return [
    { headers: [C.type, ...headers], rows: [...f.byType.map((r) => row(r.label, r)), row(T.totalRow, f.totals)] },
    { headers: [C.agency, ...headers], rows: f.byAgency.map((r) => row(r.label, r)) },
  ];
}
