import { staff } from '../../../texts/staff.texts';
import type { LinkageFigures } from './chart-figures';
import { barChart, chartTitle } from './chart-style';

const T = staff.reportCharts;

// Linkage items by type: open, answered, overdue, transferred.
export function linkageChart(f: LinkageFigures): Record<string, unknown> {
  const rows = f.byType;
  return barChart({
    title: chartTitle(T.titles.linkage, f.period),
    categories: rows.map((r) => r.label),
    series: (['open', 'answered', 'overdue', 'transferred'] as const).map((k) => ({ name: T.series[k], data: rows.map((r) => r[k]) })),
  });
}
