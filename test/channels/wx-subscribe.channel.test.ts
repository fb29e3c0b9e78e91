import test from 'ava';
import { disputePage } from '../../miniprogram/config/pages';
import { DEFAULT_LAYOUTS } from '../../server/channels/wx-subscribe/subscribe-templates';
import { WxSubscribeChannel, type WxSubscribeConfig } from '../../server/channels/wx-subscribe/wx-subscribe.channel';
import { httpJson } from '../../server/clients/http-json';
import { createWechatAccessToken } from '../../server/clients/wechat-access-token';
import { fixedClock } from '../../server/domain/clock';
import type { WxSubscribeMessage } from '../../server/domain/outbox/messages';
import type { Failure } from '../fakes/fake-server';
import { startFakeWechat, type FakeWechat } from '../fakes/wechat-api.fake';

// Mini-program subscribe messages against a fake api.weixin.qq.com: the
// template configured by name, values fitted to WeChat's rules, the stable
// access token refreshed once when WeChat says it expired.

const SEND = 'POST /cgi-bin/message/subscribe/send';
const STABLE_TOKEN = 'POST /cgi-bin/stable_token';
const TPL_REPLY = 'bDmywsp2oEHjwAadTGKkUHpC0RgBVSvfAn6qWdZJHZA';
const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';

interface Setup {
  fake: FakeWechat;
  channel: WxSubscribeChannel;
}

async function withWechat(fn: (s: Setup) => Promise<void>, over: Partial<WxSubscribeConfig> = {}) {
  const clock = fixedClock('2026-11-26T02:00:00.000Z');
  const fake = await startFakeWechat({ clock });
  fake.registerTemplate(TPL_REPLY);
  const token = createWechatAccessToken({ apiBase: fake.url, appId: fake.appId, secret: fake.secret }, clock);
  const cfg: WxSubscribeConfig = { apiBase: fake.url, templates: { dispute_reply: { id: TPL_REPLY, layout: DEFAULT_LAYOUTS.dispute_reply } }, ...over };
  try {
    await fn({ fake, channel: new WxSubscribeChannel(cfg, token, httpJson) });
  } finally {
    await fake.close();
  }
}

const reply = (data: Partial<Record<'serial' | 'replier' | 'content' | 'time', string>> = {}, page?: string): WxSubscribeMessage => ({
  template: 'dispute_reply',
  ...(page ? { page } : {}),
  data: { serial: 'TJ-2026-0042', replier: '城关街道人民调解委员会', content: '已受理，请于周五到调解室', time: '2026年11月26日 10:00', ...data },
});

for (const c of [
  { state: 'trial' as const, page: disputePage(42) },
  { state: undefined, page: undefined },
]) {
  test(`dispute_reply is sent with its configured id and layout (state ${c.state ?? 'default'})`, (t) =>
    withWechat(
      async ({ fake, channel }) => {
        fake.grantSubscription(OPENID, TPL_REPLY);
        t.deepEqual(await channel.send(OPENID, reply({}, c.page)), { ok: true });
        const calls = fake.callsTo(SEND);
        t.is(calls.length, 1);
        t.deepEqual(calls[0]!.query, { access_token: fake.issuedTokens()[0]! });
        t.deepEqual(calls[0]!.body, {
          touser: OPENID,
          template_id: TPL_REPLY,
          ...(c.page ? { page: c.page } : {}),
          data: {
            character_string1: { value: 'TJ-2026-0042' },
            thing2: { value: '城关街道人民调解委员会' },
            thing3: { value: '已受理，请于周五到调解室' },
            time4: { value: '2026年11月26日 10:00' },
          },
          miniprogram_state: c.state ?? 'formal',
          lang: 'zh_CN',
        });
        t.like(calls[0]!.answer, { errcode: 0, errmsg: 'ok' });
        t.is(fake.subscribeMessages().length, 1);
      },
      { state: c.state },
    ));
}

test('a 40-character Chinese thing is trimmed to 20 characters ending in … and WeChat accepts it', (t) =>
  withWechat(async ({ fake, channel }) => {
    fake.grantSubscription(OPENID, TPL_REPLY);
    const content = '经调解双方当事人自愿达成如下协议：被申请人于十二月一日前一次性支付申请人货款及利息合计';
    t.is(Array.from(content).length, 43);
    t.deepEqual(await channel.send(OPENID, reply({ content: content.slice(0, 40) })), { ok: true });
    const value: string = fake.subscribeMessages()[0]!.data.thing3.value;
    t.is(Array.from(value).length, 20);
    t.true(value.endsWith('…'));
    t.is(value, content.slice(0, 19) + '…');
  }));

test('a character_string value has its Chinese stripped and WeChat accepts it', (t) =>
  withWechat(async ({ fake, channel }) => {
    fake.grantSubscription(OPENID, TPL_REPLY);
    t.deepEqual(await channel.send(OPENID, reply({ serial: '京调字 2026 第 42 号-A' })), { ok: true });
    t.is(fake.subscribeMessages()[0]!.data.character_string1.value, '202642-A');
  }));

test('the fake itself refuses an untrimmed thing (the limit is real)', (t) =>
  withWechat(async ({ fake }) => {
    fake.grantSubscription(OPENID, TPL_REPLY);
    const token = createWechatAccessToken({ apiBase: fake.url, appId: fake.appId, secret: fake.secret }, fixedClock('2026-11-26T02:00:00.000Z'));
    const raw = await httpJson<{ errcode: number }>(`${fake.url}/cgi-bin/message/subscribe/send?access_token=${await token.get()}`, {
      body: { touser: OPENID, template_id: TPL_REPLY, data: { thing3: { value: '长'.repeat(21) } } },
    });
    t.is(raw.errcode, 47003);
  }));

test('no subscription left is 43101, permanent', (t) =>
  withWechat(async ({ fake, channel }) => {
    fake.grantSubscription(OPENID, TPL_REPLY, 1);
    t.deepEqual(await channel.send(OPENID, reply()), { ok: true });
    const outcome = await channel.send(OPENID, reply());
    t.like(outcome, { ok: false, retry: false });
    t.regex(outcome.ok ? '' : outcome.error, /43101/);
    t.is(fake.subscribeMessages().length, 1);
  }));

test('an unknown openid is 40003, permanent', (t) =>
  withWechat(async ({ fake, channel }) => {
    const outcome = await channel.send('oNOBODY000000000000000000000', reply());
    t.like(outcome, { ok: false, retry: false });
    t.regex(outcome.ok ? '' : outcome.error, /40003/);
  }));

test('an unconfigured template is permanent without any HTTP call', (t) =>
  withWechat(async ({ fake, channel }) => {
    const outcome = await channel.send(OPENID, { template: 'hearing_reminder', data: { caseNumber: '(2026)京0105民初123号' } });
    t.like(outcome, { ok: false, retry: false });
    t.regex(outcome.ok ? '' : outcome.error, /hearing_reminder/);
    t.is(fake.requests.length, 0);
  }));

test('a token expired on the WeChat side is refreshed once and the message sent', (t) =>
  withWechat(async ({ fake, channel }) => {
    fake.grantSubscription(OPENID, TPL_REPLY, 2);
    t.deepEqual(await channel.send(OPENID, reply()), { ok: true });
    fake.expireTokens();
    t.deepEqual(await channel.send(OPENID, reply({ content: '第二次答复' })), { ok: true });
    t.is(fake.callsTo(STABLE_TOKEN).length, 2);
    const sends = fake.callsTo(SEND);
    t.is(sends.length, 3);
    t.like(sends[1]!.answer, { errcode: 42001 });
    t.is(sends[2]!.query.access_token, fake.issuedTokens()[1]);
    t.deepEqual(fake.subscribeMessages().map((m) => m.data.thing3.value), ['已受理，请于周五到调解室', '第二次答复']);
  }));

test('stable_token is called once, with the documented JSON body', (t) =>
  withWechat(async ({ fake, channel }) => {
    fake.grantSubscription(OPENID, TPL_REPLY, 3);
    for (let i = 0; i < 3; i++) t.deepEqual(await channel.send(OPENID, reply()), { ok: true });
    const calls = fake.callsTo(STABLE_TOKEN);
    t.is(calls.length, 1);
    t.deepEqual(calls[0]!.query, {});
    t.regex(String(calls[0]!.headers['content-type']), /^application\/json/);
    t.deepEqual(calls[0]!.body, { grant_type: 'client_credential', appid: fake.appId, secret: fake.secret, force_refresh: false });
  }));

const answers: Array<{ title: string; failure: Failure; retry: boolean; minRetryAfterMs?: number }> = [
  { title: '47003 (a value breaks a rule) is permanent', failure: { errcode: 47003 }, retry: false },
  { title: '41030 (no such page) is permanent', failure: { errcode: 41030 }, retry: false },
  { title: '45009 is transient after a minute', failure: { errcode: 45009 }, retry: true, minRetryAfterMs: 60_000 },
  { title: '-1 is transient', failure: { errcode: -1 }, retry: true },
  { title: 'HTTP 502 is transient', failure: { status: 502 }, retry: true },
];
for (const c of answers) {
  test(`subscribe message: ${c.title}`, (t) =>
    withWechat(async ({ fake, channel }) => {
      fake.grantSubscription(OPENID, TPL_REPLY);
      fake.failNext(SEND, c.failure);
      const outcome = await channel.send(OPENID, reply());
      t.like(outcome, { ok: false, retry: c.retry });
      if (c.minRetryAfterMs !== undefined) t.true(!outcome.ok && (outcome.retryAfterMs ?? 0) >= c.minRetryAfterMs);
      t.false(JSON.stringify(outcome).includes(fake.issuedTokens()[0]!), 'no access token in the outcome');
      t.is(fake.callsTo(SEND).length, 1);
    }));
}

test('a template id WeChat does not know is 40037, permanent', (t) =>
  withWechat(
    async ({ fake, channel }) => {
      fake.grantSubscription(OPENID, TPL_REPLY);
      t.like(await channel.send(OPENID, reply()), { ok: false, retry: false });
      t.like(fake.callsTo(SEND)[0]!.answer, { errcode: 40037 });
    },
    { templates: { dispute_reply: { id: 'not-a-template-of-this-app', layout: DEFAULT_LAYOUTS.dispute_reply } } },
  ));
