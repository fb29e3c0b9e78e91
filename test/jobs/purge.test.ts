import test from 'ava';
import pino from 'pino';
import { InboundMessage, Notification, Session, User } from '../../entities';
import { loadConfig } from '../../server/config';
import { runPurge } from '../../server/jobs/purge.job';
import { eachDb } from '../helpers/databases';

// The nightly purge: what is past its retention goes, in batches; what is
// younger, or still has work to do, stays. Every time is relative to the
// "now" the job is given, never the machine's clock.

const NOW = new Date('2026-11-26T19:30:00.000Z'); // 03:30 in Shanghai
const DAY = 24 * 3600 * 1000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const silent = pino({ level: 'silent' });
const retention = { sessionsDays: 30, inboundDays: 7, notificationsDays: 180 };

eachDb('the purge deletes old expired sessions, old inbound ids and old sent or cancelled outbox rows, in batches, and nothing else', async (t, db) => {
  const user = await db.ds.getRepository(User).save({ role: 'resident', name: '居民', agencyId: null, villages: [], active: true, createdAt: ago(400) });
  const sessions = db.ds.getRepository(Session);
  let n = 0;
  const session = (expiresAt: Date) => sessions.save({ tokenHash: `h${n++}`.padEnd(64, '0'), userId: user.id, kind: 'login', expiresAt, createdAt: ago(400) } as unknown as Session);
  for (let i = 0; i < 5; i++) await session(ago(31 + i)); // expired over 30 days ago: go
  await session(ago(29)); // expired, but within retention: stays
  await session(new Date(NOW.getTime() + DAY)); // still valid: stays

  const inbound = db.ds.getRepository(InboundMessage);
  for (let i = 0; i < 3; i++) await inbound.save({ source: 'wecom-bot', messageId: `old-${i}`, receivedAt: ago(8 + i) });
  await inbound.save({ source: 'wecom-bot', messageId: 'recent', receivedAt: ago(6) });

  const outbox = db.ds.getRepository(Notification);
  const row = (dedupeKey: string, status: Notification['status'], dueAt: Date) =>
    outbox.save({ channel: 'console', target: 'x', payload: { msgtype: 'text', content: dedupeKey }, dueAt, status, attempts: 1, leaseUntil: null, leaseToken: null, lastError: null, dedupeKey, subjectType: null, subjectId: null, sentAt: status === 'sent' ? dueAt : null, createdAt: dueAt });
  for (let i = 0; i < 4; i++) await row(`sent-old-${i}`, 'sent', ago(181 + i));
  await row('cancelled-old', 'cancelled', ago(200));
  await row('sent-recent', 'sent', ago(179));
  await row('failed-old', 'failed', ago(300)); // an operator may still retry it
  await row('pending-old', 'pending', ago(300));
  await row('sending-old', 'sending', ago(300));

  const result = await runPurge({ db: db.ds, logger: silent, retention, batchSize: 2 }, NOW);
  t.deepEqual(result, { sessions: 5, inboundMessages: 3, notifications: 5 });
  t.is(await sessions.count(), 2);
  t.deepEqual((await inbound.find()).map((m) => m.messageId), ['recent']);
  t.deepEqual((await outbox.find({ order: { id: 'ASC' } })).map((r) => r.dedupeKey), ['sent-recent', 'failed-old', 'pending-old', 'sending-old']);

  t.deepEqual(await runPurge({ db: db.ds, logger: silent, retention, batchSize: 2 }, NOW), { sessions: 0, inboundMessages: 0, notifications: 0 }, 'a second run finds nothing');
  // A day later the session that expired 29 days ago is 30 days past: still kept (older than, not as old as).
  t.is((await runPurge({ db: db.ds, logger: silent, retention }, new Date(NOW.getTime() + 2 * DAY))).sessions, 1);
});

test('retention settings: defaults, overrides, and refusals', (t) => {
  const base = { FUYUAN_ADMIN_TOKEN: 'retention-admin-token-0123456789', FUYUAN_DATA_KEY: '33'.repeat(32) };
  t.deepEqual(loadConfig(base).retention, { sessionsDays: 30, inboundDays: 30, notificationsDays: 180 });
  t.deepEqual(
    loadConfig({ ...base, RETENTION_SESSIONS_DAYS: '7', RETENTION_INBOUND_DAYS: '3', RETENTION_NOTIFICATIONS_DAYS: '365' }).retention,
    { sessionsDays: 7, inboundDays: 3, notificationsDays: 365 },
  );
  for (const bad of ['0', '-1', 'abc', '1.5']) {
    t.throws(() => loadConfig({ ...base, RETENTION_NOTIFICATIONS_DAYS: bad }), { message: /RETENTION_NOTIFICATIONS_DAYS/ });
  }
});
