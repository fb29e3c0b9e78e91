import { In, type DataSource } from 'typeorm';
import { Agency, Hearing } from '../../../entities';
import type { Principal } from '../principal';
import type { ReportPeriod } from '../reports/report-period';
import { hearingScope, whereInScope } from './hearing-scope';

// 行政机关负责人出庭应诉, by agency and period (一8(1): 每半年通报). Counted:
// hearings in the period, not cancelled, already begun, where the head had to
// appear; appeared as head, as deputy (Art. 2 counts a deputy as a head),
// none, and not yet recorded. rate = (head + deputy) / required, headRate =
// head / required, numbers from 0 to 1 (null when nothing was required).

export interface AppearanceRow {
  agency: { id: number; name: string } | null;
  required: number;
  head: number;
  deputy: number;
  none: number;
  unrecorded: number;
  rate: number | null;
  headRate: number | null;
}

export async function appearanceReport(db: DataSource, period: ReportPeriod, p: Principal, now: Date) {
  const end = period.to < now ? period.to : now;
  const qb = db.manager.createQueryBuilder(Hearing, 'h')
    .select('h.defendantAgencyId', 'agencyId')
    .addSelect('h.appearance', 'appearance')
    .addSelect('COUNT(*)', 'n')
    .where('h.headMustAppear = :yes', { yes: true })
    .andWhere('h.status <> :cancelled', { cancelled: 'cancelled' })
    .andWhere('h.startsAt >= :from AND h.startsAt < :end', { from: period.from, end });
  const raw = await whereInScope(qb, await hearingScope(db.manager, p)).groupBy('h.defendantAgencyId').addGroupBy('h.appearance').getRawMany<{ agencyId: number | null; appearance: string | null; n: string | number }>();

  const byAgency = new Map<number | null, AppearanceRow>();
  const row = (agencyId: number | null) => {
    let r = byAgency.get(agencyId);
    if (!r) byAgency.set(agencyId, (r = { agency: null, required: 0, head: 0, deputy: 0, none: 0, unrecorded: 0, rate: null, headRate: null }));
    return r;
  };
  for (const x of raw) {
    const r = row(x.agencyId === null ? null : Number(x.agencyId));
    const n = Number(x.n);
    r.required += n;
    if (x.appearance === 'head' || x.appearance === 'deputy' || x.appearance === 'none') r[x.appearance] += n;
    else r.unrecorded += n;
  }
  const ids = [...byAgency.keys()].filter((x): x is number => x !== null);
  const agencies = ids.length ? await db.manager.findBy(Agency, { id: In(ids) }) : [];
  const names = new Map(agencies.map((a) => [a.id, a.name]));
  const rows = [...byAgency.entries()].map(([id, r]) => withRates({ ...r, agency: id === null ? null : { id, name: names.get(id) ?? '' } }));
  rows.sort((a, b) => (a.rate ?? 2) - (b.rate ?? 2) || (a.agency?.name ?? '').localeCompare(b.agency?.name ?? '', 'zh'));
  const total = withRates(rows.reduce(
    (t, r) => ({ ...t, required: t.required + r.required, head: t.head + r.head, deputy: t.deputy + r.deputy, none: t.none + r.none, unrecorded: t.unrecorded + r.unrecorded }),
    { agency: null, required: 0, head: 0, deputy: 0, none: 0, unrecorded: 0, rate: null, headRate: null } as AppearanceRow,
  ));
  return { period: { from: period.from.toISOString(), to: period.to.toISOString(), label: period.label }, byAgency: rows, total };
}

function withRates(r: AppearanceRow): AppearanceRow {
  const ratio = (n: number) => (r.required ? Math.round((n / r.required) * 10000) / 10000 : null);
  return { ...r, rate: ratio(r.head + r.deputy), headRate: ratio(r.head) };
}
