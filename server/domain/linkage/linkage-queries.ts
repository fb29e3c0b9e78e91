import { In, type EntityManager } from 'typeorm';
import { LinkageItem, type LinkageItemStatus } from '../../../entities';
import { pageWindow, type Page } from '../paging';

// The reads of linkage items that must stay fast with a million rows: one
// agency's open items, soonest deadline first. The service's list and the
// bench use this one query, so the index it is measured on
// (ix_linkage_item_to_status_due) is the one production reads through.

// Waiting for the receiving side; answered and closed items are done.
export const LINKAGE_OPEN_STATUSES: readonly LinkageItemStatus[] = ['registered', 'transferred', 'assigned'];

export function openForAgencyQuery(em: EntityManager, agencyId: number) {
  return em
    .createQueryBuilder(LinkageItem, 'l')
    .where('l.toAgencyId = :agencyId', { agencyId })
    .andWhere('l.status IN (:...open)', { open: LINKAGE_OPEN_STATUSES });
}

// The first `n` (id, dueAt) of one status at the agency, in deadline order: read
// straight off (toAgencyId, status, dueAt), whose entries end with the id.
export function headOfStatusQuery(em: EntityManager, agencyId: number, status: LinkageItemStatus, n: number) {
  return em
    .createQueryBuilder(LinkageItem, 'l')
    .select(['l.id', 'l.dueAt'])
    .where('l.toAgencyId = :agencyId AND l.status = :status', { agencyId, status })
    .orderBy('l.dueAt', 'ASC')
    .addOrderBy('l.id', 'ASC')
    .limit(n);
}

// Both databases put NULL first in ascending order; the merge does the same.
const byDeadline = (a: Pick<LinkageItem, 'id' | 'dueAt'>, b: Pick<LinkageItem, 'id' | 'dueAt'>) =>
  (a.dueAt?.getTime() ?? -Infinity) - (b.dueAt?.getTime() ?? -Infinity) || a.id - b.id;

// One page of the agency's open items (by deadline, then id) and how many there
// are in all. `status IN (…) ORDER BY dueAt` would sort every open item of the
// agency to return twenty; instead each open status gives its first
// skip + take entries in index order, and those few are merged here.
export async function listOpenForAgency(em: EntityManager, agencyId: number, page: Page): Promise<{ items: LinkageItem[]; total: number }> {
  const { skip, take } = pageWindow(page);
  const heads: LinkageItem[] = [];
  for (const status of LINKAGE_OPEN_STATUSES) heads.push(...(await headOfStatusQuery(em, agencyId, status, skip + take).getMany()));
  const ids = heads.sort(byDeadline).slice(skip, skip + take).map((i) => i.id);
  const rows = ids.length ? await em.findBy(LinkageItem, { id: In(ids) }) : [];
  // COUNT(*) rather than TypeORM's COUNT(DISTINCT id): the index alone answers it.
  const counted = await openForAgencyQuery(em, agencyId).select('COUNT(*)', 'n').getRawOne<{ n: string | number }>();
  return { items: rows.sort(byDeadline), total: Number(counted?.n ?? 0) };
}
