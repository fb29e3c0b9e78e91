import type { EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { Agency, Article, AuditEntry, Consent, Dispute, DisputeEntry, LinkageItem, Notification, Session, SubscriptionCredit, User } from '../../entities';
import type { TestDb } from './databases';

// "Nothing was written": a count of rows per table, taken before a call and
// compared after it. A table can be counted whole, or only its rows that match.

type Counted = EntityTarget<ObjectLiteral> | { entity: EntityTarget<ObjectLiteral>; where: FindOptionsWhere<ObjectLiteral> };
export type RowCounts = Record<string, number>;

// Every table a dispute route could write to.
export const DISPUTE_TABLES = {
  dispute: Dispute, entry: DisputeEntry, notification: Notification, consent: Consent,
  article: Article, linkage: LinkageItem, credit: SubscriptionCredit, audit: AuditEntry,
} satisfies Record<string, Counted>;

// Every table the account and agency routes could write to.
export const ACCOUNT_TABLES = { agency: Agency, user: User, session: Session, audit: AuditEntry, notification: Notification } satisfies Record<string, Counted>;

export async function countRows(db: TestDb, tables: Record<string, Counted>): Promise<RowCounts> {
  const counts = await Promise.all(Object.values(tables).map((c) =>
    typeof c === 'object' && 'entity' in c ? db.ds.getRepository(c.entity).countBy(c.where) : db.ds.getRepository(c).count()));
  return Object.fromEntries(Object.keys(tables).map((name, i) => [name, counts[i]!]));
}

// For a fast-check property, which answers true or false rather than asserting.
export const sameCounts = (a: RowCounts, b: RowCounts) => JSON.stringify(a) === JSON.stringify(b);
