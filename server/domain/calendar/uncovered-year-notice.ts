import type { EntityManager } from 'typeorm';
import { plainSql } from '../../db/plain-select';
import { Agency, Notification, User } from '../../../entities';
import type { Outbox } from '../outbox/outbox-service';
import { groupNotice, staffOf } from '../outbox/recipients';
import { staff } from '../../texts/staff.texts';

// A deadline reached a year the calendar has no holiday arrangement for, so
// it was computed on weekends only and marked provisional. The people who can
// fix that hear of it once per year, ever: the admins on WeCom and the liaison
// office's group. Loading the year recomputes those deadlines.

const KEY = (year: number) => `calendar:uncovered:${year}`;

export function uncoveredYearText(year: number): string {
  return [
    staff.calendar.uncovered.title(year),
    staff.calendar.uncovered.why(year),
    staff.calendar.uncovered.ask(year),
  ].join('\n');
}

// Answers whether the year's notice had been written before (by an earlier
// transaction): from then on there is nothing left to do for that year.
export async function noteUncoveredYear(em: EntityManager, year: number, deps: { outbox: Outbox; now: Date }): Promise<boolean> {
  const key = KEY(year);
  // Every later provisional deadline of the year finds the first notice and stops here.
  if (await noticeWritten(em, key)) return true;
  const text = uncoveredYearText(year);
  const [title, ...rest] = text.split('\n');
  const card = [`**${title}**`, ...rest.map((line) => `> ${line}`)].join('\n');
  const subject = { type: 'calendar_year', id: year };
  const common = { dueAt: deps.now, subject };

  const admins = await em.find(User, { where: { role: 'admin', active: true }, order: { id: 'ASC' } });
  const offices = await em.find(Agency, { where: { kind: 'liaison_office' }, order: { id: 'ASC' } });
  let written = 0;
  for (const admin of admins) {
    if (!admin.wecomUserId) continue;
    written += await deps.outbox.enqueue(em, {
      ...staffOf(admin), message: { msgtype: 'text', content: text }, dedupeKey: `${key}:user:${admin.id}`, ...common,
    });
  }
  for (const office of offices) {
    written += await deps.outbox.enqueue(em, { ...groupNotice(office, card), dedupeKey: `${key}:agency:${office.id}`, ...common });
  }
  // Nobody to tell yet: the console keeps it in the log and the outbox list.
  if (written === 0) {
    await deps.outbox.enqueue(em, { channel: 'console', target: staff.calendar.uncovered.consoleTarget, message: { msgtype: 'text', content: text }, dedupeKey: `${key}:console`, ...common });
  }
  return false;
}

// Whether a notice of `key` was written, to anyone. A prefix match that uses
// the dedupe key's index on both databases: SQLite's LIKE ignores case and so
// cannot, and scanned the whole outbox on every provisional filing; its GLOB
// is exact. The key holds no wildcard of either.
async function noticeWritten(em: EntityManager, key: string): Promise<boolean> {
  const { sqlite, q, table, column, rows } = plainSql(em.connection);
  const dedupeKey = column(Notification, 'dedupeKey');
  const found = await rows(em, `SELECT 1 AS ${q('hit')} FROM ${table(Notification)} WHERE ${dedupeKey} ${sqlite ? 'GLOB' : 'LIKE'} ? LIMIT 1`, [`${key}:${sqlite ? '*' : '%'}`]);
  return found.length > 0;
}
