// The charts and the printable 通报 are drawn from the reports module's
// figures (server/domain/reports/report-types.ts), under the names used here.
export { REPORT_NAMES, type ReportName, type PeriodView as ReportPeriodView, type FiguresOf as ReportFigures } from '../report-types';
export type { DisputesFigures as DisputeFigures, AppearanceFigures, SuggestionsFigures as SuggestionFigures, LinkageFigures } from '../report-types';
