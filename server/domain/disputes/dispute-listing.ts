import type { DataSource } from 'typeorm';
import { Agency, Dispute, User, type DisputeCategory, type DisputeStatus } from '../../../entities';
import { perDataSource, type PlainSql, type Projection } from '../../db/plain-select';
import { pageWindow } from '../paging';
import type { Principal } from '../principal';
import { scopeSql } from './dispute-access';
import { OPEN_STATUSES } from './dispute-status';
import { listItem } from './dispute-views';

export interface DisputeFilter {
  status?: DisputeStatus;
  category?: DisputeCategory;
  village?: string;
  overdue?: boolean;
  unmapped?: boolean;
  page: number;
  pageSize: number;
}

// What a list item shows of a dispute (dispute-views.ts listItem): not its text or contact.
const LIST_COLUMNS = ['id', 'serial', 'category', 'status', 'village', 'callback', 'villageId', 'placeUnmapped', 'residentId', 'committeeId', 'mediatorId', 'deadlineAt', 'deadlineProvisional', 'closedAt', 'createdAt'] as const;

interface ListStatements {
  p: PlainSql;
  d: Projection<Dispute>;
  r: Projection<User>;
  c: Projection<Agency>;
  // SELECT … FROM … JOINs, before WHERE.
  head: string;
  countHead: string;
  // ORDER BY … LIMIT ? OFFSET ?
  tail: string;
  col(property: keyof Dispute & string): string;
}

// The fixed parts of the page's statement, written once per DataSource
// (issue 14: the query builder cost more CPU than the statement took to run).
const listStatements = perDataSource((p): ListStatements => {
  const { q, table, column } = p;
  const d = p.projection(Dispute, 'd', LIST_COLUMNS);
  const r = p.projection(User, 'r', ['id', 'name']);
  const c = p.projection(Agency, 'c', ['id', 'name']);
  const col = (property: keyof Dispute & string) => `${q('d')}.${column(Dispute, property)}`;
  const built: ListStatements = {
    p, d, r, c, col,
    // Many-to-one joins: LIMIT counts disputes. Each row one JSON array: the
    // driver makes one value of it, not an object of ~20 named fields.
    head: `SELECT ${p.jsonRow([d.values, r.values, c.values].join(', '))} AS ${q('v')} FROM ${table(Dispute)} ${q('d')}`
      + ` LEFT JOIN ${table(User)} ${q('r')} ON ${q('r')}.${column(User, 'id')} = ${col('residentId')}`
      + ` LEFT JOIN ${table(Agency)} ${q('c')} ON ${q('c')}.${column(Agency, 'id')} = ${col('committeeId')}`,
    countHead: `SELECT COUNT(*) AS ${q('n')} FROM ${table(Dispute)} ${q('d')}`,
    // On the createdAt index (migration 1765400000000).
    tail: ` ORDER BY ${col('createdAt')} DESC, ${col('id')} DESC LIMIT ? OFFSET ?`,
  };
  return built;
});

// A page of the disputes the principal may see, newest first: one statement,
// and the count only when the page does not tell it.
export async function listDisputes(db: DataSource, filter: DisputeFilter, who: Principal, now: Date) {
  const s = listStatements(db);
  const { p, col } = s;
  const scope = scopeSql(who, p.sqlite, col);
  const where: string[] = scope.where ? [scope.where] : [];
  const params: unknown[] = [...scope.params];
  if (filter.status) where.push(`${col('status')} = ?`), params.push(filter.status);
  if (filter.category) where.push(`${col('category')} = ?`), params.push(filter.category);
  if (filter.village) where.push(`${col('village')} = ?`), params.push(filter.village);
  if (filter.unmapped !== undefined) where.push(`${col('placeUnmapped')} = ?`), params.push(filter.unmapped);
  if (filter.overdue !== undefined) {
    const overdue = `(${col('status')} IN (${OPEN_STATUSES.map(() => '?').join(', ')}) AND ${col('deadlineAt')} < ?)`;
    where.push(filter.overdue ? overdue : `NOT ${overdue}`);
    params.push(...OPEN_STATUSES, now);
  }
  const whereSql = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  const bound = params.map((v) => p.param(v));
  const { skip, take } = pageWindow(filter);
  const rows = await p.rows(db.manager, s.head + whereSql + s.tail, [...bound, p.param(take), p.param(skip)]);
  const items = rows.map((row) => {
    const v = p.fromJson(row.v) as unknown[];
    return listItem(s.d.readValues(v, 0)!, now, s.r.readValues(v, s.d.width) ?? undefined, s.c.readValues(v, s.d.width + s.r.width) ?? undefined);
  });
  const total = rows.length > 0 && rows.length < take ? skip + rows.length
    : rows.length === 0 && skip === 0 ? 0
      : Number((await p.rows(db.manager, s.countHead + whereSql, bound))[0]!.n);
  return { items, total };
}
