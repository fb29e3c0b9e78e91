import { staff } from '../../texts/staff.texts';
import type { AppearanceRow, FiguresOf, ReportFigures, ReportName } from './report-types';

// What each report's workbook holds: one sheet per breakdown, each a list of
// columns (a Chinese header, a kind, a width) and the rows to fill them from.

export type ColumnKind = 'text' | 'int' | 'rate' | 'days';

export interface SheetColumn {
  key: string;
  header: string;
  kind: ColumnKind;
  width: number;
}

export interface SheetSpec {
  name: string;
  columns: SheetColumn[];
  // any object: read by the columns' keys
  rows: ReadonlyArray<object>;
}

const H = staff.reports.headers;
const S = staff.reports.sheets;
const text = (key: string, header: string, width = 24): SheetColumn => ({ key, header, kind: 'text', width });
const int = (key: string, header: string): SheetColumn => ({ key, header, kind: 'int', width: 10 });
const pct = (key: string, header: string): SheetColumn => ({ key, header, kind: 'rate', width: 12 });
const days = (key: string, header: string): SheetColumn => ({ key, header, kind: 'days', width: 14 });

const disputeColumns = (first: string, firstWidth = 24): SheetColumn[] => [
  text('label', first, firstWidth), int('filed', H.filed), int('resolved', H.resolved), int('failed', H.failed),
  int('withdrawn', H.withdrawn), int('open', H.open), int('overdue', H.overdue), pct('successRate', H.successRate),
];
const withSuccess = <T extends { resolved: number; failed: number }>(r: T) => ({
  ...r, successRate: r.resolved + r.failed ? Math.round((r.resolved / (r.resolved + r.failed)) * 10000) / 10000 : null,
});

function disputes(f: FiguresOf['disputes']): SheetSpec[] {
  return [
    {
      name: S.summary,
      columns: [text('label', H.item, 28), { key: 'value', header: H.value, kind: 'int', width: 14 }],
      rows: [
        { label: H.filed, value: f.totals.filed }, { label: H.resolved, value: f.totals.resolved },
        { label: H.failed, value: f.totals.failed }, { label: H.withdrawn, value: f.totals.withdrawn },
        { label: H.open, value: f.totals.open }, { label: H.overdue, value: f.totals.overdue },
      ],
    },
    {
      name: S.rates,
      columns: [text('label', H.item, 28), pct('successRate', H.successRate), days('median', H.medianDays), days('p90', H.p90Days)],
      rows: [{ label: S.rates, successRate: f.successRate, median: f.daysToResolve.median, p90: f.daysToResolve.p90 }],
    },
    { name: S.byCategory, columns: disputeColumns(H.category, 16), rows: f.byCategory.map(withSuccess) },
    { name: S.byTownship, columns: disputeColumns(H.township), rows: f.byTownship.map(withSuccess) },
    { name: S.byVillage, columns: disputeColumns(H.village), rows: f.byVillage.map(withSuccess) },
    { name: S.byCommittee, columns: disputeColumns(H.committee, 32), rows: f.byCommittee.map(withSuccess) },
    { name: S.byMonth, columns: disputeColumns(H.month, 12), rows: f.byMonth.map(withSuccess) },
  ];
}

const appearanceColumns: SheetColumn[] = [
  text('label', H.agency, 32), int('required', H.required), int('head', H.head), int('deputy', H.deputy),
  int('none', H.none), int('unrecorded', H.unrecorded), pct('rate', H.appearanceRate), pct('headRate', H.headRate),
];
const appearanceRow = (r: AppearanceRow, label: string) => ({ ...r, label });

function appearance(f: FiguresOf['appearance']): SheetSpec[] {
  return [
    {
      name: S.summary,
      columns: [text('label', H.period, 28), ...appearanceColumns.slice(1)],
      rows: [
        appearanceRow(f.total, f.period.label),
        appearanceRow(f.previous.total, f.previous.period.label),
        { label: H.change, required: f.change.required, rate: f.change.rate, headRate: f.change.headRate },
      ],
    },
    { name: S.byAgency, columns: appearanceColumns, rows: f.byAgency.map((r) => appearanceRow(r, r.agency?.name ?? staff.reports.labels.noAgency)) },
  ];
}

function suggestions(f: FiguresOf['suggestions']): SheetSpec[] {
  const columns = (first: string): SheetColumn[] => [
    text('label', first, 32), int('issued', H.issued), int('answeredOnTime', H.answeredOnTime), int('answeredLate', H.answeredLate),
    int('overdue', H.overdue), int('pending', H.pending), pct('answerRate', H.answerRate),
  ];
  return [
    { name: S.summary, columns: [...columns(H.item), days('median', H.medianAnswerDays)], rows: [{ ...f.totals, label: S.total, median: f.daysToAnswer.median }] },
    { name: S.byAgency, columns: columns(H.agency), rows: f.byAgency },
  ];
}

function linkage(f: FiguresOf['linkage']): SheetSpec[] {
  const columns = (first: string): SheetColumn[] => [
    text('label', first, 32), int('total', H.total), int('open', H.open), int('answered', H.answered), int('overdue', H.overdue), int('transferred', H.transferred),
  ];
  return [
    { name: S.summary, columns: columns(H.item), rows: [{ ...f.totals, label: S.total }] },
    { name: S.byType, columns: columns(H.type), rows: f.byType },
    { name: S.byAgency, columns: columns(H.agency), rows: f.byAgency },
  ];
}

export function reportSheets(f: ReportFigures): SheetSpec[] {
  switch (f.report) {
    case 'disputes': return disputes(f);
    case 'appearance': return appearance(f);
    case 'suggestions': return suggestions(f);
    case 'linkage': return linkage(f);
  }
}

export const reportTitle = (name: ReportName): string => staff.reports.titles[name];
