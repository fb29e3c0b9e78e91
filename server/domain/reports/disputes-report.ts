import { In, type DataSource } from 'typeorm';
import { Agency, Dispute, type DisputeCategory, type DisputeStatus } from '../../../entities';
import { categoryInfo } from '../disputes/dispute-categories';
import { scopeQuery } from '../disputes/dispute-access';
import { staff } from '../../texts/staff.texts';
import type { ReportPeriod } from './report-period';
import { byLargest, days1, hoursSql, monthSql, monthsOf, percentileHours, periodView, rate } from './report-math';
import type { ReportScope } from './report-scope';
import type { DisputeCounts, DisputeRow, DisputesFigures } from './report-types';

// 矛盾纠纷化解统计: the disputes filed in the period, by the state they are in
// now. One grouped pass over the period's filings (on ix_dispute_report, which
// covers every column read) gives every breakdown; a second one the
// resolution-time histogram. Township is the parent agency of the listed
// village; a village typed as text stands on its own, under 未对应乡镇.

type Outcome = 'resolved' | 'failed' | 'withdrawn' | 'open';

export const OUTCOME: Record<DisputeStatus, Outcome> = {
  submitted: 'open', accepted: 'open', mediating: 'open',
  resolved: 'resolved', confirmation_requested: 'resolved',
  failed: 'failed', litigation: 'failed',
  withdrawn: 'withdrawn',
};
const OPEN = Object.entries(OUTCOME).filter(([, o]) => o === 'open').map(([s]) => s);
const RESOLVED = Object.entries(OUTCOME).filter(([, o]) => o === 'resolved').map(([s]) => s);

interface Group {
  category: DisputeCategory;
  status: DisputeStatus;
  committeeId: number | string | null;
  villageId: number | string | null;
  village: string;
  month: string;
  overdue: number | string;
  n: number | string;
}

const zero = (): DisputeCounts => ({ filed: 0, resolved: 0, failed: 0, withdrawn: 0, open: 0, overdue: 0 });

export async function disputesFigures(db: DataSource, period: ReportPeriod, scope: ReportScope, now: Date): Promise<DisputesFigures> {
  const base = () => {
    const qb = db.manager.createQueryBuilder(Dispute, 'd')
      .where('d.createdAt >= :from AND d.createdAt < :to', { from: period.from, to: period.to });
    return 'principal' in scope ? scopeQuery(qb, scope.principal) : qb;
  };
  const month = monthSql(db, 'd.createdAt');
  const overdue = `CASE WHEN d.status IN (:...open) AND d.deadlineAt < :now THEN 1 ELSE 0 END`;
  const groups = await base()
    .select('d.category', 'category').addSelect('d.status', 'status').addSelect('d.committeeId', 'committeeId')
    .addSelect('d.villageId', 'villageId').addSelect('d.village', 'village')
    .addSelect(month, 'month').addSelect(overdue, 'overdue').addSelect('COUNT(*)', 'n')
    .setParameters({ open: OPEN, now })
    .groupBy('d.category').addGroupBy('d.status').addGroupBy('d.committeeId').addGroupBy('d.villageId').addGroupBy('d.village')
    .addGroupBy(month).addGroupBy(overdue)
    .getRawMany<Group>();
  const hours = hoursSql(db, 'd.createdAt', 'd.closedAt');
  const histogram = (await base()
    .select(hours, 'hours').addSelect('COUNT(*)', 'n')
    .andWhere('d.status IN (:...resolved) AND d.closedAt IS NOT NULL', { resolved: RESOLVED })
    .groupBy(hours)
    .getRawMany<{ hours: number | string; n: number | string }>()).map((h) => ({ hours: Math.max(0, Number(h.hours)), n: Number(h.n) }));

  // The agencies named: committees, villages, and the villages' townships.
  const agencyIds = new Set<number>();
  for (const g of groups) {
    if (g.committeeId !== null) agencyIds.add(Number(g.committeeId));
    if (g.villageId !== null) agencyIds.add(Number(g.villageId));
  }
  const agencies = agencyIds.size ? await db.manager.find(Agency, { where: { id: In([...agencyIds]) }, select: { id: true, name: true, parentId: true } }) : [];
  const parentIds = [...new Set(agencies.map((a) => a.parentId).filter((x): x is number => x !== null))];
  const parents = parentIds.length ? await db.manager.find(Agency, { where: { id: In(parentIds) }, select: { id: true, name: true } }) : [];
  const agencyById = new Map([...agencies, ...parents].map((a) => [a.id, a]));
  const L = staff.reports.labels;

  const totals = zero();
  const tables = { byCategory: new Map<string, DisputeRow>(), byTownship: new Map<string, DisputeRow>(), byVillage: new Map<string, DisputeRow>(), byCommittee: new Map<string, DisputeRow>(), byMonth: new Map<string, DisputeRow>() };
  const rowOf = (table: Map<string, DisputeRow>, key: string, label: string) => {
    let r = table.get(key);
    if (!r) table.set(key, (r = { key, label, ...zero() }));
    return r;
  };
  for (const m of monthsOf(period)) rowOf(tables.byMonth, m, m);
  for (const g of groups) {
    const n = Number(g.n);
    const outcome = OUTCOME[g.status] ?? 'open';
    const late = Number(g.overdue) === 1 ? n : 0;
    const villageId = g.villageId === null ? null : Number(g.villageId);
    const village = villageId === null ? null : agencyById.get(villageId);
    const township = village?.parentId ? agencyById.get(village.parentId) : undefined;
    const committeeId = g.committeeId === null ? null : Number(g.committeeId);
    const rows = [
      totals,
      rowOf(tables.byCategory, g.category, categoryInfo(g.category)?.label ?? g.category),
      rowOf(tables.byTownship, township ? String(township.id) : 'none', township?.name ?? L.noTownship),
      villageId !== null ? rowOf(tables.byVillage, String(villageId), village?.name ?? g.village) : rowOf(tables.byVillage, `text:${g.village}`, g.village),
      committeeId !== null ? rowOf(tables.byCommittee, String(committeeId), agencyById.get(committeeId)?.name ?? String(committeeId)) : rowOf(tables.byCommittee, 'none', L.noCommittee),
      rowOf(tables.byMonth, g.month, g.month),
    ];
    for (const r of rows) {
      r.filed += n;
      r[outcome] += n;
      r.overdue += late;
    }
  }
  const filedFirst = (t: Map<string, DisputeRow>) => byLargest([...t.values()], (r) => r.filed);
  const median = percentileHours(histogram, 0.5);
  const p90 = percentileHours(histogram, 0.9);
  return {
    report: 'disputes',
    period: periodView(period),
    totals,
    byCategory: filedFirst(tables.byCategory),
    byTownship: filedFirst(tables.byTownship),
    byVillage: filedFirst(tables.byVillage),
    byCommittee: filedFirst(tables.byCommittee),
    byMonth: [...tables.byMonth.values()].sort((a, b) => a.key.localeCompare(b.key)),
    daysToResolve: { median: median === null ? null : days1(median), p90: p90 === null ? null : days1(p90) },
    successRate: rate(totals.resolved, totals.resolved + totals.failed),
  };
}
