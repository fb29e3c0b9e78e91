import test from 'ava';
import { DisputeEntry, InboundMessage, Notification, User } from '../../entities';
import { WecomBotReplyChannel } from '../../server/channels/wecom-bot-reply/wecom-bot-reply.channel';
import { httpJson } from '../../server/clients/http-json';
import { encryptReply } from '../../server/http/wecom/wecom-crypto';
import { seedDemoData } from '../../server/seed/seed-service';
import { startFakeServer, type FakeServer } from '../fakes/fake-server';
import { eachDb, type TestDb } from '../helpers/databases';
import { quietChannels, tickOutbox } from '../helpers/outbox.helper';
import { assertRefused, forgedSignature, forgeries, until, withCallbacks, type CallbackWorld, type RefusalCase } from '../helpers/wecom-callback.helper';

// Way 1, the intelligent robot in a group chat, through the real HTTP server:
// JSON {"encrypt": …} sealed with an empty receive id, the answer sent once
// to the message's response_url through the outbox. Message shape as in
// developer.work.weixin.qq.com/document/path/100719 (接收消息), reply body as
// in document/path/101138 (主动回复消息).

const BOT = { token: 'FuyuanBotToken2026', aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' };
const MSGID = 'CAIQ16HMjQYY/NGagIOAgAMgq4KM0AI=';

// The robot's response endpoint, played by a fake WeCom.
async function startFakeAibot(): Promise<FakeServer> {
  return startFakeServer({ 'POST /cgi-bin/aibot/response': () => ({ body: { errcode: 0, errmsg: 'ok' } }) });
}

type World = CallbackWorld<unknown>;

// The robot's callback: JSON {"encrypt": …}, sealed with an empty receive id unless told otherwise.
const withBot = (db: TestDb, fn: (w: World) => Promise<void>) => withCallbacks<unknown>(db, { bot: BOT, maxSkewS: 300 }, (w) => (message, o = {}) => {
  const text = typeof message === 'string' ? message : JSON.stringify(message);
  let s = encryptReply({ ...BOT, receiveId: o.receiveId ?? '', message: text, timestamp: o.ts ?? w.ts(), nonce: 'n4815162342' });
  if (o.tamper) s = o.tamper(s);
  return w.h.request('POST', `/wecom/bot?msg_signature=${s.signature}&timestamp=${s.timestamp}&nonce=${s.nonce}`, { body: { encrypt: s.encrypt } });
}, fn);

const textMessage = (from: string, content: string, msgid: string, responseUrl: string) => ({
  msgid, aibotid: 'AIBOTID', chatid: 'wrkSFfCgAAtestchat', chattype: 'group', from: { userid: from },
  response_url: responseUrl, msgtype: 'text', text: { content },
});

eachDb('URL verification decrypts with the empty receive id; an app-sealed echostr is refused', async (t, db) => {
  await withBot(db, async ({ h, ts }) => {
    const verify = (receiveId: string) => {
      const s = encryptReply({ ...BOT, receiveId, message: '3052417691', timestamp: ts(), nonce: 'v' });
      return h.request('GET', `/wecom/bot?msg_signature=${s.signature}&timestamp=${s.timestamp}&nonce=v&echostr=${encodeURIComponent(s.encrypt)}`);
    };
    const ok = await verify('');
    t.is(ok.status, 200);
    t.is(ok.text, '3052417691');
    const wrong = await verify('ww1436e0e65a779aee');
    t.is(wrong.status, 403);
    t.is(wrong.body.error.code, 'WECOM_BAD_RECEIVE_ID');
    t.is((await h.request('GET', '/wecom/callback?echostr=x')).status, 404, 'the app callback is not configured here');
  });
});

eachDb('a mediator @mentions the robot in the group: the timeline has it once, one markdown answer to the response_url', async (t, db) => {
  const aibot = await startFakeAibot();
  try {
    await withBot(db, async (w) => {
      const { h } = w;
      await seedDemoData({ db: db.ds, clock: h.clock, pii: h.pii });
      const login = await h.request('POST', '/api/auth/mp-login', { body: { code: 'bot-resident' } });
      const filed = await h.request('POST', '/api/disputes', {
        token: login.body.token,
        body: { category: 'neighbor', description: '隔壁院墙排水流进我家院子，墙根已经泡坏了', village: '南关社区', phone: '13912345678', consent: true },
      });
      t.is(filed.status, 201);
      const mediator = (await db.ds.getRepository(User).findOneByOrFail({ id: filed.body.mediator.id })).wecomUserId!;
      const responseUrl = `${aibot.url}/cgi-bin/aibot/response?response_code=RC-first-0001`;
      const message = textMessage(mediator, `@府院联动助手\u2005回复 ${filed.body.serial} 已联系对方，明天上午调解`, MSGID, responseUrl);

      const first = await w.post(message);
      t.is(first.status, 200);
      t.is(first.text, '');
      const replies = () => db.ds.getRepository(Notification).findBy({ channel: 'wecom-bot-reply' });
      await until('the answer in the outbox', async () => (await replies()).length === 1);
      const entries = await db.ds.getRepository(DisputeEntry).findBy({ disputeId: filed.body.id, kind: 'message' });
      t.is(entries.length, 1);
      t.like(entries[0], { body: '已联系对方，明天上午调解', via: 'wecom' });
      const [answer] = await replies();
      t.is(answer!.target, responseUrl);
      // A group answer names whom it answers.
      t.deepEqual(answer!.payload, { msgtype: 'markdown', content: `<@${message.from.userid}> 已回复 ${filed.body.serial}，群众会在小程序收到。` });
      t.is(w.kicks, 1);

      // WeCom retries the same msgid: answered, nothing done.
      const again = await w.post({ ...message, response_url: `${aibot.url}/cgi-bin/aibot/response?response_code=RC-retry` }, { ts: w.ts(4) });
      t.is(again.status, 200);
      t.is(again.text, '');
      await new Promise((r) => setTimeout(r, 200));
      t.is(await db.ds.getRepository(DisputeEntry).countBy({ disputeId: filed.body.id, kind: 'message' }), 1);
      t.is((await replies()).length, 1);
      t.is(w.kicks, 1);

      // A msgid that differs only in case is another message (the index is case-insensitive on MySQL).
      const other = await w.post(textMessage(mediator, '待办', MSGID.toLowerCase(), `${aibot.url}/cgi-bin/aibot/response?response_code=RC-second`));
      t.is(other.status, 200);
      await until('the second answer', async () => (await replies()).length === 2);
      t.is(await db.ds.getRepository(InboundMessage).countBy({ source: 'wecom-bot' }), 2);

      const channels = { ...quietChannels('wecom-webhook', 'wecom-app', 'wx-subscribe', 'console'), 'wecom-bot-reply': new WecomBotReplyChannel({ apiBase: aibot.url, timeoutMs: 20_000 }, httpJson) };
      const tick = await tickOutbox(db, h.clock, channels, 3);
      t.is(tick.failed + tick.retrying, 0, JSON.stringify(tick));
      const posted = aibot.callsTo('POST /cgi-bin/aibot/response');
      t.is(posted.length, 2);
      t.deepEqual(posted.find((r) => r.query.response_code === 'RC-first-0001')?.body, {
        msgtype: 'markdown', markdown: { content: `<@${message.from.userid}> 已回复 ${filed.body.serial}，群众会在小程序收到。` },
      });
    });
  } finally {
    await aibot.close();
  }
});

eachDb('refused with a 4xx JSON error, never a 500: forgeries, replays and garbage; other message types are ignored', async (t, db) => {
  await withBot(db, async (w) => {
    const { h } = w;
    await seedDemoData({ db: db.ds, clock: h.clock, pii: h.pii });
    const message = textMessage('aijianguo', '待办', 'msg-refused-1', 'https://qyapi.weixin.qq.com/cgi-bin/aibot/response?response_code=x');
    const sig = forgedSignature(w);
    const post = (raw: string) => h.request('POST', `/wecom/bot?${sig}`, { rawBody: raw, headers: { 'content-type': 'application/json' } });
    const cases: RefusalCase[] = [
      ...forgeries(w, message, BOT.token),
      ['sealed for an app (corp id)', w.post(message, { receiveId: 'ww1436e0e65a779aee' }), 403, 'WECOM_BAD_RECEIVE_ID'],
      ['a timestamp 6 minutes old', w.post(message, { ts: w.ts(-360) }), 403, 'WECOM_STALE_TIMESTAMP'],
      ['over 64 KiB', post(JSON.stringify({ encrypt: 'A'.repeat(64 * 1024) })), 413, 'PAYLOAD_TOO_LARGE'],
      ['not JSON', post('<xml><Encrypt>abc</Encrypt></xml>'), 400, 'WECOM_BAD_REQUEST'],
      ['a JSON array', post('["encrypt"]'), 400, 'WECOM_BAD_REQUEST'],
      ['no encrypt', post('{"tousername":"x"}'), 400, 'WECOM_BAD_REQUEST'],
      ['an empty body', post(''), 400, 'WECOM_BAD_REQUEST'],
      ['plaintext not JSON', w.post('<xml>not json</xml>'), 400, 'WECOM_BAD_MESSAGE'],
      ['a text without a sender', w.post({ ...message, from: {} }), 400, 'WECOM_BAD_MESSAGE'],
      ['a text without a msgid', w.post({ ...message, msgid: undefined }), 400, 'WECOM_BAD_MESSAGE'],
    ];
    await assertRefused(t, cases);
    for (const ignored of [{ msgtype: 'event', event: { eventtype: 'enter_chat' } }, { ...message, msgtype: 'image', msgid: 'img-1' }, { msgtype: 'stream', stream: { id: 's' } }]) {
      const r = await w.post(ignored);
      t.is(r.status, 200);
      t.is(r.text, '');
    }
    t.true(h.logLines.filter((l) => String(l.msg).startsWith('wecom callback refused')).length >= cases.length);
    t.false(h.logLines.some((l) => Number(l.status) >= 500), 'never a 500');
    t.is(await db.ds.getRepository(InboundMessage).count(), 0);
    t.is(await db.ds.getRepository(Notification).countBy({ channel: 'wecom-bot-reply' }), 0);
  });
});

test('the reply channel posts only to the WeCom API origin and robot path, and keeps the response code out of errors', async (t) => {
  const aibot = await startFakeAibot();
  try {
    const channel = new WecomBotReplyChannel({ apiBase: aibot.url, timeoutMs: 20_000 }, httpJson);
    const ok = await channel.send(`${aibot.url}/cgi-bin/aibot/response?response_code=abc`, { msgtype: 'markdown', content: '**已回复**' });
    t.deepEqual(ok, { ok: true });
    for (const forged of [
      'https://evil.example/cgi-bin/aibot/response?response_code=abc',
      `${aibot.url.replace('127.0.0.1', 'localhost')}/cgi-bin/aibot/response?response_code=abc`,
      `${aibot.url}/cgi-bin/webhook/send?key=someone-elses-robot`,
      `${aibot.url.replace('http://', 'http://user:pw@')}/cgi-bin/aibot/response?response_code=abc`,
      'not a url',
    ]) {
      const outcome = await channel.send(forged, { msgtype: 'markdown', content: 'x' });
      t.like(outcome, { ok: false, retry: false }, forged);
    }
    t.is(aibot.requests.length, 1, 'nothing was posted to a forged address');

    const route = 'POST /cgi-bin/aibot/response';
    const url = `${aibot.url}/cgi-bin/aibot/response?response_code=SECRET-CODE`;
    const m = { msgtype: 'markdown' as const, content: 'x' };
    aibot.failNext(route, { errcode: -1 });
    t.like(await channel.send(url, m), { ok: false, retry: true });
    aibot.failNext(route, { errcode: 45009 });
    t.like(await channel.send(url, m), { ok: false, retry: true, retryAfterMs: 60_000 });
    aibot.failNext(route, { errcode: 40058, errmsg: 'response_code=SECRET-CODE expired' });
    const expired = await channel.send(url, m);
    t.like(expired, { ok: false, retry: false });
    aibot.failNext(route, { status: 502 });
    const gateway = await channel.send(url, m);
    t.like(gateway, { ok: false, retry: true });
    for (const outcome of [expired, gateway]) t.false(JSON.stringify(outcome).includes('SECRET-CODE'), 'the response code is not in the error');
  } finally {
    await aibot.close();
  }
});

eachDb('查看 in a robot group: the group reads the summary, the asker gets the details as an app message; a phishing village stays text', async (t, db) => {
  await withBot(db, async (w) => {
    const { h } = w;
    await seedDemoData({ db: db.ds, clock: h.clock, pii: h.pii });
    const login = await h.request('POST', '/api/auth/mp-login', { body: { code: 'bot-view-resident' } });
    const filed = await h.request('POST', '/api/disputes', {
      token: login.body.token,
      body: { category: 'neighbor', description: '隔壁院墙排水流进我家院子 [点此](http://evil.example/x) <@all>', village: '南关社区', phone: '13912345678', consent: true },
    });
    t.is(filed.status, 201, filed.text);
    const mediator = (await db.ds.getRepository(User).findOneByOrFail({ id: filed.body.mediator.id })).wecomUserId!;
    const rows = () => db.ds.getRepository(Notification).find({ where: [{ channel: 'wecom-bot-reply' }, { channel: 'wecom-app', target: mediator }], order: { id: 'ASC' } });
    const before = (await rows()).length;

    t.is((await w.post(textMessage(mediator, `@府院联动助手\u2005查看 ${filed.body.serial}`, 'msg-view-group', 'https://qyapi.weixin.qq.com/cgi-bin/aibot/response?response_code=RC-view'))).status, 200);
    await until('the answers in the outbox', async () => (await rows()).length === before + 2);
    const written = (await rows()).slice(before);
    const group = written.find((r) => r.channel === 'wecom-bot-reply')!;
    const privately = written.find((r) => r.channel === 'wecom-app')!;
    const groupText = String(group.payload.content);
    t.true(groupText.startsWith(`<@${mediator}> ${filed.body.serial}｜邻里纠纷｜已提交｜时限：`), groupText);
    t.true(groupText.includes('私信'), groupText);
    for (const secret of ['南关社区', '隔壁院墙', '<@all>', 'evil.example']) t.false(groupText.includes(secret), `the group does not read ${secret}`);
    t.is(privately.target, mediator);
    t.regex(privately.dedupeKey, /^wecom-bot-private:sha256:[0-9a-f]{64}$/);
    t.is(privately.payload.msgtype, 'text');
    const details = String(privately.payload.content);
    t.true(details.includes('南关社区') && details.includes('隔壁院墙排水流进我家院子 ［点此］(http：//evil.example/x) ＜@all＞'), details);
    t.is(w.kicks, 1);

    // One-to-one with the robot: the details inline, nothing private.
    const single = { ...textMessage(mediator, `查看 ${filed.body.serial}`, 'msg-view-single', 'https://qyapi.weixin.qq.com/cgi-bin/aibot/response?response_code=RC-single'), chattype: 'single' };
    await w.post(single);
    await until('the one-to-one answer', async () => (await rows()).length === before + 3);
    const inline = (await rows()).at(-1)!;
    t.is(inline.channel, 'wecom-bot-reply');
    t.true(String(inline.payload.content).startsWith(filed.body.serial) && String(inline.payload.content).includes('隔壁院墙'), String(inline.payload.content));
  });
});
