import type { DataSource } from 'typeorm';
import { shanghaiDate } from '../shanghai-time';
import type { ReportPeriod } from './report-period';
import type { PeriodView } from './report-types';

// Small arithmetic the reports share. Rates keep four decimals (0.1234 =
// 12.34%), days one decimal: what a table or a chart shows, and what a test
// can count by hand.

export const rate = (part: number, whole: number): number | null => (whole ? Math.round((part / whole) * 10000) / 10000 : null);

export const days1 = (hours: number): number => Math.round((hours / 24) * 10) / 10;

// Nearest rank on a histogram of whole hours: the smallest value at or below
// which at least q of the values lie. Exact on hand-made data, and the
// database only returns one row per distinct duration.
export function percentileHours(histogram: Array<{ hours: number; n: number }>, q: number): number | null {
  const sorted = [...histogram].sort((a, b) => a.hours - b.hours);
  const total = sorted.reduce((s, h) => s + h.n, 0);
  if (!total) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const h of sorted) {
    seen += h.n;
    if (seen >= rank) return h.hours;
  }
  return sorted[sorted.length - 1]!.hours;
}

export const periodView = (p: ReportPeriod): PeriodView => ({ from: p.from.toISOString(), to: p.to.toISOString(), label: p.label });

const isSqlite = (db: DataSource) => db.options.type === 'better-sqlite3';

// SQL for the Shanghai month (YYYY-MM) of a stored UTC instant.
export function monthSql(db: DataSource, column: string): string {
  return isSqlite(db) ? `strftime('%Y-%m', ${column}, '+8 hours')` : `DATE_FORMAT(DATE_ADD(${column}, INTERVAL 8 HOUR), '%Y-%m')`;
}

// SQL for the whole hours between two stored instants.
export function hoursSql(db: DataSource, from: string, to: string): string {
  return isSqlite(db) ? `CAST((julianday(${to}) - julianday(${from})) * 24 AS INTEGER)` : `TIMESTAMPDIFF(HOUR, ${from}, ${to})`;
}

// The Shanghai months a period spans, as YYYY-MM, in order.
export function monthsOf(p: ReportPeriod): string[] {
  const out: string[] = [];
  let { year, month } = shanghaiDate(p.from);
  const last = shanghaiDate(new Date(p.to.getTime() - 1));
  while (year < last.year || (year === last.year && month <= last.month)) {
    out.push(`${year}-${String(month).padStart(2, '0')}`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return out;
}

// Rows sorted for reading: the largest first, then by name.
export function byLargest<T extends { label: string }>(rows: T[], size: (r: T) => number): T[] {
  return rows.sort((a, b) => size(b) - size(a) || a.label.localeCompare(b.label, 'zh'));
}
