import { randomUUID } from 'node:crypto';
import { In, MoreThan, type DataSource, type EntityManager } from 'typeorm';
import { Counter, Notification } from '../../entities';
import { isUniqueViolation } from '../db/db-errors';

// Claiming: which due rows this sender takes, so that several senders on one
// database never take the same row. On MySQL/MariaDB the candidates are read
// FOR UPDATE SKIP LOCKED, so two senders see disjoint sets; on SQLite, which
// has no row locks, the claim is a conditional UPDATE that only a row still
// unclaimed (or whose lease ran out) satisfies. Both end with the rows that
// carry this claim's lease token.

export interface RateLimit {
  // Channel → how many messages one target may be sent in any window.
  perTarget: Record<string, number>;
  windowMs: number;
}

export interface ClaimOptions {
  batchSize: number;
  leaseMs: number;
  rateLimit: RateLimit | null;
  // Channels another process sends (the Wechaty room, from `npm run bot`):
  // their rows are left for it rather than failed here for want of a channel.
  skipChannels?: readonly string[];
}

export interface Claim {
  token: string;
  rows: Notification[];
  // Rows the rate limit held back, moved to when their target has room again.
  deferred: number;
}

const rateKey = (channel: string, target: string) => `rate:${channel}:${target}`.slice(0, 64);

// "Still pending" and "still pending, or sending with a lapsed lease", written
// as expressions on purpose. The claim's UPDATEs name their rows by primary
// key; a plain `status = ? OR …` beside `id IN (…)` lets SQLite (no statistics
// unless ANALYZE ran) take ix_notification_status_due instead and walk every
// pending row, future ones included: 45 ms per 300,000 rows, on every tick.
// No index serves an expression, so the primary key is used, on MySQL too.
const CLAIMABLE = '(CASE WHEN status = :pending THEN 1 WHEN status = :sending AND leaseUntil < :now THEN 1 ELSE 0 END) = 1';
const STILL_PENDING = '(CASE WHEN status = :pending THEN 1 ELSE 0 END) = 1';

export async function claimDue(db: DataSource, now: Date, opts: ClaimOptions): Promise<Claim> {
  const token = randomUUID();
  const leaseUntil = new Date(now.getTime() + opts.leaseMs);
  const rowLocks = db.options.type !== 'better-sqlite3';

  // MySQL: READ COMMITTED, as SKIP LOCKED wants. Under REPEATABLE READ the
  // claim's UPDATE, which MariaDB runs as a scan when the IN list is a large
  // part of a small table, waited on the rows another sender had locked, and
  // the two deadlocked; a missing counter row's gap lock did the same; and a
  // count read from a snapshot taken before another sender committed could
  // let both spend the same free slots. SQLite: take the write lock first, so
  // a second sender (another process) waits its turn instead of failing with
  // "database is locked" when its read transaction cannot become a write.
  const candidates = await db.transaction(rowLocks ? 'READ COMMITTED' : 'SERIALIZABLE', async (em) => {
    if (!rowLocks) await em.query('UPDATE counter SET value = value WHERE 0');
    const due = await candidatesQuery(em, now, opts.batchSize, rowLocks, opts.skipChannels ?? []);
    const { take, defer } = await applyRateLimits(em, due, now, opts.rateLimit, rowLocks);
    for (const [at, ids] of defer) {
      await em
        .createQueryBuilder()
        .update(Notification)
        .set({ dueAt: new Date(at) })
        .where({ id: In(ids) })
        .andWhere(STILL_PENDING, { pending: 'pending' })
        .execute();
    }
    if (take.length) {
      await em
        .createQueryBuilder()
        .update(Notification)
        .set({ status: 'sending', leaseUntil, leaseToken: token, attempts: () => 'attempts + 1' })
        .where({ id: In(take.map((r) => r.id)) })
        .andWhere(CLAIMABLE, { pending: 'pending', sending: 'sending', now })
        .execute();
    }
    return { ids: take.map((r) => r.id), deferred: [...defer.values()].reduce((n, ids) => n + ids.length, 0) };
  });

  // By primary key: leaseToken has no index, and a scan of a large outbox on every tick is what the index avoids.
  const rows = candidates.ids.length
    ? await db.getRepository(Notification).find({
        where: { id: In(candidates.ids), leaseToken: token },
        order: { dueAt: 'ASC', id: 'ASC' },
      })
    : [];
  return { token, rows, deferred: candidates.deferred };
}

// Due pending rows first, then rows whose sender died holding them.
async function candidatesQuery(em: EntityManager, now: Date, limit: number, rowLocks: boolean, skip: readonly string[]): Promise<Notification[]> {
  const base = (status: 'pending' | 'sending') => {
    const q = em
      .createQueryBuilder(Notification, 'n')
      .select(['n.id', 'n.channel', 'n.target', 'n.dueAt'])
      .where('n.status = :status', { status })
      .orderBy('n.dueAt', 'ASC')
      .addOrderBy('n.id', 'ASC')
      .limit(limit);
    if (status === 'pending') q.andWhere('n.dueAt <= :now', { now });
    else q.andWhere('n.leaseUntil < :now', { now });
    if (skip.length) q.andWhere('n.channel NOT IN (:...skip)', { skip });
    if (rowLocks) q.setLock('pessimistic_write').setOnLocked('skip_locked');
    return q.getMany();
  };
  const pending = await base('pending');
  const stale = pending.length < limit ? await base('sending') : [];
  return [...pending, ...stale].slice(0, limit);
}

// Per target of a limited channel: count what it was sent in the window and
// what is being sent now, take what still fits, and move the rest to when the
// oldest send leaves the window. Held under a lock on the target's counter
// row, so two senders cannot both spend the same free slots.
async function applyRateLimits(
  em: EntityManager,
  due: Notification[],
  now: Date,
  limit: RateLimit | null,
  rowLocks: boolean,
): Promise<{ take: Notification[]; defer: Map<number, number[]> }> {
  const take: Notification[] = [];
  const defer = new Map<number, number[]>();
  const groups = new Map<string, Notification[]>();
  for (const row of due) {
    const max = limit?.perTarget[row.channel];
    if (!max) {
      take.push(row);
      continue;
    }
    const key = `${row.channel}\u0000${row.target}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  // Always the same lock order, so two senders cannot wait on each other.
  for (const key of [...groups.keys()].sort()) {
    const rows = groups.get(key)!;
    const { channel, target } = rows[0]!;
    const max = limit!.perTarget[channel]!;
    await lockTarget(em, channel, target, rowLocks);
    const windowStart = new Date(now.getTime() - limit!.windowMs);
    const sentInWindow = await em.find(Notification, {
      select: { id: true, sentAt: true },
      where: { channel, target, sentAt: MoreThan(windowStart) },
      order: { sentAt: 'ASC' },
    });
    const sending = await em.count(Notification, {
      where: { status: 'sending', channel, target, leaseUntil: MoreThan(now) },
    });
    const free = Math.max(0, max - sentInWindow.length - sending);
    take.push(...rows.slice(0, free));
    const held = rows.slice(free).map((r) => r.id);
    if (held.length) {
      // Room returns when the oldest send in the window ages out; with nothing
      // sent yet (all slots in flight) look again after a whole window.
      const oldest = sentInWindow[0]?.sentAt;
      const at = oldest ? oldest.getTime() + limit!.windowMs : now.getTime() + limit!.windowMs;
      defer.set(at, [...(defer.get(at) ?? []), ...held]);
    }
  }
  return { take, defer };
}

async function lockTarget(em: EntityManager, channel: string, target: string, rowLocks: boolean): Promise<void> {
  const name = rateKey(channel, target);
  if (!rowLocks) return; // SQLite: the transaction itself is exclusive
  const found = await em
    .createQueryBuilder(Counter, 'c')
    .where('c.name = :name', { name })
    .setLock('pessimistic_write')
    .getOne();
  if (found) return;
  try {
    await em.insert(Counter, { name, value: 0 });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  await em.createQueryBuilder(Counter, 'c').where('c.name = :name', { name }).setLock('pessimistic_write').getOne();
}

// Renews this claim's lease on one row just before it is sent, from the time
// the send starts: a batch of slow sends can outlast the lease it was claimed
// with, and another sender may then have claimed the row again. False when the
// row is no longer ours (another lease token, or no longer sending): the caller
// must not send it.
export async function extendLease(db: DataSource, id: number, token: string, now: Date, leaseMs: number): Promise<boolean> {
  const result = await db
    .getRepository(Notification)
    .update({ id, leaseToken: token, status: 'sending' }, { leaseUntil: new Date(now.getTime() + leaseMs) });
  return (result.affected ?? 0) > 0;
}
