import { In, type DataSource } from 'typeorm';
import { Agency, LinkageItem, type LinkageItemStatus, type LinkageItemType } from '../../../entities';
import type { ReportPeriod } from './report-period';
import type { ReportScope } from './report-scope';

// The linkage items registered in a period, in the asker's scope, one row
// each (a district registers hundreds a year, not millions), with whether each
// was ever transferred, and the names of the agencies they went to.

export interface ItemRow {
  type: LinkageItemType;
  status: LinkageItemStatus;
  toAgencyId: number | null;
  dueAt: Date | null;
  answeredAt: Date | null;
  createdAt: Date;
  transferred: boolean;
}

export const OPEN_ITEM: readonly LinkageItemStatus[] = ['registered', 'transferred', 'assigned'];

export async function linkageRows(db: DataSource, period: ReportPeriod, scope: ReportScope, type?: LinkageItemType): Promise<{ rows: ItemRow[]; agencyName: (id: number) => string | undefined }> {
  const qb = db.manager.createQueryBuilder(LinkageItem, 'i')
    .select(['i.id', 'i.type', 'i.status', 'i.toAgencyId', 'i.dueAt', 'i.answeredAt', 'i.createdAt'])
    .addSelect(`CASE WHEN EXISTS (SELECT 1 FROM linkage_event e WHERE e.itemId = i.id AND e.action = 'transfer') THEN 1 ELSE 0 END`, 'transferred')
    .where('i.createdAt >= :from AND i.createdAt < :to', { from: period.from, to: period.to });
  if (type) qb.andWhere('i.type = :type', { type });
  if ('agencyId' in scope) qb.andWhere('(i.toAgencyId = :scopeAgency OR i.fromAgencyId = :scopeAgency)', { scopeAgency: scope.agencyId });
  else if ('principal' in scope) qb.andWhere('1 = 0');
  const { entities, raw } = await qb.getRawAndEntities<{ transferred: number | string }>();
  // getRawAndEntities keeps raw rows in the entities' order, one each (no joins).
  const rows = entities.map((e, k) => ({
    type: e.type, status: e.status, toAgencyId: e.toAgencyId,
    dueAt: e.dueAt, answeredAt: e.answeredAt, createdAt: e.createdAt,
    transferred: Number(raw[k]?.transferred) === 1,
  }));
  const ids = [...new Set(rows.map((r) => r.toAgencyId).filter((x): x is number => x !== null))];
  const agencies = ids.length ? await db.manager.find(Agency, { where: { id: In(ids) }, select: { id: true, name: true } }) : [];
  const names = new Map(agencies.map((a) => [a.id, a.name]));
  return { rows, agencyName: (id) => names.get(id) };
}
