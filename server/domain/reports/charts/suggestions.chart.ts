import { staff } from '../../../texts/staff.texts';
import type { SuggestionFigures } from './chart-figures';
import { barChart, chartTitle } from './chart-style';

const T = staff.reportCharts;

// Judicial suggestions per agency: answered on time, late, and still overdue.
export function suggestionsChart(f: SuggestionFigures): Record<string, unknown> {
  const rows = f.byAgency;
  return barChart({
    title: chartTitle(T.titles.suggestions, f.period),
    categories: rows.map((r) => r.agency?.name ?? T.noAgency),
    series: (['onTime', 'late', 'overdue'] as const).map((k) => ({ name: T.series[k], data: rows.map((r) => r[k]), stack: 'issued' })),
  });
}
