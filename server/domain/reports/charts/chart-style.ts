import { staff } from '../../../texts/staff.texts';
import type { ReportPeriodView } from './chart-figures';

// The look every report chart shares. The charts are printed on office laser
// printers in grey: series differ in lightness (dark, light, mid, very light),
// carry a decal pattern each, and bars carry their numbers, so no reader has
// to tell two colours apart.

export const FONT_FAMILY = 'WenQuanYi Micro Hei';
export const CHART_WIDTH = 1600;
export const CHART_HEIGHT = 900;

const PALETTE = ['#1f3b73', '#9cc3e6', '#4f7fbf', '#e3e8ef', '#7a7a7a'];
// One pattern a series, in the order of the palette.
const DECALS = [
  { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [4, 3], rotation: -Math.PI / 4, color: 'rgba(255,255,255,0.35)' },
  { symbol: 'circle', symbolSize: 0.6, dashArrayX: [[6, 6], [0, 6, 6, 0]], dashArrayY: [6, 0], color: 'rgba(0,0,0,0.35)' },
  { symbol: 'rect', dashArrayX: [[8, 8], [0, 8, 8, 0]], dashArrayY: [8, 0], color: 'rgba(255,255,255,0.3)' },
  { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 6], rotation: Math.PI / 4, color: 'rgba(0,0,0,0.4)' },
  { symbol: 'none' },
];

export function chartTitle(title: string, period: ReportPeriodView): string {
  return period.label ? staff.reportCharts.titleWithPeriod(title, period.label) : title;
}

export interface BarSeries {
  name: string;
  data: number[];
  stack?: string;
}

// A bar chart with categories down the side when there are many or they are
// long (agency names), along the bottom otherwise.
export function barChart(opts: { title: string; categories: string[]; series: BarSeries[]; subtitle?: string }): Record<string, unknown> {
  const horizontal = opts.categories.length > 6 || opts.categories.some((c) => c.length > 6);
  const categoryAxis = {
    type: 'category',
    data: opts.categories,
    axisLabel: { fontSize: 22, color: '#222', interval: 0, width: 360, overflow: 'truncate' },
    ...(horizontal ? { inverse: true } : {}),
  };
  const valueAxis = { type: 'value', name: staff.reportCharts.axisCount, nameTextStyle: { fontSize: 20 }, minInterval: 1, axisLabel: { fontSize: 20, color: '#222' } };
  return {
    animation: false,
    backgroundColor: '#ffffff',
    color: PALETTE,
    aria: { enabled: true, decal: { show: true, decals: DECALS } },
    textStyle: { fontFamily: FONT_FAMILY, color: '#222' },
    title: { text: opts.title, subtext: opts.subtitle ?? '', left: 'center', top: 16, textStyle: { fontSize: 36, fontWeight: 'bold' }, subtextStyle: { fontSize: 22, color: '#444' } },
    legend: { top: opts.subtitle ? 118 : 80, itemWidth: 48, itemHeight: 24, textStyle: { fontSize: 22 } },
    grid: { left: horizontal ? 400 : 100, right: 80, top: opts.subtitle ? 180 : 140, bottom: 70, containLabel: false },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: opts.series.map((s) => ({
      name: s.name,
      type: 'bar',
      data: s.data,
      ...(s.stack ? { stack: s.stack } : {}),
      barMaxWidth: 80,
      itemStyle: { borderColor: '#222', borderWidth: 1 },
      // Zero needs no label; a stacked segment shows its number inside.
      label: { show: true, fontSize: 20, color: '#000', textBorderColor: '#fff', textBorderWidth: 3, position: s.stack ? 'inside' : horizontal ? 'right' : 'top', formatter: (p: { value: number }) => (p.value ? String(p.value) : '') },
    })),
  };
}
