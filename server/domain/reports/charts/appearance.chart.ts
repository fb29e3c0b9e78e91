import { staff } from '../../../texts/staff.texts';
import type { AppearanceFigures } from './chart-figures';
import { barChart, chartTitle } from './chart-style';

const T = staff.reportCharts;

// Per agency, the hearings that required the head, stacked by who appeared.
export function appearanceChart(f: AppearanceFigures): Record<string, unknown> {
  const rows = f.byAgency;
  const previous = f.previous ? `    ${T.previousRate} ${T.percent(f.previous.total.rate)}` : '';
  return barChart({
    title: chartTitle(T.titles.appearance, f.period),
    subtitle: `${T.rate} ${T.percent(f.total.rate)}${previous}`,
    categories: rows.map((r) => r.agency?.name ?? T.noAgency),
    series: (['head', 'deputy', 'none', 'unrecorded'] as const).map((k) => ({ name: T.series[k], data: rows.map((r) => r[k]), stack: 'required' })),
  });
}
