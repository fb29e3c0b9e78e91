import test from 'ava';
import { WecomAppChannel } from '../../server/channels/wecom-app/wecom-app.channel';
import { httpJson } from '../../server/clients/http-json';
import { createWecomAccessToken } from '../../server/clients/wecom-access-token';
import { fixedClock } from '../../server/domain/clock';
import type { WecomAppMessage } from '../../server/domain/outbox/messages';
import type { Failure } from '../fakes/fake-server';
import { startFakeWecom, type FakeWecom } from '../fakes/wecom-api.fake';

// App messages from the self-built app to WeCom users, with the corp access
// token cached and refreshed once when WeCom calls it invalid or expired.

const SEND = 'POST /cgi-bin/message/send';
const GETTOKEN = 'GET /cgi-bin/gettoken';
const AGENT_ID = '1000002';
const MINUTE = 60_000;

interface Setup {
  fake: FakeWecom;
  clock: ReturnType<typeof fixedClock>;
  channel: WecomAppChannel;
}

async function withApp(fn: (s: Setup) => Promise<void>, over: { secret?: string } = {}) {
  const clock = fixedClock('2026-11-26T02:00:00.000Z');
  const fake = await startFakeWecom({ clock });
  fake.registerUsers('ZhangSan', 'LiSi', 'WangWu');
  const token = createWecomAccessToken({ apiBase: fake.url, corpId: fake.corpId, secret: over.secret ?? fake.secret }, clock);
  try {
    await fn({ fake, clock, channel: new WecomAppChannel({ apiBase: fake.url, agentId: AGENT_ID }, token, httpJson) });
  } finally {
    await fake.close();
  }
}

const text = (content: string): WecomAppMessage => ({ msgtype: 'text', content });

for (const message of [text('您有一件新的纠纷待办：TJ-2026-0042'), { msgtype: 'markdown', content: '**开庭提醒**\n> 案号：(2026)京0105民初123号' } as WecomAppMessage]) {
  test(`a ${message.msgtype} app message to "a|b" carries agentid and content, delivered once`, (t) =>
    withApp(async ({ fake, channel }) => {
      t.deepEqual(await channel.send('ZhangSan|LiSi', message), { ok: true });
      const [tokenCall, ...moreTokens] = fake.callsTo(GETTOKEN);
      t.deepEqual(tokenCall!.query, { corpid: fake.corpId, corpsecret: fake.secret });
      t.is(moreTokens.length, 0);
      const calls = fake.callsTo(SEND);
      t.is(calls.length, 1);
      t.deepEqual(calls[0]!.query, { access_token: fake.issuedTokens()[0]! });
      t.regex(String(calls[0]!.headers['content-type']), /^application\/json/);
      t.deepEqual(calls[0]!.body, {
        touser: 'ZhangSan|LiSi',
        msgtype: message.msgtype,
        agentid: Number(AGENT_ID),
        [message.msgtype]: { content: message.content },
        safe: 0,
        enable_duplicate_check: 1,
        duplicate_check_interval: 1800,
      });
      t.like(calls[0]!.answer, { errcode: 0, errmsg: 'ok', invaliduser: '' });
      t.is(fake.appMessages().length, 1);
    }));
}

test('one access token serves many sends, concurrent ones included, until shortly before it expires', (t) =>
  withApp(async ({ fake, clock, channel }) => {
    const outcomes = await Promise.all(Array.from({ length: 8 }, (_, i) => channel.send('ZhangSan', text(`并发 ${i}`))));
    for (let i = 0; i < 4; i++) outcomes.push(await channel.send('LiSi', text(`顺序 ${i}`)));
    t.true(outcomes.every((o) => o.ok));
    t.is(fake.callsTo(GETTOKEN).length, 1);
    t.is(fake.appMessages().length, 12);
    t.true(fake.callsTo(SEND).every((c) => c.query.access_token === fake.issuedTokens()[0]));

    clock.advance(100 * MINUTE); // 100 minutes: well inside the token's two hours
    t.deepEqual(await channel.send('ZhangSan', text('一百分钟后')), { ok: true });
    t.is(fake.callsTo(GETTOKEN).length, 1);
    clock.advance(16 * MINUTE); // 116 minutes: within five minutes of expiry, fetched anew
    t.deepEqual(await channel.send('ZhangSan', text('快到期')), { ok: true });
    t.is(fake.callsTo(GETTOKEN).length, 2);
    t.true(fake.callsTo(SEND).every((c) => c.answer && (c.answer as { errcode: number }).errcode === 0), 'no send met an expired token');
  }));

const tokenTrouble: Array<{ title: string; act: (fake: FakeWecom) => void; errcode: number }> = [
  { title: 'revoked (40014)', act: (fake) => fake.revokeTokens(), errcode: 40014 },
  { title: 'expired early (42001)', act: (fake) => fake.expireTokens(), errcode: 42001 },
];
for (const c of tokenTrouble) {
  test(`a token ${c.title} is refreshed once and the send succeeds in the same call`, (t) =>
    withApp(async ({ fake, channel }) => {
      t.deepEqual(await channel.send('ZhangSan', text('第一条')), { ok: true });
      c.act(fake);
      t.deepEqual(await channel.send('ZhangSan', text('第二条')), { ok: true });
      t.is(fake.callsTo(GETTOKEN).length, 2);
      const sends = fake.callsTo(SEND);
      t.is(sends.length, 3);
      t.like(sends[1]!.answer, { errcode: c.errcode });
      t.is(sends[2]!.query.access_token, fake.issuedTokens()[1]);
      t.deepEqual(fake.appMessages().map((m) => m.text.content), ['第一条', '第二条']);
    }));
}

test('a token refused again after the refresh is not refreshed a second time', (t) =>
  withApp(async ({ fake, channel }) => {
    fake.failNext(SEND, { errcode: 42001, errmsg: 'access_token expired' }, 2);
    const outcome = await channel.send('ZhangSan', text('提醒'));
    t.like(outcome, { ok: false, retry: true });
    t.is(fake.callsTo(GETTOKEN).length, 2);
    t.is(fake.callsTo(SEND).length, 2);
  }));

test('a wrong corp secret is a transient outcome that does not name the secret', (t) => {
  const wrong = 'wrong-corp-secret-0123456789-XYZ';
  return withApp(
    async ({ fake, channel }) => {
      const outcome = await channel.send('ZhangSan', text('提醒'));
      t.like(outcome, { ok: false, retry: true });
      const everything = JSON.stringify(outcome);
      t.regex(everything, /40001/);
      t.false(everything.includes(wrong));
      t.false(everything.includes(fake.secret));
      t.is(fake.callsTo(SEND).length, 0);
      t.is(fake.callsTo(GETTOKEN)[0]!.query.corpsecret, wrong);
    },
    { secret: wrong },
  );
});

test('81013 (no recipient exists) is permanent', (t) =>
  withApp(async ({ fake, channel }) => {
    const outcome = await channel.send('Ghost1|Ghost2', text('提醒'));
    t.like(outcome, { ok: false, retry: false });
    t.regex(outcome.ok ? '' : outcome.error, /81013/);
    t.is(fake.appMessages().length, 0);
  }));

test('partially invalid users count as sent', (t) =>
  withApp(async ({ fake, channel }) => {
    t.deepEqual(await channel.send('ZhangSan|Ghost', text('提醒')), { ok: true });
    t.like(fake.callsTo(SEND)[0]!.answer, { errcode: 0, invaliduser: 'Ghost' });
    t.is(fake.appMessages().length, 1);
  }));

const answers: Array<{ title: string; failure: Failure; retry: boolean; minRetryAfterMs?: number }> = [
  { title: '45009 is transient after a minute', failure: { errcode: 45009 }, retry: true, minRetryAfterMs: MINUTE },
  { title: '-1 is transient', failure: { errcode: -1 }, retry: true },
  { title: '60020 (untrusted IP) is permanent', failure: { errcode: 60020 }, retry: false },
  { title: 'HTTP 503 is transient', failure: { status: 503 }, retry: true },
  { title: 'a connection reset is transient', failure: { reset: true }, retry: true },
];
for (const c of answers) {
  test(`app message: ${c.title}`, (t) =>
    withApp(async ({ fake, channel }) => {
      fake.failNext(SEND, c.failure);
      const outcome = await channel.send('ZhangSan', text('提醒'));
      t.like(outcome, { ok: false, retry: c.retry });
      if (c.minRetryAfterMs !== undefined) t.true(!outcome.ok && (outcome.retryAfterMs ?? 0) >= c.minRetryAfterMs);
      t.false(JSON.stringify(outcome).includes(fake.issuedTokens()[0]!), 'no access token in the outcome');
      t.is(fake.callsTo(SEND).length, 1);
    }));
}
