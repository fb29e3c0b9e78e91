import test from 'ava';
import { disputePage, PAGES } from '../../miniprogram/config/pages';
import { DISPUTE_STATUSES, type Dispute } from '../../entities';
import { DEFAULT_LAYOUTS } from '../../server/channels/wx-subscribe/subscribe-templates';
import { WxSubscribeChannel } from '../../server/channels/wx-subscribe/wx-subscribe.channel';
import { httpJson } from '../../server/clients/http-json';
import { createWechatAccessToken } from '../../server/clients/wechat-access-token';
import { fixedClock } from '../../server/domain/clock';
import { replyNotice, statusNotice } from '../../server/domain/disputes/dispute-notices';
import { STATUS_LABELS } from '../../server/domain/disputes/dispute-status';
import type { WxSubscribeMessage } from '../../server/domain/outbox/messages';
import { miniprogramPages, startFakeWechat, type FakeWechat } from '../fakes/wechat-api.fake';

// What the server puts into subscribe messages, judged by the fake WeChat as
// WeChat judges it: links only to pages the mini-program has, a status in a
// phrase field of at most five Chinese characters, a case number kept whole.

const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
const TPL = { dispute_reply: 'tpl-reply', dispute_status: 'tpl-status', hearing_reminder: 'tpl-hearing' } as const;
const clock = fixedClock('2026-11-26T02:00:00.000Z');

async function withWechat(fn: (fake: FakeWechat, channel: WxSubscribeChannel) => Promise<void>) {
  const fake = await startFakeWechat({ clock });
  Object.values(TPL).forEach((id) => fake.registerTemplate(id));
  const templates = Object.fromEntries(Object.entries(TPL).map(([name, id]) => [name, { id, layout: DEFAULT_LAYOUTS[name as keyof typeof TPL] }]));
  const token = createWechatAccessToken({ apiBase: fake.url, appId: fake.appId, secret: fake.secret }, clock);
  try {
    await fn(fake, new WxSubscribeChannel({ apiBase: fake.url, templates }, token, httpJson));
  } finally {
    await fake.close();
  }
}

const dispute = (status: Dispute['status']) => ({ id: 42, serial: 'TJ-2026-000042', status }) as Dispute;

test('the page paths the server links to are exactly the pages of app.json', (t) => {
  t.deepEqual(Object.values(PAGES).sort(), [...miniprogramPages()].sort());
});

test('the dispute page of a reply notice opens; a page the mini-program does not have is refused with 41030', (t) =>
  withWechat(async (fake, channel) => {
    fake.grantSubscription(OPENID, TPL.dispute_reply, 3);
    const notice = replyNotice(dispute('accepted'), { name: '张三', role: 'mediator' }, '已收到', clock.now());
    t.is(notice.page, 'pages/dispute/dispute?id=42');
    t.deepEqual(await channel.send(OPENID, notice), { ok: true });
    for (const page of ['pages/dispute-detail/index?id=42', 'pages/dispute/detail?id=42']) {
      const outcome = await channel.send(OPENID, { ...notice, page });
      t.like(outcome, { ok: false, retry: false }, page);
      t.regex(outcome.ok ? '' : outcome.error, /41030/);
    }
    t.deepEqual(fake.subscribeMessages().map((m) => m.page), [disputePage(42)]);
  }));

// The short labels, as a resident reads them in the message.
const PHRASES: Record<Dispute['status'], string> = {
  submitted: '已提交',
  accepted: '已受理',
  mediating: '调解中',
  resolved: '调解成功',
  failed: '调解不成',
  withdrawn: '已撤回',
  litigation: '可依法起诉',
  confirmation_requested: '待司法确认',
};

for (const status of DISPUTE_STATUSES) {
  test(`dispute_status for "${STATUS_LABELS[status]}" carries a phrase WeChat accepts, in full: ${PHRASES[status]}`, (t) =>
    withWechat(async (fake, channel) => {
      fake.grantSubscription(OPENID, TPL.dispute_status);
      const notice = statusNotice(dispute(status), null, clock.now());
      t.is(notice.data.status, PHRASES[status], 'the short label, not cut from the long one');
      t.deepEqual(await channel.send(OPENID, notice), { ok: true });
      const sentData = fake.subscribeMessages()[0]!.data;
      t.is(sentData.phrase2.value, PHRASES[status]);
      t.is(sentData.thing3.value, STATUS_LABELS[status], 'the note keeps the label people read on screens');
    }));
}

test('the fake refuses a phrase longer than five characters or holding anything but Chinese', (t) =>
  withWechat(async (fake) => {
    fake.grantSubscription(OPENID, TPL.dispute_status, 5);
    const token = createWechatAccessToken({ apiBase: fake.url, appId: fake.appId, secret: fake.secret }, clock);
    const send = async (value: string) =>
      (await httpJson<{ errcode: number }>(`${fake.url}/cgi-bin/message/subscribe/send?access_token=${await token.get()}`, {
        body: { touser: OPENID, template_id: TPL.dispute_status, data: { phrase2: { value } } },
      })).errcode;
    t.is(await send('已申请司法确认'), 47003);
    t.is(await send('已申请司…'), 47003);
    t.is(await send('第2次'), 47003);
    t.is(await send('OK'), 47003);
    t.is(await send('调解成功'), 0);
  }));

test('a hearing reminder keeps the case number （2023）陕0602行初123号 whole', (t) =>
  withWechat(async (fake, channel) => {
    fake.grantSubscription(OPENID, TPL.hearing_reminder);
    const caseNumber = '（2023）陕0602行初123号';
    const message: WxSubscribeMessage = {
      template: 'hearing_reminder',
      page: disputePage(42),
      data: { caseNumber, court: '延安市宝塔区人民法院第三法庭', startsAt: '2026年12月3日 09:00', note: '请携带身份证按时到庭' },
    };
    t.deepEqual(await channel.send(OPENID, message), { ok: true });
    const data = fake.subscribeMessages()[0]!.data as Record<string, { value: string }>;
    t.deepEqual(Object.values(data).map((v) => v.value), [caseNumber, '延安市宝塔区人民法院第三法庭', '2026年12月3日 09:00', '请携带身份证按时到庭']);
  }));
