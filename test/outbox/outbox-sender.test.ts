import { createHash } from 'node:crypto';
import pino from 'pino';
import { disputePage } from '../../miniprogram/config/pages';
import { Notification } from '../../entities';
import type { Channel } from '../../server/channels/channel';
import { ConsoleChannel } from '../../server/channels/console/console.channel';
import { WecomAppChannel } from '../../server/channels/wecom-app/wecom-app.channel';
import { WecomWebhookChannel } from '../../server/channels/wecom-webhook/wecom-webhook.channel';
import { DEFAULT_LAYOUTS } from '../../server/channels/wx-subscribe/subscribe-templates';
import { WxSubscribeChannel } from '../../server/channels/wx-subscribe/wx-subscribe.channel';
import { httpJson } from '../../server/clients/http-json';
import { createWechatAccessToken } from '../../server/clients/wechat-access-token';
import { createWecomAccessToken } from '../../server/clients/wecom-access-token';
import type { NewNotification } from '../../server/domain/outbox/outbox-service';
import { backoffMs, runOutboxTick, type OutboxSenderDeps } from '../../server/jobs/outbox-sender.job';
import { startHarness, type Harness } from '../helpers/app-harness';
import { eachDb, type TestDb } from '../helpers/databases';
import { startFakeWechat, type FakeWechat } from '../fakes/wechat-api.fake';
import { startFakeWecom, type FakeWecom } from '../fakes/wecom-api.fake';

// One sender pass at a time, on the harness's fake clock, with the real
// channels posting to fake WeCom and WeChat servers.

const SECOND = 1000;
const DAY = 24 * 3600 * SECOND;
const SEND = 'POST /cgi-bin/webhook/send';
const KEY = 'robot-key-0001-aaaa-bbbb-cccc';
const TEMPLATE = 'tmpl_dispute_reply_0001';

interface World {
  db: TestDb;
  h: Harness;
  wecom: FakeWecom;
  wechat: FakeWechat;
  printed: string[];
  deps: OutboxSenderDeps;
  tick(): Promise<Awaited<ReturnType<typeof runOutboxTick>>>;
  enqueue(n: NewNotification): Promise<number>;
  row(key: string): Promise<Notification>;
}

async function withWorld(db: TestDb, fn: (w: World) => Promise<void>, opts: { maxAttempts?: number } = {}) {
  const h = await startHarness(db);
  const wecom = await startFakeWecom({ clock: h.clock });
  const wechat = await startFakeWechat({ clock: h.clock });
  try {
    wecom.registerWebhook(KEY);
    wechat.registerTemplate(TEMPLATE);
    const printed: string[] = [];
    // A generous timeout: on a loaded machine the default 5 s is not about what is tested here.
    const timeoutMs = 60_000;
    const channels: Record<string, Channel> = {
      'wecom-webhook': new WecomWebhookChannel({ apiBase: wecom.url, timeoutMs }, httpJson),
      'wecom-app': new WecomAppChannel(
        { apiBase: wecom.url, agentId: '1000002', timeoutMs },
        createWecomAccessToken({ apiBase: wecom.url, corpId: wecom.corpId, secret: wecom.secret }, h.clock),
        httpJson,
      ),
      'wx-subscribe': new WxSubscribeChannel(
        { apiBase: wechat.url, templates: { dispute_reply: { id: TEMPLATE, layout: DEFAULT_LAYOUTS.dispute_reply } }, timeoutMs },
        createWechatAccessToken({ apiBase: wechat.url, appId: wechat.appId, secret: wechat.secret }, h.clock),
        httpJson,
      ),
      console: new ConsoleChannel('console', (line) => printed.push(line), 'full'),
    };
    const deps: OutboxSenderDeps = { db: db.ds, clock: h.clock, channels, logger: pino({ level: 'silent' }), maxAttempts: opts.maxAttempts ?? 8 };
    await fn({
      db, h, wecom, wechat, printed, deps,
      tick: () => runOutboxTick(deps, h.clock.now()),
      enqueue: (n) => db.ds.transaction((em) => h.services.outbox.enqueue(em, n)),
      row: (dedupeKey) => db.ds.getRepository(Notification).findOneByOrFail({ dedupeKey }),
    });
  } finally {
    await h.close();
    await wecom.close();
    await wechat.close();
  }
}

const hook = (w: World, dedupeKey: string, content = `提醒 ${dedupeKey}`, extra: Partial<NewNotification> = {}): NewNotification => ({
  channel: 'wecom-webhook', target: KEY, message: { msgtype: 'text', content }, dueAt: w.h.clock.now(), dedupeKey, ...extra,
});

eachDb('a row is delivered once, in the documented shape; a second tick sends nothing', async (t, db) => {
  await withWorld(db, async (w) => {
    const image = Buffer.from('89504e470d0a1a0a', 'hex');
    await w.enqueue(hook(w, 'text', '', { message: { msgtype: 'text', content: '开庭提醒：（2026）陕0602民初1234号', mentionedList: ['zhangsan', '@all'], mentionedMobileList: ['13800001111'] } }));
    await w.enqueue(hook(w, 'md', '', { message: { msgtype: 'markdown', content: '## 纠纷 <font color="warning">JF-2026-000123</font>' } }));
    await w.enqueue(hook(w, 'img', '', { message: { msgtype: 'image', base64: image.toString('base64'), md5: createHash('md5').update(image).digest('hex') } }));

    t.like(await w.tick(), { claimed: 3, sent: 3, retrying: 0, failed: 0, deferred: 0 });
    const calls = w.wecom.callsTo(SEND);
    t.is(calls.length, 3);
    for (const c of calls) {
      t.is(c.query.key, KEY);
      t.regex(String(c.headers['content-type']), /^application\/json/);
      t.deepEqual(c.answer, { errcode: 0, errmsg: 'ok' });
    }
    t.deepEqual(w.wecom.webhookMessages(KEY), [
      { msgtype: 'text', text: { content: '开庭提醒：（2026）陕0602民初1234号', mentioned_list: ['zhangsan', '@all'], mentioned_mobile_list: ['13800001111'] } },
      { msgtype: 'markdown', markdown: { content: '## 纠纷 <font color="warning">JF-2026-000123</font>' } },
      { msgtype: 'image', image: { base64: image.toString('base64'), md5: createHash('md5').update(image).digest('hex') } },
    ]);
    for (const k of ['text', 'md', 'img']) {
      t.like(await w.row(k), { status: 'sent', attempts: 1, lastError: null, leaseUntil: null, leaseToken: null, sentAt: w.h.clock.now() });
    }

    t.like(await w.tick(), { claimed: 0, sent: 0 });
    w.h.clock.advance(DAY);
    t.like(await w.tick(), { claimed: 0, sent: 0 });
    t.is(w.wecom.callsTo(SEND).length, 3, 'nothing is sent twice');
  });
});

eachDb('transient errors (-1, HTTP 500, reset) retry with growing delays, then succeed', async (t, db) => {
  await withWorld(db, async (w) => {
    await w.enqueue(hook(w, 'flaky'));
    const failures = [[{ errcode: -1 }, /errcode -1/], [{ status: 500 }, /HTTP 500/], [{ reset: true }, /cannot reach/]] as const;
    const start = w.h.clock.now().getTime();
    for (const [i, [failure, error]] of failures.entries()) {
      w.wecom.failNext(SEND, failure);
      t.like(await w.tick(), { claimed: 1, retrying: 1, sent: 0 }, `failure ${i + 1}`);
      const row = await w.row('flaky');
      t.like(row, { status: 'pending', attempts: i + 1, leaseToken: null });
      t.regex(row.lastError ?? '', error);
      t.false((row.lastError ?? '').includes(KEY), 'the webhook key is not written into the error');
      const delay = row.dueAt.getTime() - w.h.clock.now().getTime();
      t.is(delay, backoffMs(i + 1));
      t.is(delay, [30, 60, 120][i]! * SECOND);
      // Not before its time…
      w.h.clock.advance(delay - 1);
      t.like(await w.tick(), { claimed: 0 });
      // …and then again.
      w.h.clock.advance(1);
    }
    t.like(await w.tick(), { claimed: 1, sent: 1 });
    t.like(await w.row('flaky'), { status: 'sent', attempts: 4, lastError: null, sentAt: new Date(start + 210 * SECOND) });
    t.deepEqual(w.wecom.callsTo(SEND).map((c) => c.injected ?? 'ok'), ['errcode -1', 'status 500', 'reset', 'ok']);
    t.is(w.wecom.webhookMessages(KEY).length, 1);
  });
});

eachDb('45009 (frequency limit) waits at least a minute; a wecom-app token expired early is refreshed once', async (t, db) => {
  await withWorld(db, async (w) => {
    await w.enqueue(hook(w, 'busy'));
    w.wecom.failNext(SEND, { errcode: 45009 });
    t.like(await w.tick(), { retrying: 1 });
    t.is((await w.row('busy')).dueAt.getTime() - w.h.clock.now().getTime(), 60 * SECOND);

    w.wecom.registerUsers('zhangsan', 'lisi');
    await w.enqueue({ channel: 'wecom-app', target: 'zhangsan|nobody', message: { msgtype: 'text', content: '请反馈司法建议' }, dueAt: w.h.clock.now(), dedupeKey: 'app-1' });
    t.like(await w.tick(), { claimed: 1, sent: 1 });
    w.wecom.expireTokens();
    await w.enqueue({ channel: 'wecom-app', target: 'lisi', message: { msgtype: 'markdown', content: '**逾期**' }, dueAt: w.h.clock.now(), dedupeKey: 'app-2' });
    t.like(await w.tick(), { claimed: 1, sent: 1 });
    t.is(w.wecom.callsTo('GET /cgi-bin/gettoken').length, 2);
    t.deepEqual(w.wecom.callsTo('POST /cgi-bin/message/send').map((c) => (c.answer as { errcode: number }).errcode), [0, 42001, 0]);
    t.like(w.wecom.appMessages()[0], { touser: 'zhangsan|nobody', msgtype: 'text', agentid: 1000002, text: { content: '请反馈司法建议' } });
    t.like(w.wecom.appMessages()[1], { touser: 'lisi', msgtype: 'markdown', markdown: { content: '**逾期**' } });
  });
});

eachDb('permanent errors stop at once: 93000 bad webhook key, 43101 not subscribed, 40003 bad openid', async (t, db) => {
  await withWorld(db, async (w) => {
    w.wechat.grantSubscription('openid-ok', TEMPLATE, 1);
    w.wechat.grantSubscription('openid-used-up', TEMPLATE, 0);
    const sub = (dedupeKey: string, openid: string): NewNotification => ({
      channel: 'wx-subscribe', target: openid, dueAt: w.h.clock.now(), dedupeKey,
      message: { template: 'dispute_reply', page: disputePage(9), data: { serial: 'JF-2026-000009', replier: '宝塔区医疗纠纷人民调解委员会专职调解员张三', content: '您好，已收到您反映的问题', time: '2026-11-26 10:00' } },
    } as NewNotification);
    await w.enqueue(hook(w, 'bad-key', 'x', { target: 'no-such-robot' }));
    await w.enqueue(sub('sub-ok', 'openid-ok'));
    await w.enqueue(sub('sub-43101', 'openid-used-up'));
    await w.enqueue(sub('sub-40003', 'openid-unknown'));

    t.like(await w.tick(), { claimed: 4, sent: 1, failed: 3, retrying: 0 });
    const expect = { 'bad-key': /errcode 93000/, 'sub-43101': /errcode 43101/, 'sub-40003': /errcode 40003/ };
    for (const [k, error] of Object.entries(expect)) {
      const row = await w.row(k);
      t.like(row, { status: 'failed', attempts: 1, leaseToken: null }, k);
      t.regex(row.lastError ?? '', error);
    }
    t.deepEqual(w.wechat.subscribeMessages(), [{
      touser: 'openid-ok', template_id: TEMPLATE, page: disputePage(9), miniprogram_state: 'formal', lang: 'zh_CN',
      data: {
        character_string1: { value: 'JF-2026-000009' },
        thing2: { value: '宝塔区医疗纠纷人民调解委员会专职调解员…' },
        thing3: { value: '您好，已收到您反映的问题' },
        time4: { value: '2026-11-26 10:00' },
      },
    }]);
    w.h.clock.advance(DAY);
    t.like(await w.tick(), { claimed: 0 });
    t.is(w.wecom.callsTo(SEND).length, 1, 'one try, no retry');
    t.is(w.wechat.callsTo('POST /cgi-bin/message/subscribe/send').length, 3);
  });
});

eachDb('after OUTBOX_MAX_ATTEMPTS a row is failed; the admin retries it over HTTP and the next tick delivers it', async (t, db) => {
  await withWorld(db, async (w) => {
    await w.enqueue(hook(w, 'doomed'));
    w.wecom.failNext(SEND, { errcode: -1, errmsg: 'system busy' }, 3);
    const results = [];
    for (let i = 0; i < 3; i++) {
      results.push(await w.tick());
      w.h.clock.set((await w.row('doomed')).dueAt);
    }
    t.deepEqual(results.map((r) => [r.retrying, r.failed]), [[1, 0], [1, 0], [0, 1]]);
    const failed = await w.row('doomed');
    t.like(failed, { status: 'failed', attempts: 3, lastError: 'errcode -1: system busy' });
    w.h.clock.advance(DAY);
    t.like(await w.tick(), { claimed: 0 }, 'a failed row stays failed');

    const retried = await w.h.request('POST', `/api/notifications/${failed.id}/retry`, { token: w.h.adminToken });
    t.is(retried.status, 200, retried.text);
    t.like(retried.body, { id: failed.id, status: 'pending', attempts: 0, dueAt: w.h.clock.now().toISOString() });
    t.like(await w.tick(), { claimed: 1, sent: 1 });
    t.like(await w.row('doomed'), { status: 'sent', attempts: 1, sentAt: w.h.clock.now() });
    t.is(w.wecom.webhookMessages(KEY).length, 1);
    t.is(w.wecom.callsTo(SEND).length, 4);
  }, { maxAttempts: 3 });
});

eachDb('a row for a channel nobody configured fails at once and says so', async (t, db) => {
  await withWorld(db, async (w) => {
    await w.enqueue({ ...hook(w, 'pigeon'), channel: 'carrier-pigeon' as 'console' });
    delete w.deps.channels['wecom-app'];
    await w.enqueue({ channel: 'wecom-app', target: 'zhangsan', message: { msgtype: 'text', content: 'x' }, dueAt: w.h.clock.now(), dedupeKey: 'no-app' });
    t.like(await w.tick(), { claimed: 2, failed: 2 });
    t.like(await w.row('pigeon'), { status: 'failed', attempts: 1, lastError: 'no channel "carrier-pigeon" is configured' });
    t.like(await w.row('no-app'), { status: 'failed', attempts: 1, lastError: 'no channel "wecom-app" is configured' });
  });
});

eachDb('cancelled rows are never sent; a row due tomorrow is not sent today', async (t, db) => {
  await withWorld(db, async (w) => {
    const now = w.h.clock.now().getTime();
    await w.enqueue({ ...hook(w, 'h7-1h'), subject: { type: 'hearing', id: 7 }, dueAt: new Date(now + 3600 * SECOND) });
    await w.enqueue({ ...hook(w, 'h7-now'), subject: { type: 'hearing', id: 7 } });
    await w.enqueue({ channel: 'console', target: 'ops', message: { msgtype: 'text', content: '明天的提醒' }, dueAt: new Date(now + DAY), dedupeKey: 'tomorrow' });
    t.is(await w.db.ds.transaction((em) => w.h.services.outbox.cancel(em, { type: 'hearing', id: 7 })), 2);

    t.like(await w.tick(), { claimed: 0 });
    w.h.clock.set(new Date(now + DAY - 1));
    t.like(await w.tick(), { claimed: 0 });
    t.deepEqual(w.printed, [], 'not a millisecond early');
    w.h.clock.set(new Date(now + DAY));
    t.like(await w.tick(), { claimed: 1, sent: 1 });
    t.deepEqual(w.printed, ['[console → ops] 明天的提醒']);
    t.is(w.wecom.callsTo(SEND).length, 0, 'the cancelled reminders never left');
    t.deepEqual([(await w.row('h7-1h')).status, (await w.row('h7-now')).status], ['cancelled', 'cancelled']);
  });
});
