import { In, type DataSource, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { Agency, Dispute, DisputeResolveStat, DisputeStat, type DisputeCategory, type DisputeStatus } from '../../../entities';
import type { Principal } from '../principal';
import { shanghaiDate, shanghaiTime } from '../shanghai-time';
import { tenthsOfDay } from './dispute-stats';
import { categoryInfo } from '../disputes/dispute-categories';
import { scopeQuery } from '../disputes/dispute-access';
import { staff } from '../../texts/staff.texts';
import type { ReportPeriod } from './report-period';
import { byLargest, hoursSql, monthSql, monthsOf, percentileHours, periodView, rate } from './report-math';
import type { ReportScope } from './report-scope';
import type { DisputeCounts, DisputeRow, DisputesFigures } from './report-types';

// 矛盾纠纷化解统计: the disputes filed in the period, by the state they are in
// now. Whole Shanghai months come from the summary tables countDisputeChange
// keeps (dispute_stat, dispute_resolve_stat), plus, live, the open disputes
// past their deadline (ix_dispute_overdue); the days of a from/to period
// outside whole months, and a scoped asker's days to resolve, come from two
// grouped range scans of ix_dispute_report (disputeReportQueries). Township is
// the parent agency of the listed village; a village typed as text stands on
// its own, under 未对应乡镇.

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

// The live queries over a stretch of days, apart so the benchmark can print their plans.
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
  // MariaDB sorts a GROUP BY's result unless told not to; the order is not used.
  if (db.options.type !== 'better-sqlite3') for (const qb of [places, months]) qb.orderBy('NULL');
  return { places, months };
}

// Whole Shanghai months inside the period, as [first, end) YYYY-MM, or null.
function wholeMonths(period: ReportPeriod) {
  const f = shanghaiDate(period.from);
  const start = f.day === 1 && shanghaiTime(f).getTime() === period.from.getTime() ? f : { year: f.month === 12 ? f.year + 1 : f.year, month: f.month === 12 ? 1 : f.month + 1, day: 1 };
  const t = shanghaiDate(period.to);
  const end = { year: t.year, month: t.month, day: 1 };
  const from = shanghaiTime(start);
  const to = shanghaiTime(end);
  if (from >= to) return null;
  const ym = (d: { year: number; month: number }) => `${d.year}-${String(d.month).padStart(2, '0')}`;
  return { first: ym(start), end: ym(end), from, to };
}

// The summary's queries over whole months; open disputes past their deadline
// come live from ix_dispute_overdue (the summary cannot know the clock).
export function disputeSummaryQueries(db: DataSource, months: { first: string; end: string; from: Date; to: Date }, scope: ReportScope, now: Date) {
  const scoped = <T extends ObjectLiteral>(qb: SelectQueryBuilder<T>) => ('principal' in scope ? scopeStats(qb, scope.principal) : qb);
  const stats = () => scoped(db.manager.createQueryBuilder(DisputeStat, 's').where('s.month >= :first AND s.month < :end', months));
  const places = stats()
    .select('s.category', 'category').addSelect('s.committeeId', 'committeeId').addSelect('s.villageId', 'villageId').addSelect('s.village', 'village')
    .addSelect('s.status', 'status').addSelect('SUM(s.n)', 'n')
    .groupBy('s.category').addGroupBy('s.committeeId').addGroupBy('s.villageId').addGroupBy('s.village').addGroupBy('s.status');
  const byMonth = stats().select('s.month', 'month').addSelect('s.status', 'status').addSelect('SUM(s.n)', 'n').groupBy('s.month').addGroupBy('s.status');
  const resolve = 'principal' in scope ? null : db.manager.createQueryBuilder(DisputeResolveStat, 'r')
    .where('r.month >= :first AND r.month < :end', months).select('r.tenths', 'tenths').addSelect('SUM(r.n)', 'n').groupBy('r.tenths');
  const base = db.manager.createQueryBuilder(Dispute, 'd')
    .where('d.status IN (:...openStates) AND d.deadlineAt < :now', { openStates: statesOf('open'), now })
    .andWhere('d.createdAt >= :from AND d.createdAt < :to', { from: months.from, to: months.to });
  const month = monthSql(db, 'd.createdAt');
  const overdue = ('principal' in scope ? scopeQuery(base, scope.principal) : base)
    .select('d.category', 'category').addSelect('d.committeeId', 'committeeId').addSelect('d.villageId', 'villageId').addSelect('d.village', 'village')
    .addSelect(month, 'month').addSelect('COUNT(*)', 'n')
    .groupBy('d.category').addGroupBy('d.committeeId').addGroupBy('d.villageId').addGroupBy('d.village').addGroupBy(month);
  if (db.options.type !== 'better-sqlite3') for (const qb of [places, byMonth, overdue, resolve]) qb?.orderBy('NULL');
  return { places, byMonth, resolve, overdue };
}

// The dispute list's scope (scopeQuery) on the summary's columns; a report's
// resident is refused before this.
function scopeStats<T extends ObjectLiteral>(q: SelectQueryBuilder<T>, p: Principal): SelectQueryBuilder<T> {
  if (p.role === 'mediator') return q.andWhere('s.committeeId = :scopeAgency', { scopeAgency: p.agencyId ?? -1 });
  if (p.role === 'official') {
    if (!p.villages.length) return q.andWhere('1 = 0');
    const village = q.connection.options.type === 'better-sqlite3' ? 's.village' : 's.village COLLATE utf8mb4_bin';
    return q.andWhere(`${village} IN (:...scopeVillages)`, { scopeVillages: p.villages });
  }
  if (p.role === 'resident') return q.andWhere('1 = 0');
  return q;
}

const num = (x: number | string | null) => (x === null || Number(x) === 0 ? null : Number(x));

// The period's groups: whole months from the summary, the days before the
// first and after the last whole month (a from/to period) live.
async function disputeGroups(db: DataSource, period: ReportPeriod, scope: ReportScope, now: Date) {
  const groups: PlaceGroup[] = [];
  const monthGroups: MonthGroup[] = [];
  const histogram = new Map<number, number>();
  const count = (tenths: number, n: number) => histogram.set(tenths, (histogram.get(tenths) ?? 0) + n);
  const months = wholeMonths(period);
  const live = async (from: Date, to: Date) => {
    if (from >= to) return;
    const q = disputeReportQueries(db, { ...period, from, to }, scope, now);
    groups.push(...(await q.places.getRawMany<PlaceGroup>()));
    for (const g of await q.months.getRawMany<MonthGroup>()) {
      monthGroups.push(g);
      if (g.hours !== null) count(tenthsOfDay(Math.max(0, Number(g.hours))), Number(g.n));
    }
  };
  if (!months) {
    await live(period.from, period.to);
  } else {
    await live(period.from, months.from);
    await live(months.to, period.to);
    const q = disputeSummaryQueries(db, months, scope, now);
    for (const g of await q.places.getRawMany<PlaceGroup & { status: DisputeStatus }>()) groups.push({ ...g, outcome: OUTCOME[g.status] });
    for (const g of await q.byMonth.getRawMany<{ month: string; status: DisputeStatus; n: string | number }>()) monthGroups.push({ month: g.month, outcome: OUTCOME[g.status], hours: null, n: g.n });
    // Past the deadline: moved from open to overdue.
    for (const g of await q.overdue.getRawMany<PlaceGroup & { month: string }>()) {
      groups.push({ ...g, outcome: 'open', n: -Number(g.n) }, { ...g, outcome: 'overdue' });
      monthGroups.push({ month: g.month, outcome: 'open', hours: null, n: -Number(g.n) }, { month: g.month, outcome: 'overdue', hours: null, n: g.n });
    }
    if (q.resolve) {
      for (const g of await q.resolve.getRawMany<{ tenths: number | string; n: number | string }>()) count(Number(g.tenths), Number(g.n));
    } else {
      // Scoped: days to resolve of the scope's resolved disputes, live.
      const scopedHours = disputeReportQueries(db, { ...period, from: months.from, to: months.to }, scope, now).months;
      for (const g of await scopedHours.getRawMany<MonthGroup>()) if (g.hours !== null) count(tenthsOfDay(Math.max(0, Number(g.hours))), Number(g.n));
    }
  }
  for (const g of groups) {
    g.committeeId = num(g.committeeId);
    g.villageId = num(g.villageId);
  }
  return { groups, monthGroups, histogram };
}

export async function disputesFigures(db: DataSource, period: ReportPeriod, scope: ReportScope, now: Date): Promise<DisputesFigures> {
  const { groups, monthGroups, histogram } = await disputeGroups(db, period, scope, now);

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
  for (const g of monthGroups) add(rowOf(tables.byMonth, g.month, g.month), g.outcome, Number(g.n));
  const filedFirst = (t: Map<string, DisputeRow>) => byLargest([...t.values()], (r) => r.filed);
  // In tenths of a day: the nearest rank over them is days1 of the nearest rank over hours.
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
    daysToResolve: { median: median === null ? null : median / 10, p90: p90 === null ? null : p90 / 10 },
    successRate: rate(totals.resolved, totals.resolved + totals.failed),
  };
}
