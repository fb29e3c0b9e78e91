import type { DataSource } from 'typeorm';
import { staff } from '../../texts/staff.texts';
import { linkageRows, OPEN_ITEM, type ItemRow } from './linkage-rows';
import type { ReportPeriod } from './report-period';
import { byLargest, days1, percentileHours, periodView, rate } from './report-math';
import type { ReportScope } from './report-scope';
import type { SuggestionCounts, SuggestionRow, SuggestionsFigures } from './report-types';

// 司法建议通报反馈 (一8(2)): the judicial suggestions issued in the period, by
// the agency they went to: answered by the deadline, answered after it,
// unanswered and past it now, the rest still pending; days to the feedback.

const zero = (): SuggestionCounts => ({ issued: 0, answeredOnTime: 0, answeredLate: 0, overdue: 0, pending: 0, answerRate: null });

function countSuggestion(c: SuggestionCounts, r: ItemRow, now: Date): void {
  c.issued += 1;
  if (r.answeredAt !== null) {
    if (r.dueAt !== null && r.answeredAt > r.dueAt) c.answeredLate += 1;
    else c.answeredOnTime += 1;
  } else if (OPEN_ITEM.includes(r.status) && r.dueAt !== null && r.dueAt < now) c.overdue += 1;
  else c.pending += 1;
  c.answerRate = rate(c.answeredOnTime + c.answeredLate, c.issued);
}

export async function suggestionsFigures(db: DataSource, period: ReportPeriod, scope: ReportScope, now: Date): Promise<SuggestionsFigures> {
  const { rows, agencyName } = await linkageRows(db, period, scope, 'judicial_suggestion');
  const totals = zero();
  const byAgency = new Map<string, SuggestionRow>();
  const hours = new Map<number, number>();
  for (const r of rows) {
    const key = r.toAgencyId === null ? 'none' : String(r.toAgencyId);
    let row = byAgency.get(key);
    if (!row) byAgency.set(key, (row = { key, label: r.toAgencyId === null ? staff.reports.labels.noAgency : agencyName(r.toAgencyId) ?? key, ...zero() }));
    countSuggestion(totals, r, now);
    countSuggestion(row, r, now);
    if (r.answeredAt !== null) {
      const h = Math.max(0, Math.floor((r.answeredAt.getTime() - r.createdAt.getTime()) / 3_600_000));
      hours.set(h, (hours.get(h) ?? 0) + 1);
    }
  }
  const median = percentileHours([...hours].map(([h, n]) => ({ hours: h, n })), 0.5);
  return {
    report: 'suggestions',
    period: periodView(period),
    totals,
    byAgency: byLargest([...byAgency.values()], (r) => r.issued),
    daysToAnswer: { median: median === null ? null : days1(median) },
  };
}
