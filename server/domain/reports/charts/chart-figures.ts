// What the chart builders read from each report's figures: only the fields a
// chart or the printable 通报 shows, so the reports module may carry more.

export interface ReportPeriodView {
  from: string;
  to: string;
  label?: string;
}

export interface DisputeFigures {
  period: ReportPeriodView;
  totals: { filed: number; resolved: number; failed: number; withdrawn: number; open: number; overdue: number };
  byCategory: Array<{ key: string; label: string; filed: number; resolved: number; failed?: number; open?: number }>;
  successRate: number | null;
  daysToResolve?: { median: number | null; p90: number | null };
}

export interface AppearanceFigures {
  period: ReportPeriodView;
  byAgency: Array<{ agency: { id: number; name: string } | null; required: number; head: number; deputy: number; none: number; unrecorded: number; rate: number | null }>;
  total: { required: number; head: number; deputy: number; none: number; unrecorded: number; rate: number | null; headRate?: number | null };
  // The half before, for "change since last time" when the reports module gives it.
  previous?: { rate: number | null } | null;
}

export interface SuggestionFigures {
  period: ReportPeriodView;
  byAgency: Array<{ agency: { id: number; name: string } | null; issued: number; onTime: number; late: number; overdue: number }>;
  total: { issued: number; onTime: number; late: number; overdue: number };
}

export interface LinkageFigures {
  period: ReportPeriodView;
  byType: Array<{ type: string; label: string; open: number; answered: number; overdue: number; transferred: number }>;
}

export interface ReportFigures {
  disputes: DisputeFigures;
  appearance: AppearanceFigures;
  suggestions: SuggestionFigures;
  linkage: LinkageFigures;
}

export type ReportName = keyof ReportFigures;
export const REPORT_NAMES: readonly ReportName[] = ['disputes', 'appearance', 'suggestions', 'linkage'];
