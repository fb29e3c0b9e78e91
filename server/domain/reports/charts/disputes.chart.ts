import { staff } from '../../../texts/staff.texts';
import type { DisputeFigures } from './chart-figures';
import { barChart, chartTitle } from './chart-style';

const T = staff.reportCharts;

// Filed, resolved and failed disputes by category; the success rate and days
// to resolve in the subtitle.
export function disputesChart(f: DisputeFigures): Record<string, unknown> {
  const rows = f.byCategory;
  const days = f.daysToResolve;
  const subtitle = [
    `${T.successRate} ${T.percent(f.successRate)}`,
    days?.median != null ? `${T.median} ${days.median}` : '',
    days?.p90 != null ? `${T.p90} ${days.p90}` : '',
  ].filter(Boolean).join('    ');
  return barChart({
    title: chartTitle(T.titles.disputes, f.period),
    subtitle,
    categories: rows.map((r) => r.label),
    series: [
      { name: T.series.filed, data: rows.map((r) => r.filed) },
      { name: T.series.resolved, data: rows.map((r) => r.resolved) },
      { name: T.series.failed, data: rows.map((r) => r.failed ?? 0) },
    ],
  });
}
