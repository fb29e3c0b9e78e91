import type { EntityManager } from 'typeorm';
import { LinkageItem, type LinkageItemStatus } from '../../../entities';
import { pageWindow, type Page } from '../paging';

// The reads of linkage items that must stay fast with a million rows: one
// agency's open items, soonest deadline first. The service's list, the digest
// and the bench all use this one query, so the index it is measured on
// (ix_linkage_item_to_status_due) is the one production reads through.

// Waiting for the receiving side; answered and closed items are done.
export const LINKAGE_OPEN_STATUSES: readonly LinkageItemStatus[] = ['registered', 'transferred', 'assigned'];

export function openForAgencyQuery(em: EntityManager, agencyId: number) {
  return em
    .createQueryBuilder(LinkageItem, 'l')
    .where('l.toAgencyId = :agencyId', { agencyId })
    .andWhere('l.status IN (:...open)', { open: LINKAGE_OPEN_STATUSES });
}

// One page of the agency's open items (by deadline, then id) and how many there are in all.
export async function listOpenForAgency(em: EntityManager, agencyId: number, page: Page): Promise<{ items: LinkageItem[]; total: number }> {
  const { skip, take } = pageWindow(page);
  const items = await openForAgencyQuery(em, agencyId).orderBy('l.dueAt', 'ASC').addOrderBy('l.id', 'ASC').offset(skip).limit(take).getMany();
  // COUNT(*) rather than TypeORM's COUNT(DISTINCT id): the index alone answers it.
  const counted = await openForAgencyQuery(em, agencyId).select('COUNT(*)', 'n').getRawOne<{ n: string | number }>();
  return { items, total: Number(counted?.n ?? 0) };
}
