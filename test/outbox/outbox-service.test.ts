import type { ExecutionContext } from 'ava';
import { AuditEntry, Notification } from '../../entities';
import { fixedClock } from '../../server/domain/clock';
import { DomainError } from '../../server/domain/errors';
import { BYTE_LIMITS, byteLength } from '../../server/domain/outbox/message-limits';
import { createOutbox, type NewNotification } from '../../server/domain/outbox/outbox-service';
import { ADMIN_TOKEN_PRINCIPAL } from '../../server/domain/principal';
import { eachDb, type TestDb } from '../helpers/databases';

// The outbox service on its own: rows are written in the caller's
// transaction, once per dedupe key, split to fit the channel, cancelled by
// subject, listed and retried by an admin.

const NOW = '2026-11-26T02:00:00.000Z';
const HOUR = 3600_000;

function world(db: TestDb) {
  const clock = fixedClock(NOW);
  const outbox = createOutbox({ db: db.ds, clock });
  const rows = () => db.ds.getRepository(Notification).find({ order: { id: 'ASC' } });
  const text = (dedupeKey: string, extra: Partial<NewNotification<'console'>> = {}): NewNotification<'console'> => ({
    channel: 'console', target: 'group-1', message: { msgtype: 'text', content: `msg ${dedupeKey}` }, dueAt: clock.now(), dedupeKey, ...extra,
  });
  const add = (n: NewNotification) => db.ds.transaction((em) => outbox.enqueue(em, n));
  const setStatus = (id: number, status: Notification['status']) => db.ds.getRepository(Notification).update({ id }, { status });
  return { clock, outbox, rows, text, add, setStatus };
}

eachDb('enqueue writes in the caller transaction: a rollback takes the row with it, a commit keeps it', async (t, db) => {
  const w = world(db);
  await t.throwsAsync(
    db.ds.transaction(async (em) => {
      t.is(await w.outbox.enqueue(em, w.text('rolled-back')), 1);
      // Visible inside the transaction that wrote it…
      t.is(await em.countBy(Notification, { dedupeKey: 'rolled-back' }), 1);
      throw new Error('the change that caused the message failed');
    }),
    { message: /failed/ },
  );
  t.deepEqual(await w.rows(), [], '…and gone with its rollback');

  t.is(await w.add(w.text('kept', { subject: { type: 'hearing', id: 7 } })), 1);
  const [row] = await w.rows();
  t.like(row, {
    channel: 'console', target: 'group-1', status: 'pending', attempts: 0, dedupeKey: 'kept',
    subjectType: 'hearing', subjectId: 7, leaseUntil: null, leaseToken: null, lastError: null, sentAt: null,
  });
  t.deepEqual(row!.payload, { msgtype: 'text', content: 'msg kept' });
  t.is(row!.dueAt.toISOString(), NOW);
  t.is(row!.createdAt.toISOString(), NOW);
});

eachDb('the same dedupe key twice is one row: the second enqueue returns 0', async (t, db) => {
  const w = world(db);
  t.is(await w.add(w.text('hearing:7:reminder:1d')), 1);
  t.is(await w.add(w.text('hearing:7:reminder:1d', { target: 'group-2', message: { msgtype: 'text', content: 'other' } })), 0);
  const rows = await w.rows();
  t.is(rows.length, 1);
  t.is(rows[0]!.target, 'group-1', 'the first row is kept as it was');
  // A key stays taken whatever became of its row: a sent reminder is not written again.
  await w.setStatus(rows[0]!.id, 'sent');
  t.is(await w.add(w.text('hearing:7:reminder:1d')), 0);
  await t.throwsAsync(w.add(w.text('')), { message: /dedupe key/ });
  await t.throwsAsync(w.add(w.text('k'.repeat(181))), { message: /dedupe key/ });
  t.is((await w.rows()).length, 1);
});

eachDb('two concurrent transactions with one dedupe key: one row, the other returns 0 and its transaction goes on', async (t, db) => {
  const w = world(db);
  let results: number[];
  if (db.kind === 'mysql') {
    // Force the race: the second transaction reads (and so fixes its snapshot)
    // before the first commits, so its existence check misses the row and its
    // insert meets the unique index.
    let snapshotTaken!: () => void;
    const secondHasSnapshot = new Promise<void>((r) => (snapshotTaken = r));
    const first = db.ds.transaction(async (em) => {
      await secondHasSnapshot;
      return w.outbox.enqueue(em, w.text('race'));
    });
    const second = db.ds.transaction(async (em) => {
      await em.count(Notification);
      snapshotTaken();
      await first;
      const n = await w.outbox.enqueue(em, w.text('race', { target: 'second' }));
      // The duplicate did not spoil the caller's transaction: its own work still commits.
      await w.outbox.enqueue(em, w.text('after-race'));
      return n;
    });
    results = await Promise.all([first, second]);
  } else {
    // One SQLite connection: concurrent transactions are queued, the second sees the first's row.
    results = await Promise.all([
      db.ds.transaction((em) => w.outbox.enqueue(em, w.text('race'))),
      db.ds.transaction(async (em) => {
        const n = await w.outbox.enqueue(em, w.text('race', { target: 'second' }));
        await w.outbox.enqueue(em, w.text('after-race'));
        return n;
      }),
    ]);
  }
  t.deepEqual(results.sort(), [0, 1]);
  const rows = await w.rows();
  t.deepEqual(rows.map((r) => [r.dedupeKey, r.target]), [['race', 'group-1'], ['after-race', 'group-1']]);
});

eachDb('a long text becomes numbered parts within the byte limit, with dedupe keys key, key#2, …', async (t, db) => {
  const w = world(db);
  // Chinese and emoji: three and four bytes a character; a cut inside one would break it.
  const line = (i: number) => `第${i}条：请调解员尽快联系当事人，核实纠纷情况😀\n`;
  const content = Array.from({ length: 80 }, (_, i) => line(i)).join('');
  t.true(byteLength(content) > 2 * BYTE_LIMITS['wecom-webhook'].text && byteLength(content) < 3 * BYTE_LIMITS['wecom-webhook'].text - 100);
  const n = await db.ds.transaction((em) =>
    w.outbox.enqueue(em, {
      channel: 'wecom-webhook', target: 'robot-key', dueAt: w.clock.now(), dedupeKey: 'dispute:9:card',
      message: { msgtype: 'text', content, mentionedList: ['zhangsan'] }, subject: { type: 'dispute', id: 9 },
    }),
  );
  t.is(n, 3);
  const rows = await w.rows();
  t.deepEqual(rows.map((r) => r.dedupeKey), ['dispute:9:card', 'dispute:9:card#2', 'dispute:9:card#3']);
  const parts = rows.map((r) => r.payload as { msgtype: string; content: string; mentionedList?: string[] });
  parts.forEach((p, i) => {
    t.is(p.msgtype, 'text');
    t.true(byteLength(p.content) <= BYTE_LIMITS['wecom-webhook'].text, `part ${i + 1}: ${byteLength(p.content)} bytes`);
    t.true(p.content.startsWith(`（${i + 1}/3）\n`));
    t.true(p.content.isWellFormed());
  });
  t.deepEqual(parts[0]!.mentionedList, ['zhangsan'], 'people are mentioned on the first part');
  t.is(parts[1]!.mentionedList, undefined);
  t.is(parts.map((p) => p.content.replace(/^（\d\/3）\n/, '')).join(''), content, 'nothing lost, nothing changed');
  t.true(parts.slice(0, 2).every((p) => p.content.endsWith('\n')), 'parts end at line ends');
  t.true(rows.every((r) => r.subjectType === 'dispute' && r.subjectId === 9 && r.status === 'pending'));
  t.is(await w.add({ ...w.text('dispute:9:card'), channel: 'wecom-webhook' } as NewNotification), 0, 'the whole message is deduplicated');

  // Too long even for five parts: five parts, the last trimmed with a note.
  t.is(await w.add({ ...w.text('huge'), message: { msgtype: 'text', content: '调'.repeat(10_000) } }), 1, 'console is not split');
  const huge = await db.ds.transaction((em) =>
    w.outbox.enqueue(em, { channel: 'wecom-app', target: 'u1', dueAt: w.clock.now(), dedupeKey: 'huge-app', message: { msgtype: 'markdown', content: '调'.repeat(10_000) } }),
  );
  t.is(huge, 5);
  const app = (await w.rows()).filter((r) => r.dedupeKey.startsWith('huge-app')).map((r) => (r.payload as { content: string }).content);
  t.true(app.every((c) => byteLength(c) <= BYTE_LIMITS['wecom-app'].markdown && c.isWellFormed()));
  t.regex(app[4]!, /内容过长，已截断/);

  // Exactly at the limit stays one message.
  t.is(await w.add({ ...w.text('exact'), channel: 'wecom-webhook', message: { msgtype: 'markdown', content: 'a'.repeat(4096) } } as NewNotification), 1);
  t.is(await w.add({ ...w.text('over'), channel: 'wecom-webhook', message: { msgtype: 'markdown', content: 'a'.repeat(4097) } } as NewNotification), 2);
});

eachDb('cancel(subject) cancels only that subject’s pending rows, in the caller transaction', async (t, db) => {
  const w = world(db);
  const hearing7 = { type: 'hearing', id: 7 };
  await w.add(w.text('h7-a', { subject: hearing7 }));
  await w.add(w.text('h7-b', { subject: hearing7, dueAt: new Date(w.clock.now().getTime() + 24 * HOUR) }));
  await w.add(w.text('h7-sent', { subject: hearing7 }));
  await w.add(w.text('h7-failed', { subject: hearing7 }));
  await w.add(w.text('h8', { subject: { type: 'hearing', id: 8 } }));
  await w.add(w.text('d7', { subject: { type: 'dispute', id: 7 } }));
  await w.add(w.text('none'));
  const byKey = async () => Object.fromEntries((await w.rows()).map((r) => [r.dedupeKey, r]));
  let rows = await byKey();
  await w.setStatus(rows['h7-sent']!.id, 'sent');
  await w.setStatus(rows['h7-failed']!.id, 'failed');

  await t.throwsAsync(db.ds.transaction(async (em) => {
    t.is(await w.outbox.cancel(em, hearing7), 2);
    throw new Error('reschedule rolled back');
  }));
  t.is((await byKey())['h7-a']!.status, 'pending', 'a rolled-back cancel cancels nothing');

  t.is(await db.ds.transaction((em) => w.outbox.cancel(em, hearing7, 'hearing rescheduled')), 2);
  rows = await byKey();
  t.deepEqual(
    Object.fromEntries(Object.entries(rows).map(([k, r]) => [k, r.status])),
    { 'h7-a': 'cancelled', 'h7-b': 'cancelled', 'h7-sent': 'sent', 'h7-failed': 'failed', h8: 'pending', d7: 'pending', none: 'pending' },
  );
  t.is(rows['h7-a']!.lastError, 'hearing rescheduled');
  t.is(await db.ds.transaction((em) => w.outbox.cancel(em, hearing7)), 0, 'cancelling again changes nothing');
});

eachDb('list filters by status and channel, newest first, paged, with webhook keys masked', async (t, db) => {
  const w = world(db);
  for (let i = 1; i <= 5; i++) await w.add(w.text(`c${i}`));
  const key = 'a1b2c3d4-0000-1111-2222-333344445555';
  await w.add({ channel: 'wecom-webhook', target: key, message: { msgtype: 'text', content: 'hook' }, dueAt: w.clock.now(), dedupeKey: 'w1' });
  const all = await w.rows();
  await w.setStatus(all[1]!.id, 'failed');
  await w.setStatus(all[5]!.id, 'failed');

  const everything = await w.outbox.list({ page: 1, pageSize: 50 });
  t.is(everything.total, 6);
  t.deepEqual(everything.items.map((i) => i.dedupeKey), ['w1', 'c5', 'c4', 'c3', 'c2', 'c1']);
  t.is(everything.items[0]!.target, 'a1b2****5555');
  t.false(JSON.stringify(everything).includes(key));

  const failed = await w.outbox.list({ status: 'failed', page: 1, pageSize: 50 });
  t.deepEqual([failed.total, failed.items.map((i) => i.dedupeKey)], [2, ['w1', 'c2']]);
  const failedConsole = await w.outbox.list({ status: 'failed', channel: 'console', page: 1, pageSize: 50 });
  t.deepEqual([failedConsole.total, failedConsole.items.map((i) => i.dedupeKey)], [1, ['c2']]);
  const page2 = await w.outbox.list({ channel: 'console', page: 2, pageSize: 2 });
  t.deepEqual([page2.total, page2.items.map((i) => i.dedupeKey)], [5, ['c3', 'c2']]);
  t.deepEqual((await w.outbox.list({ status: 'sent', page: 1, pageSize: 50 })).items, []);
});

async function expectNotRetryable(t: ExecutionContext, p: Promise<unknown>, label: string) {
  const err = await t.throwsAsync(p, { instanceOf: DomainError });
  t.is(err!.code, 'NOT_RETRYABLE');
  t.is(err!.status, 409);
  t.true(err!.message.includes(label), err!.message);
  t.regex(err!.message, /只有发送失败或已取消的通知可以重试/);
}

eachDb('retry: only failed or cancelled rows, with fresh attempts, due now, and an audit entry', async (t, db) => {
  const w = world(db);
  for (const k of ['failed', 'cancelled', 'pending', 'sending', 'sent']) await w.add(w.text(k, { dueAt: new Date(Date.parse(NOW) - HOUR) }));
  const rows = Object.fromEntries((await w.rows()).map((r) => [r.dedupeKey, r]));
  for (const k of ['failed', 'cancelled', 'sending', 'sent'] as const) {
    await db.ds.getRepository(Notification).update({ id: rows[k]!.id }, { status: k, attempts: 8, lastError: 'errcode -1: system busy' });
  }
  w.clock.advance(HOUR);
  const ctx = { actor: ADMIN_TOKEN_PRINCIPAL, requestId: 'req-42' };

  const view = await w.outbox.retry(rows.failed!.id, ctx);
  t.like(view, { id: rows.failed!.id, status: 'pending', attempts: 0, dueAt: w.clock.now().toISOString() });
  const stored = await db.ds.getRepository(Notification).findOneByOrFail({ id: rows.failed!.id });
  t.like(stored, { status: 'pending', attempts: 0, leaseUntil: null, leaseToken: null });
  t.is((await w.outbox.retry(rows.cancelled!.id, ctx)).status, 'pending');

  const audit = await db.ds.getRepository(AuditEntry).find({ order: { id: 'ASC' } });
  t.deepEqual(
    audit.map((a) => [a.action, a.subjectType, a.subjectId, a.actorId, a.requestId, a.at.toISOString()]),
    [rows.failed!.id, rows.cancelled!.id].map((id) => ['notification.retry', 'notification', id, null, 'req-42', w.clock.now().toISOString()]),
  );

  await expectNotRetryable(t, w.outbox.retry(rows.pending!.id, ctx), '待发送');
  await expectNotRetryable(t, w.outbox.retry(rows.sending!.id, ctx), '发送中');
  await expectNotRetryable(t, w.outbox.retry(rows.sent!.id, ctx), '已发送');
  await expectNotRetryable(t, w.outbox.retry(rows.failed!.id, ctx), '待发送');
  const missing = await t.throwsAsync(w.outbox.retry(999_999, ctx), { instanceOf: DomainError });
  t.like(missing, { code: 'NOT_FOUND', status: 404 });
  t.is(await db.ds.getRepository(AuditEntry).count(), 2, 'a refused retry leaves no audit entry');
  t.like(await db.ds.getRepository(Notification).findOneByOrFail({ id: rows.sent!.id }), { status: 'sent', attempts: 8 });
});
