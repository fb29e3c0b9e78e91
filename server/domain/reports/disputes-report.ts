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
// now. Two grouped passes over the period's filings, both range scans of
// ix_dispute_report (which covers every column read, so no table row is
// visited): one by category, committee and village, one by month and
// resolution time; the outcome (and being overdue) is worked out in SQL, so a
// million disputes come back as a few thousand groups. Township is the parent
// agency of the listed village; a village typed as text stands on its own,
// under 未对应乡镇.

type Outcome = 'resolved' | 'failed' | 'withdrawn' | 'open';

export const OUTCOME: Record<DisputeStatus, Outcome> = {
  submitted: 'open', accepted: 'open', mediating: 'open',
  resolved: 'resolved', confirmation_requested: 'resolved',
  failed: 'failed', litigation: 'failed',
  withdrawn: 'withdrawn',
};
const statesOf = (o: Outcome) => Object.entries(OUTCOME).filter(([, x]) => x === o).map(([s]) => s);

interface PlaceGroup {
  category: DisputeCategory;
  committeeId: number | string | null;
  villageId: number | string | null;
  village: string;
  outcome: Outcome | 'overdue';
  n: number | string;
}

interface MonthGroup {
  month: string;
  outcome: Outcome | 'overdue';
  hours: number | string | null;
  n: number | string;
}

const zero = (): DisputeCounts => ({ filed: 0, resolved: 0, failed: 0, withdrawn: 0, open: 0, overdue: 0 });

// The two queries, apart so the benchmark can print their plans.
export function disputeReportQueries(db: DataSource, period: ReportPeriod, scope: ReportScope, now: Date) {
  const base = () => {
    const qb = db.manager.createQueryBuilder(Dispute, 'd')
      .where('d.createdAt >= :from AND d.createdAt < :to', { from: period.from, to: period.to })
      .setParameters({ resolvedStates: statesOf('resolved'), failedStates: statesOf('failed'), now });
    return 'principal' in scope ? scopeQuery(qb, scope.principal) : qb;
  };
  // Open past the deadline is `overdue` here; the counts add it back to open.
  const outcome = `CASE WHEN d.status IN (:...resolvedStates) THEN 'resolved' WHEN d.status IN (:...failedStates) THEN 'failed' `
    + `WHEN d.status = 'withdrawn' THEN 'withdrawn' WHEN d.deadlineAt < :now THEN 'overdue' ELSE 'open' END`;
  const places = base()
    .select('d.category', 'category').addSelect('d.committeeId', 'committeeId').addSelect('d.villageId', 'villageId').addSelect('d.village', 'village')
    .addSelect(outcome, 'outcome').addSelect('COUNT(*)', 'n')
    .groupBy('d.category').addGroupBy('d.committeeId').addGroupBy('d.villageId').addGroupBy('d.village').addGroupBy(outcome);
  const month = monthSql(db, 'd.createdAt');
  const hours = `CASE WHEN d.status IN (:...resolvedStates) AND d.closedAt IS NOT NULL THEN ${hoursSql(db, 'd.createdAt', 'd.closedAt')} ELSE NULL END`;
  const months = base()
    .select(month, 'month').addSelect(outcome, 'outcome').addSelect(hours, 'hours').addSelect('COUNT(*)', 'n')
    .groupBy(month).addGroupBy(outcome).addGroupBy(hours);
  return { places, months };
}

export async function disputesFigures(db: DataSource, period: ReportPeriod, scope: ReportScope, now: Date): Promise<DisputesFigures> {
  const q = disputeReportQueries(db, period, scope, now);
  const groups = await q.places.getRawMany<PlaceGroup>();
  const monthGroups = await q.months.getRawMany<MonthGroup>();

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
  const add = (r: DisputeCounts, o: Outcome | 'overdue', n: number) => {
    r.filed += n;
    if (o === 'overdue') {
      r.open += n;
      r.overdue += n;
    } else r[o] += n;
  };
  for (const g of groups) {
    const n = Number(g.n);
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
    ];
    for (const r of rows) add(r, g.outcome, n);
  }
  for (const m of monthsOf(period)) rowOf(tables.byMonth, m, m);
  const histogram = new Map<number, number>();
  for (const g of monthGroups) {
    const n = Number(g.n);
    add(rowOf(tables.byMonth, g.month, g.month), g.outcome, n);
    if (g.hours !== null) {
      const h = Math.max(0, Number(g.hours));
      histogram.set(h, (histogram.get(h) ?? 0) + n);
    }
  }
  const filedFirst = (t: Map<string, DisputeRow>) => byLargest([...t.values()], (r) => r.filed);
  const hist = [...histogram].map(([hours, n]) => ({ hours, n }));
  const median = percentileHours(hist, 0.5);
  const p90 = percentileHours(hist, 0.9);
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
