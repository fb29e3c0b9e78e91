import type { AppearanceRow } from '../hearings/appearance-report';

// The figures of every report, as plain JSON: what the API answers with
// format=json and what the xlsx, the charts and the printable 通报 are made
// from. Counts are integers, rates run from 0 to 1 (null when there is nothing
// to divide by), days are decimal days (one decimal).

export const REPORT_NAMES = ['disputes', 'appearance', 'suggestions', 'linkage'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

export const REPORT_FORMATS = ['json', 'xlsx', 'png', 'svg', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

// [from, to) as ISO instants; label as people say it (2026年下半年).
export interface PeriodView {
  from: string;
  to: string;
  label: string;
}

// --- disputes: the disputes filed in the period, by their state now ---------

export interface DisputeCounts {
  filed: number;
  // resolved or resolved and then sent for judicial confirmation
  resolved: number;
  // failed, or failed and then referred to litigation
  failed: number;
  withdrawn: number;
  // submitted, accepted or mediating
  open: number;
  // open and past the resolution deadline now
  overdue: number;
}

export interface DisputeRow extends DisputeCounts {
  // category code, agency id, `text:<village as typed>`, `none`, or YYYY-MM
  key: string;
  label: string;
}

export interface DisputesFigures {
  report: 'disputes';
  period: PeriodView;
  totals: DisputeCounts;
  byCategory: DisputeRow[];
  byTownship: DisputeRow[];
  byVillage: DisputeRow[];
  byCommittee: DisputeRow[];
  // calendar months (Asia/Shanghai) of filing, in order
  byMonth: DisputeRow[];
  // filed → resolved, in days, over the resolved ones (nearest rank)
  daysToResolve: { median: number | null; p90: number | null };
  // pre-litigation mediation success: resolved / (resolved + failed)
  successRate: number | null;
}

// --- appearance: 行政机关负责人出庭应诉, with the period before ---------------

export type { AppearanceRow };

export interface AppearanceFigures {
  report: 'appearance';
  period: PeriodView;
  byAgency: AppearanceRow[];
  total: AppearanceRow;
  // The half year before (or the same length before, for a month or a range).
  previous: { period: PeriodView; total: AppearanceRow };
  // this period minus the previous one; null where either rate is null
  change: { required: number; rate: number | null; headRate: number | null };
}

// --- suggestions: judicial suggestions (司法建议) issued in the period --------

export interface SuggestionCounts {
  issued: number;
  answeredOnTime: number;
  answeredLate: number;
  // not answered, open and past due now
  overdue: number;
  // not answered and not yet due (or closed without feedback)
  pending: number;
  // answered (on time or late) / issued
  answerRate: number | null;
}

export interface SuggestionRow extends SuggestionCounts {
  // the receiving agency's id, or `none`
  key: string;
  label: string;
}

export interface SuggestionsFigures {
  report: 'suggestions';
  period: PeriodView;
  totals: SuggestionCounts;
  byAgency: SuggestionRow[];
  // registered → first feedback, over the answered ones
  daysToAnswer: { median: number | null };
}

// --- linkage: every linkage item registered in the period -------------------

export interface LinkageCounts {
  total: number;
  // registered, transferred or assigned
  open: number;
  // has feedback (answered, or answered and closed)
  answered: number;
  // open and past due now
  overdue: number;
  // transferred to another agency at least once
  transferred: number;
}

export interface LinkageRow extends LinkageCounts {
  // the type code, the receiving agency's id, or `none`
  key: string;
  label: string;
}

export interface LinkageFigures {
  report: 'linkage';
  period: PeriodView;
  totals: LinkageCounts;
  byType: LinkageRow[];
  byAgency: LinkageRow[];
}

export type ReportFigures = DisputesFigures | AppearanceFigures | SuggestionsFigures | LinkageFigures;

export interface FiguresOf {
  disputes: DisputesFigures;
  appearance: AppearanceFigures;
  suggestions: SuggestionsFigures;
  linkage: LinkageFigures;
}

// A kept report file (GET /api/report-files).
export interface ReportFileView {
  id: number;
  name: ReportName;
  periodLabel: string;
  format: ReportFormat;
  fileName: string;
  size: number;
  createdAt: string;
  createdBy: string | null;
}
