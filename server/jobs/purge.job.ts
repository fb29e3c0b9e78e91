import type { Logger } from 'pino';
import { In, LessThan, type DataSource, type EntityTarget, type FindOptionsWhere, type ObjectLiteral } from 'typeorm';
import { InboundMessage, Notification, Session } from '../../entities';

// Once a night, what has served its purpose is deleted: sessions that expired
// long ago, the ids of WeCom messages received long ago (kept only so a
// retried callback acts once), and outbox rows sent or cancelled long ago.
// Each table is emptied in bounded batches, one short statement at a time, so
// the purge never holds locks that the daytime traffic would wait on.

export interface Retention {
  sessionsDays: number;
  inboundDays: number;
  notificationsDays: number;
}

export interface PurgeDeps {
  db: DataSource;
  logger: Logger;
  retention: Retention;
  batchSize?: number;
}

export interface PurgeResult {
  sessions: number;
  inboundMessages: number;
  notifications: number;
}

const DAY_MS = 24 * 3600 * 1000;
const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

export async function runPurge(deps: PurgeDeps, now: Date): Promise<PurgeResult> {
  const batch = deps.batchSize ?? 1000;
  const { retention: r } = deps;
  const result: PurgeResult = {
    sessions: await purge(deps.db, Session, { expiresAt: LessThan(daysBefore(now, r.sessionsDays)) }, batch),
    inboundMessages: await purge(deps.db, InboundMessage, { receivedAt: LessThan(daysBefore(now, r.inboundDays)) }, batch),
    // Measured from when the row was due, which ix_notification_status_due
    // serves; pending, sending and failed rows stay whatever their age.
    notifications: await purge(deps.db, Notification, { status: In(['sent', 'cancelled']), dueAt: LessThan(daysBefore(now, r.notificationsDays)) }, batch),
  };
  deps.logger.info(result, 'purge: old rows deleted');
  return result;
}

// Ids first, then a delete by primary key: bounded on SQLite, which has no DELETE … LIMIT by default, and on MySQL alike.
async function purge<T extends ObjectLiteral & { id: number }>(db: DataSource, entity: EntityTarget<T>, where: FindOptionsWhere<T>, batch: number): Promise<number> {
  const repo = db.getRepository(entity);
  let deleted = 0;
  for (;;) {
    const rows = await repo.find({ select: { id: true } as never, where, order: { id: 'ASC' } as never, take: batch });
    if (!rows.length) return deleted;
    const result = await repo.delete(rows.map((row) => row.id));
    deleted += result.affected ?? rows.length;
    if (rows.length < batch) return deleted;
  }
}
