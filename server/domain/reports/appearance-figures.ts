import type { DataSource } from 'typeorm';
import { appearanceReport } from '../hearings/appearance-report';
import type { Principal } from '../principal';
import { previousPeriod, type ReportPeriod } from './report-period';
import type { AppearanceFigures } from './report-types';

// 行政机关负责人出庭应诉 (the hearings' report, scoped as hearings are) with the
// period before it, for the half-year 通报's "比上半年".
export async function appearanceFigures(db: DataSource, period: ReportPeriod, p: Principal, now: Date): Promise<AppearanceFigures> {
  const current = await appearanceReport(db, period, p, now);
  const before = await appearanceReport(db, previousPeriod(period), p, now);
  const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.round((a - b) * 10000) / 10000);
  return {
    report: 'appearance',
    period: current.period,
    byAgency: current.byAgency,
    total: current.total,
    previous: { period: before.period, total: before.total },
    change: {
      required: current.total.required - before.total.required,
      rate: diff(current.total.rate, before.total.rate),
      headRate: diff(current.total.headRate, before.total.headRate),
    },
  };
}
