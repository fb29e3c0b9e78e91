import type { EntityManager } from 'typeorm';
import { LinkageItem, type LinkageItemStatus, type LinkageItemType } from '../../../entities';
import { pageWindow } from '../paging';
import { whereInScope, type LinkageScope } from './linkage-access';
import { OPEN_STATUSES } from './linkage-status';

export interface LinkageFilter {
  type?: LinkageItemType;
  status?: LinkageItemStatus;
  toAgencyId?: number;
  // Open and past its deadline at `now` (or not).
  overdue?: boolean;
  now: Date;
  page: number;
  pageSize: number;
}

// The one listing query (the API, 待办 and the weekly digest read it): the
// items in scope that match, soonest deadline first, a page at a time. An
// agency's open items are a range on (toAgencyId, status, dueAt).
export async function listLinkageItems(em: EntityManager, scope: LinkageScope, filter: LinkageFilter): Promise<{ items: LinkageItem[]; total: number }> {
  const q = whereInScope(em.getRepository(LinkageItem).createQueryBuilder('i'), scope);
  if (filter.type) q.andWhere('i.type = :type', { type: filter.type });
  if (filter.status) q.andWhere('i.status = :status', { status: filter.status });
  if (filter.toAgencyId !== undefined) q.andWhere('i.toAgencyId = :toAgencyId', { toAgencyId: filter.toAgencyId });
  if (filter.overdue !== undefined) {
    const overdue = '(i.status IN (:...open) AND i.dueAt < :now)';
    q.andWhere(filter.overdue ? overdue : `NOT ${overdue}`, { open: OPEN_STATUSES, now: filter.now });
  }
  const { skip, take } = pageWindow(filter);
  const [items, total] = await q
    .orderBy('i.dueAt', 'ASC')
    .addOrderBy('i.id', 'ASC')
    .skip(skip)
    .take(take)
    .getManyAndCount();
  return { items, total };
}
