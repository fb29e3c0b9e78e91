import type { DataSource } from 'typeorm';
import { staff } from '../../texts/staff.texts';
import { linkageRows, OPEN_ITEM, type ItemRow } from './linkage-rows';
import type { ReportPeriod } from './report-period';
import { byLargest, periodView } from './report-math';
import type { ReportScope } from './report-scope';
import type { LinkageCounts, LinkageFigures, LinkageRow } from './report-types';

// 联动事项统计: every linkage item registered in the period, by its type and by
// the agency it went to (now): open, answered, overdue now, ever transferred.

const zero = (): LinkageCounts => ({ total: 0, open: 0, answered: 0, overdue: 0, transferred: 0 });

export function countItem(c: LinkageCounts, r: ItemRow, now: Date): void {
  const open = OPEN_ITEM.includes(r.status);
  c.total += 1;
  if (open) c.open += 1;
  if (r.answeredAt !== null) c.answered += 1;
  if (open && r.dueAt !== null && r.dueAt < now) c.overdue += 1;
  if (r.transferred) c.transferred += 1;
}

export async function linkageFigures(db: DataSource, period: ReportPeriod, scope: ReportScope, now: Date): Promise<LinkageFigures> {
  const { rows, agencyName } = await linkageRows(db, period, scope);
  const L = staff.reports.labels;
  const totals = zero();
  const byType = new Map<string, LinkageRow>();
  const byAgency = new Map<string, LinkageRow>();
  const rowOf = (t: Map<string, LinkageRow>, key: string, label: string) => {
    let r = t.get(key);
    if (!r) t.set(key, (r = { key, label, ...zero() }));
    return r;
  };
  for (const r of rows) {
    const agencyKey = r.toAgencyId === null ? 'none' : String(r.toAgencyId);
    const agencyLabel = r.toAgencyId === null ? L.noAgency : agencyName(r.toAgencyId) ?? agencyKey;
    for (const c of [totals, rowOf(byType, r.type, staff.reports.linkageTypes[r.type] ?? r.type), rowOf(byAgency, agencyKey, agencyLabel)]) countItem(c, r, now);
  }
  return {
    report: 'linkage',
    period: periodView(period),
    totals,
    byType: byLargest([...byType.values()], (r) => r.total),
    byAgency: byLargest([...byAgency.values()], (r) => r.total),
  };
}
