import type { ExecutionContext } from 'ava';
import { AuditEntry, Notification } from '../../entities';
import type { NewNotification } from '../../server/domain/outbox/outbox-service';
import { startHarness, type Harness, type Reply } from '../helpers/app-harness';
import { eachDb, type TestDb } from '../helpers/databases';

// The outbox as the administrator sees it over HTTP: GET /api/notifications
// and POST /api/notifications/:id/retry, and who else may not.

const KEY = 'e3b0c442-98fc-1c14-9afb-f4c8996fb924';

async function withHarness(db: TestDb, fn: (h: Harness, ids: Record<string, number>) => Promise<void>) {
  const h = await startHarness(db);
  try {
    const now = h.clock.now();
    const rows: NewNotification[] = [
      { channel: 'wecom-webhook', target: KEY, message: { msgtype: 'markdown', content: '**开庭提醒**' }, dueAt: now, dedupeKey: 'hook-failed', subject: { type: 'hearing', id: 3 } },
      { channel: 'wecom-webhook', target: KEY, message: { msgtype: 'text', content: '新纠纷' }, dueAt: now, dedupeKey: 'hook-sent' },
      { channel: 'console', target: 'ops', message: { msgtype: 'text', content: '待发' }, dueAt: now, dedupeKey: 'console-pending' },
      { channel: 'console', target: 'ops', message: { msgtype: 'text', content: '失败' }, dueAt: now, dedupeKey: 'console-failed' },
      { channel: 'wx-subscribe', target: 'openid-1', message: { template: 'dispute_reply', data: { serial: 'JF-2026-000001' } }, dueAt: now, dedupeKey: 'wx-cancelled' },
    ];
    await db.ds.transaction(async (em) => {
      for (const r of rows) await h.services.outbox.enqueue(em, r);
    });
    const repo = db.ds.getRepository(Notification);
    const ids = Object.fromEntries((await repo.find()).map((n) => [n.dedupeKey, n.id]));
    await repo.update({ id: ids['hook-failed'] }, { status: 'failed', attempts: 8, lastError: 'errcode 93000: invalid webhook url' });
    await repo.update({ id: ids['console-failed'] }, { status: 'failed', attempts: 8, lastError: 'errcode -1: busy' });
    await repo.update({ id: ids['hook-sent'] }, { status: 'sent', attempts: 1, sentAt: now });
    await repo.update({ id: ids['wx-cancelled'] }, { status: 'cancelled', lastError: 'cancelled' });
    await fn(h, ids);
  } finally {
    await h.close();
  }
}

async function userToken(h: Harness, role: string): Promise<string> {
  const agency = await h.request('POST', '/api/agencies', { token: h.adminToken, body: { name: `测试单位${role}`, kind: 'other' } });
  if (agency.status !== 201) throw new Error(`${agency.status} ${agency.text}`);
  const agencyId = role === 'resident' ? undefined : agency.body.id;
  const user = await h.request('POST', '/api/users', { token: h.adminToken, body: { name: `测试${role}`, role, agencyId } });
  if (user.status !== 201) throw new Error(`${user.status} ${user.text}`);
  const issued = await h.request('POST', `/api/users/${user.body.id}/tokens`, { token: h.adminToken });
  if (issued.status !== 201) throw new Error(`${issued.status} ${issued.text}`);
  return issued.body.token as string;
}

function expectError(t: ExecutionContext, r: Reply, status: number, code: string, message?: RegExp) {
  t.is(r.status, status, r.text);
  t.is(r.body?.error?.code, code, r.text);
  t.regex(r.body.error.message, message ?? /[\u4e00-\u9fff]/);
}

const keys = (r: Reply) => (r.body.items as Array<{ dedupeKey: string }>).map((i) => i.dedupeKey);

eachDb('GET /api/notifications: the admin reads the outbox, filtered and paged, with webhook keys masked', async (t, db) => {
  await withHarness(db, async (h, ids) => {
    const all = await h.request('GET', '/api/notifications', { token: h.adminToken });
    t.is(all.status, 200, all.text);
    t.is(all.body.total, 5);
    t.deepEqual(keys(all), ['wx-cancelled', 'console-failed', 'console-pending', 'hook-sent', 'hook-failed']);
    t.false(all.text.includes(KEY), 'no webhook key in the answer');
    t.deepEqual(all.body.items[4], {
      id: ids['hook-failed'], channel: 'wecom-webhook', target: 'e3b0****b924', payload: { msgtype: 'markdown', content: '**开庭提醒**' },
      status: 'failed', attempts: 8, dueAt: h.clock.now().toISOString(), sentAt: null, lastError: 'errcode 93000: invalid webhook url',
      dedupeKey: 'hook-failed', subject: { type: 'hearing', id: 3 }, createdAt: h.clock.now().toISOString(),
    });
    t.like(all.body.items[3], { status: 'sent', sentAt: h.clock.now().toISOString(), target: 'e3b0****b924' });

    const query = async (q: string) => {
      const r = await h.request('GET', `/api/notifications?${q}`, { token: h.adminToken });
      t.is(r.status, 200, `${q}: ${r.text}`);
      return [r.body.total, keys(r)];
    };
    t.deepEqual(await query('status=failed'), [2, ['console-failed', 'hook-failed']]);
    t.deepEqual(await query('channel=wecom-webhook'), [2, ['hook-sent', 'hook-failed']]);
    t.deepEqual(await query('status=failed&channel=console'), [1, ['console-failed']]);
    t.deepEqual(await query('status=pending&channel=wx-subscribe'), [0, []]);
    t.deepEqual(await query('page=2&pageSize=2'), [5, ['console-pending', 'hook-sent']]);
    t.deepEqual(await query('page=3&pageSize=2'), [5, ['hook-failed']]);
    t.deepEqual(await query('page=4&pageSize=2'), [5, []]);
    t.deepEqual(await query('channel=carrier-pigeon'), [0, []]);
  });
});

eachDb('only the admin: 401 without a token, 403 for every other role, and a refused retry changes nothing', async (t, db) => {
  await withHarness(db, async (h, ids) => {
    const failed = ids['console-failed']!;
    expectError(t, await h.request('GET', '/api/notifications'), 401, 'UNAUTHENTICATED');
    expectError(t, await h.request('POST', `/api/notifications/${failed}/retry`), 401, 'UNAUTHENTICATED');
    expectError(t, await h.request('GET', '/api/notifications', { token: `${h.adminToken}x` }), 401, 'TOKEN_INVALID');
    for (const role of ['resident', 'mediator', 'judge', 'official']) {
      const token = await userToken(h, role);
      expectError(t, await h.request('GET', '/api/notifications', { token }), 403, 'FORBIDDEN');
      expectError(t, await h.request('POST', `/api/notifications/${failed}/retry`, { token }), 403, 'FORBIDDEN');
    }
    t.like(await db.ds.getRepository(Notification).findOneByOrFail({ id: failed }), { status: 'failed', attempts: 8 });
    t.is(await db.ds.getRepository(AuditEntry).countBy({ action: 'notification.retry' }), 0);
    // An admin user (not only the admin token) may.
    const admin = await userToken(h, 'admin');
    t.is((await h.request('GET', '/api/notifications', { token: admin })).status, 200);
  });
});

eachDb('bad requests: 400 on a bad status or page, 404 retry of an unknown id, 409 retry of a row not failed', async (t, db) => {
  await withHarness(db, async (h, ids) => {
    const get = (q: string) => h.request('GET', `/api/notifications?${q}`, { token: h.adminToken });
    const retry = (id: string | number) => h.request('POST', `/api/notifications/${id}/retry`, { token: h.adminToken });
    expectError(t, await get('status=lost'), 400, 'VALIDATION_FAILED', /状态/);
    expectError(t, await get('status=SENT'), 400, 'VALIDATION_FAILED', /状态/);
    expectError(t, await get('page=0'), 400, 'VALIDATION_FAILED', /页码/);
    expectError(t, await get('pageSize=101'), 400, 'VALIDATION_FAILED', /每页条数/);
    expectError(t, await get(`channel=${'x'.repeat(33)}`), 400, 'VALIDATION_FAILED', /渠道/);
    expectError(t, await retry('abc'), 400, 'VALIDATION_FAILED', /通知编号/);
    expectError(t, await retry(0), 400, 'VALIDATION_FAILED', /通知编号/);
    expectError(t, await retry(999_999), 404, 'NOT_FOUND', /通知不存在/);
    const pending = await retry(ids['console-pending']!);
    expectError(t, pending, 409, 'NOT_RETRYABLE', /当前状态为“待发送”/);
    expectError(t, await retry(ids['hook-sent']!), 409, 'NOT_RETRYABLE', /当前状态为“已发送”/);

    const ok = await h.request('POST', `/api/notifications/${ids['wx-cancelled']}/retry`, {
      token: h.adminToken, headers: { 'x-request-id': 'retry-request-0001' },
    });
    t.is(ok.status, 200, ok.text);
    t.like(ok.body, { id: ids['wx-cancelled'], status: 'pending', attempts: 0, dueAt: h.clock.now().toISOString() });
    const audit = await db.ds.getRepository(AuditEntry).findBy({ action: 'notification.retry' });
    t.deepEqual(audit.map((a) => [a.subjectType, a.subjectId, a.actorId, a.requestId]), [['notification', ids['wx-cancelled'], null, 'retry-request-0001']]);
    expectError(t, await retry(ids['wx-cancelled']!), 409, 'NOT_RETRYABLE', /当前状态为“待发送”/);
  });
});
