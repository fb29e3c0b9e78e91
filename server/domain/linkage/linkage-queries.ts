import { In, type EntityManager } from 'typeorm';
import { LinkageItem, type LinkageItemStatus, type LinkageItemType } from '../../../entities';
import { pageWindow, type Page } from '../paging';
import { whereInScope, type LinkageScope } from './linkage-access';
import { OPEN_STATUSES } from './linkage-status';

// The reads of linkage items: the API's filtered list, and the one that must
// stay fast with a million rows, one agency's open items soonest deadline
// first (待办, the bench). The bench measures the statements production reads
// through, on the index they were built for (ix_linkage_item_to_status_due).

// Waiting for the receiving side; answered and closed items are done.
export const LINKAGE_OPEN_STATUSES: readonly LinkageItemStatus[] = OPEN_STATUSES;

export type Statement = [sql: string, params: unknown[]];

export function openForAgencyQuery(em: EntityManager, agencyId: number) {
  return em
    .createQueryBuilder(LinkageItem, 'l')
    .where('l.toAgencyId = :agencyId', { agencyId })
    .andWhere('l.status IN (:...open)', { open: LINKAGE_OPEN_STATUSES });
}

const escaper = (em: EntityManager) => (name: string) => em.connection.driver.escape(name);

// The ids of one page. `status IN (…) ORDER BY dueAt` would sort every open
// item of the agency to return twenty; instead each open status gives its
// first skip + take (id, dueAt) straight off (toAgencyId, status, dueAt), whose
// entries end with the id, and only those few are ordered: a page costs the
// same with 20 open items or 20,000. Each head is a derived table because a
// LIMIT inside a UNION member needs one, in SQLite and MySQL alike.
export function openPageIdsStatement(em: EntityManager, agencyId: number, page: Page): Statement {
  const { skip, take } = pageWindow(page);
  const e = escaper(em);
  const head = `SELECT ${e('id')}, ${e('dueAt')} FROM ${e('linkage_item')} WHERE ${e('toAgencyId')} = ? AND ${e('status')} = ? ORDER BY ${e('dueAt')}, ${e('id')} LIMIT ?`;
  const heads = LINKAGE_OPEN_STATUSES.map((_, n) => `SELECT * FROM (${head}) ${e(`s${n}`)}`).join(' UNION ALL ');
  return [
    `SELECT ${e('h')}.${e('id')} AS ${e('id')} FROM (${heads}) ${e('h')} ORDER BY ${e('h')}.${e('dueAt')}, ${e('h')}.${e('id')} LIMIT ? OFFSET ?`,
    [...LINKAGE_OPEN_STATUSES.flatMap((status) => [agencyId, status, skip + take]), take, skip],
  ];
}

// COUNT(*) rather than TypeORM's COUNT(DISTINCT id): the index alone answers it.
export function openCountStatement(em: EntityManager, agencyId: number): Statement {
  const e = escaper(em);
  return [
    `SELECT COUNT(*) AS ${e('n')} FROM ${e('linkage_item')} WHERE ${e('toAgencyId')} = ? AND ${e('status')} IN (${LINKAGE_OPEN_STATUSES.map(() => '?').join(', ')})`,
    [agencyId, ...LINKAGE_OPEN_STATUSES],
  ];
}

// One page of the agency's open items (by deadline, NULL first as both
// databases sort it, then id) and how many there are in all: the page's ids,
// its rows by primary key, the count.
export async function listOpenForAgency(em: EntityManager, agencyId: number, page: Page): Promise<{ items: LinkageItem[]; total: number }> {
  const ids = ((await em.query(...openPageIdsStatement(em, agencyId, page))) as Array<{ id: number | string }>).map((r) => Number(r.id));
  const rows = ids.length ? await em.findBy(LinkageItem, { id: In(ids) }) : [];
  const order = new Map(ids.map((id, n) => [id, n]));
  const [counted] = await em.query(...openCountStatement(em, agencyId));
  return { items: rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!), total: Number(counted?.n ?? 0) };
}

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
