import { staff } from '../../../texts/staff.texts';
import type { SuggestionFigures } from './chart-figures';
import { barChart, chartTitle } from './chart-style';

const T = staff.reportCharts;

// Judicial suggestions per agency: answered on time, late, overdue, not yet due.
export function suggestionsChart(f: SuggestionFigures): Record<string, unknown> {
  const rows = f.byAgency;
  return barChart({
    title: chartTitle(T.titles.suggestions, f.period),
    subtitle: `${T.answerRate} ${T.percent(f.totals.answerRate)}`,
    categories: rows.map((r) => r.label),
    series: ([['onTime', 'answeredOnTime'], ['late', 'answeredLate'], ['overdue', 'overdue'], ['pending', 'pending']] as const)
      .map(([label, k]) => ({ name: T.series[label], data: rows.map((r) => r[k]), stack: 'issued' })),
  });
}
