import dns from 'node:dns';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import test from 'ava';
import pino from 'pino';
import { types, WechatyBuilder, type Wechaty } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { Like } from 'typeorm';
import { createConversation, STRANGER_REPLY } from '../../bot/conversation';
import { createInboundText } from '../../bot/inbound-text';
import { attachWechaty } from '../../bot/wechaty/wechaty-adapter';
import { Agency, DisputeEntry, Notification, User } from '../../entities';
import { WechatyRoomChannel, wechatyRoomDirectory } from '../../server/channels/wechaty-room/wechaty-room.channel';
import { loadConfig } from '../../server/config';
import { systemClock } from '../../server/domain/clock';
import { CHANNEL_NAMES } from '../../server/domain/outbox/messages';
import { runOutboxTick } from '../../server/jobs/outbox-sender.job';
import { outboxSenderDeps } from '../../server/wiring';
import { seedDemoData } from '../../server/seed/seed-service';
import { startHarness, type Harness } from '../helpers/app-harness';
import { eachDb, type TestDb } from '../helpers/databases';
import { ok, residentToken } from '../helpers/district.helper';

// Way 3: the Wechaty bot, on wechaty-puppet-mock, over a real database and the
// real HTTP API. The mock puppet never emits `ready` by itself: we do, after login.

// Nothing here may reach the internet: every TCP connection and DNS lookup is
// recorded, and only loopback (the harness, MariaDB) is allowed.
const outside: string[] = [];
const LOOPBACK = /^(127\.|::1$|localhost$)/;
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (this: net.Socket, ...args: any[]) {
  // net.connect() passes its normalized [options, callback] as one argument.
  const o = Array.isArray(args[0]) ? args[0][0] : args[0];
  const host = typeof o === 'object' && o ? (o.path ? null : String(o.host ?? 'localhost')) : typeof args[1] === 'string' ? args[1] : null;
  if (host !== null && !LOOPBACK.test(host)) outside.push(`connect ${host}`);
  return connect.apply(this, args as never);
} as typeof connect;
const lookup = dns.lookup;
dns.lookup = function (host: string, ...rest: any[]) {
  if (!LOOPBACK.test(host)) outside.push(`lookup ${host}`);
  return (lookup as any).call(dns, host, ...rest);
} as typeof dns.lookup;
test.after('nothing reached beyond loopback', (t) => t.deepEqual(outside, []));

const ROOM = 'nanshi-tiaojie@chatroom';
const COMMITTEE = '南市街道人民调解委员会';
const silent = pino({ level: 'silent' });

interface Said { to: string; text: string; mentionIds: string[] }

async function mockBot() {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const said: Said[] = [];
  const send = puppet.messageSendText.bind(puppet);
  // Wechaty passes the mention list on; the mock puppet drops it, so it is kept here.
  puppet.messageSendText = (async (to: string, text: string, mentionIds?: string[]) => {
    said.push({ to, text, mentionIds: mentionIds ?? [] });
    return send(to, text);
  }) as typeof puppet.messageSendText;
  const bot = WechatyBuilder.build({ puppet });
  await bot.start();
  const self = mocker.createContact({ id: 'fuyuan-bot', name: '调解助手' });
  mocker.login(self);
  puppet.emit('ready', { data: 'ready' });
  await bot.ready();
  return { mocker, puppet, bot, self, said };
}

async function until<T>(f: () => T | undefined, what: string, ms = 15_000): Promise<T> {
  for (const end = performance.now() + ms; ; await delay(20)) {
    const v = f();
    if (v) return v;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
}

// The demo district, a bot in the 南市 committee's room with a mediator, an
// official and a stranger, and the committee bound to the room by the admin API.
async function world(db: TestDb) {
  const m = await mockBot();
  const h: Harness = await startHarness(db, { rooms: wechatyRoomDirectory(m.bot) });
  await seedDemoData({ db: db.ds, clock: h.clock, pii: h.pii });
  const logLines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => logLines.push(JSON.parse(line)) });
  const conversation = createConversation({ services: h.services, now: () => h.clock.now() });
  const inbound = createInboundText({ db: db.ds, services: h.services, conversation, logger, now: () => h.clock.now(), kickOutbox: () => {} });
  const detach = attachWechaty(m.bot, { inbound, logger });

  const users = db.ds.getRepository(User);
  const contact = async (wecomUserId: string) => {
    const u = await users.findOneByOrFail({ wecomUserId });
    return m.mocker.createContact({ id: wecomUserId, name: u.name });
  };
  const mediator = await contact('aijianguo');
  const official = await contact('changweidong');
  const stranger = m.mocker.createContact({ id: 'wxid-stranger', name: '路人甲' });
  const room = m.mocker.createRoom({ id: ROOM, topic: '南市调委会工作群', memberIdList: [m.self.id, mediator.id, official.id, stranger.id] });
  const committee = await db.ds.getRepository(Agency).findOneByOrFail({ name: COMMITTEE });
  const bound = await ok(h.request('POST', `/api/agencies/${committee.id}/room`, { token: h.adminToken, body: { roomId: ROOM } }), 200);

  // Waits for the bot's next message (the next one that matches) after those said so far.
  const reply = async (act: () => void, match: (s: Said) => boolean = () => true) => {
    const n = m.said.length;
    act();
    return until(() => m.said.slice(n).find(match), 'the bot to answer');
  };
  const close = async () => {
    detach();
    await m.bot.stop();
    await h.close();
  };
  return { ...m, h, logLines, mediator, official, stranger, room, committee, bound, reply, close };
}

eachDb('a mediator answers the resident from the room; the new-dispute card reaches the bound room with a mention', async (t, db) => {
  const w = await world(db);
  try {
    t.is(w.bound.wechatyRoomId, ROOM);
    const resident = await residentToken(w.h, 'wechaty-resident');
    await ok(w.h.request('POST', '/api/me/subscriptions', { token: resident, body: { accepted: ['dispute_reply'] } }), 200);
    const filed = await ok(w.h.request('POST', '/api/disputes', {
      token: resident, body: { category: 'neighbor', description: '楼上邻居装修噪音持续到深夜，多次沟通无果', village: '南关社区', phone: '13912345678', consent: true },
    }), 201);
    t.is(filed.committee.name, COMMITTEE);
    t.is(filed.mediator.name, '艾建国');

    // The committee's card is a wechaty-room row, sent by the Wechaty channel into the room.
    const card = await db.ds.getRepository(Notification).findOneByOrFail({ dedupeKey: `dispute:${filed.id}:new:group` });
    t.like(card, { channel: 'wechaty-room', target: ROOM });
    const tick = await runOutboxTick({
      db: db.ds, clock: w.h.clock, logger: silent, maxAttempts: 3,
      channels: { 'wechaty-room': new WechatyRoomChannel(w.bot) },
      skipChannels: CHANNEL_NAMES.filter((c) => c !== 'wechaty-room'),
    }, w.h.clock.now());
    t.like(tick, { sent: 1, failed: 0, retrying: 0 });
    // The mediator's app message is the server's to send: left pending, not failed.
    t.like(await db.ds.getRepository(Notification).findOneByOrFail({ dedupeKey: `dispute:${filed.id}:new:mediator` }), { status: 'pending', attempts: 0 });
    const post = w.said.find((s) => s.to === ROOM && s.text.includes(filed.serial))!;
    t.truthy(post, 'the card was said in the room');
    t.deepEqual(post.mentionIds, ['aijianguo']);
    t.true(post.text.startsWith('@艾建国'), post.text);
    t.true(post.text.includes(`如需答复，请发：回复 ${filed.serial} 答复内容`), post.text);
    t.false(/\*\*新|<font|\n> /.test(post.text), `plain text, no markdown: ${post.text}`);

    // 回复 without an @: a room message that starts with a command is for the bot.
    const answer = await w.reply(() => w.mediator.say(`回复 ${filed.serial} 已联系对方，明天上午调解`).to(w.room));
    t.deepEqual(answer, { to: ROOM, text: `@艾建国 已回复 ${filed.serial}，群众会在小程序收到。`, mentionIds: ['aijianguo'] });

    const seen = await ok(w.h.request('GET', `/api/disputes/${filed.id}`, { token: resident }), 200);
    const message = seen.timeline.find((e: any) => e.kind === 'message');
    t.like(message, { body: '已联系对方，明天上午调解', author: { name: '艾建国', role: 'mediator' } });
    t.is((await db.ds.getRepository(DisputeEntry).findOneByOrFail({ disputeId: filed.id, kind: 'message' })).via, 'wechaty');
    const openid = 'dev-wechaty-resident'; // the development login's openid for that code
    t.true(await db.ds.getRepository(User).existsBy({ wechatOpenid: openid, role: 'resident' }));
    const subscribe = await db.ds.getRepository(Notification).findBy({ channel: 'wx-subscribe', target: openid });
    t.is(subscribe.length, 1);
    t.like(subscribe[0]!.payload, { template: 'dispute_reply' });
    t.is(subscribe[0]!.status, 'pending');

    // With an @ in front, and a direct message: 查看 and 待办 answer too.
    // 查看 in the room: the summary for all to read, the details to the asker alone as a WeCom app message.
    const view = await w.reply(() => w.mediator.say(`@调解助手 查看 #${filed.serial}`, [w.self]).to(w.room));
    t.is(view.to, ROOM);
    t.true(view.text.includes(filed.serial) && view.text.includes('私信'), view.text);
    t.false(view.text.includes('已联系对方') || view.text.includes('装修噪音') || view.text.includes('南关社区'), view.text);
    // Written just after the room answer is said.
    const privateRow = () => db.ds.getRepository(Notification).findOneBy({ channel: 'wecom-app', target: 'aijianguo', dedupeKey: Like('wechaty-private:%') });
    let privately = await privateRow();
    for (let i = 0; !privately && i < 200; i++) privately = (await delay(20), await privateRow());
    if (!privately) return t.fail('no private answer in the outbox');
    t.true(String(privately.payload.content).includes('已联系对方') && String(privately.payload.content).includes('装修噪音'), String(privately.payload.content));
    const todo = await w.reply(() => w.mediator.say('待办').to(w.self));
    t.is(todo.to, 'aijianguo');
    t.deepEqual(todo.mentionIds, []);
    t.true(todo.text.startsWith('待办 1 件') && todo.text.includes(filed.serial), todo.text);
  } finally {
    await w.close();
  }
});

eachDb('strangers, wrong roles and malformed commands get their answers; chatter, the bot itself and non-text are ignored', async (t, db) => {
  const w = await world(db);
  try {
    const stranger = await w.reply(() => w.stranger.say('帮助').to(w.room));
    t.deepEqual(stranger, { to: ROOM, text: `@路人甲 ${STRANGER_REPLY}`, mentionIds: ['wxid-stranger'] });
    t.true(w.logLines.some((l) => l.contactId === 'wxid-stranger'), 'the unknown contact id is logged for the admin');
    t.is((await w.reply(() => w.stranger.say('你好').to(w.self))).text, STRANGER_REPLY);

    const role = await w.reply(() => w.official.say('回复 JF-2026-000001 好的').to(w.room));
    t.is(role.text, '@常卫东 “回复”不是机关干部可用的命令，发“帮助”查看您可以使用的命令。');
    t.deepEqual(role.mentionIds, ['changweidong']);

    const usage = await w.reply(() => w.mediator.say('@调解助手 回复 JF-2026-000001', [w.self]).to(w.room));
    t.true(usage.text.startsWith('@艾建国 没看懂这条命令'), usage.text);
    t.true(usage.text.includes('回复 JF-2026-000123 您要对群众说的话'), usage.text);
    const typo = await w.reply(() => w.mediator.say('@调解助手 回服 JF-2026-000001 好的', [w.self]).to(w.room));
    t.true(typo.text.includes('回复 JF-2026-000123'), typo.text);

    // Ignored: room chatter without an @, the bot's own command, an image that @s the bot.
    const before = w.said.length;
    w.mediator.say('大家好，今天下午开会').to(w.room);
    const ownRoom = await w.bot.Room.find({ id: ROOM });
    await ownRoom!.say('帮助');
    const image = w.mocker.MessageMock.create({
      id: 'image-1', talkerId: w.mediator.id, roomId: ROOM, mentionIdList: [w.self.id],
      type: types.Message.Image, text: '帮助', timestamp: w.h.clock.now().getTime(),
    } as never);
    w.puppet.emit('message', { messageId: image.id });
    // A message the puppet delivers twice (after a reconnect) is answered once.
    const twice = w.mocker.MessageMock.create({
      id: 'twice-1', talkerId: w.stranger.id, listenerId: w.self.id, type: types.Message.Text, text: '帮助', timestamp: w.h.clock.now().getTime(),
    } as never);
    w.puppet.emit('message', { messageId: twice.id });
    w.puppet.emit('message', { messageId: twice.id });
    // A command after them: once it is answered, they have long been dealt with.
    const help = await w.reply(() => w.mediator.say('帮助').to(w.room), (s) => s.mentionIds.includes('aijianguo'));
    t.true(help.text.includes('回复 JF-2026-000123'), help.text);
    await delay(300);
    const after = w.said.slice(before).map((s) => s.text);
    t.is(after.filter((x) => x === STRANGER_REPLY).length, 1);
    t.true(w.logLines.some((l) => l.messageId === 'twice-1' && /seen before/.test(String(l.msg))));
    t.deepEqual(after.filter((x) => x !== STRANGER_REPLY), ['帮助', help.text]);
  } finally {
    await w.close();
  }
});

eachDb('bindRoom: by id and by topic with the bot in the process, refused for an unknown room; only ids without it', async (t, db) => {
  const w = await world(db);
  const bare = await startHarness(db);
  try {
    const path = `/api/agencies/${w.committee.id}/room`;
    const bind = (h: Harness, body: unknown) => h.request('POST', path, { token: h.adminToken, body });
    w.mocker.createRoom({ id: 'other@chatroom', topic: '宝塔区联席办', memberIdList: [w.self.id] });

    t.is((await ok(bind(w.h, { topic: '宝塔区联席办' }), 200)).wechatyRoomId, 'other@chatroom');
    const unknownId = await bind(w.h, { roomId: 'nope@chatroom' });
    t.is(unknownId.status, 422);
    t.is(unknownId.body.error.code, 'ROOM_NOT_FOUND');
    const unknownTopic = await bind(w.h, { topic: '不存在的群' });
    t.is(unknownTopic.status, 422);
    t.regex(unknownTopic.body.error.message, /不存在的群/);
    t.is((await ok(bind(w.h, { roomId: ROOM }), 200)).wechatyRoomId, ROOM);

    // The server without the bot: an id is stored as given, a topic cannot be looked up.
    const byTopic = await bind(bare, { topic: '南市调委会工作群' });
    t.is(byTopic.status, 422);
    t.is(byTopic.body.error.code, 'ROOM_LOOKUP_UNAVAILABLE');
    t.regex(byTopic.body.error.message, /群编号/);
    t.is((await ok(bind(bare, { roomId: 'elsewhere@chatroom' }), 200)).wechatyRoomId, 'elsewhere@chatroom');
    t.is((await ok(bind(bare, { roomId: null }), 200)).wechatyRoomId, null);

    // Validation and access, in Chinese.
    const both = await bind(bare, { roomId: ROOM, topic: 'x' });
    t.is(both.status, 400);
    t.regex(both.body.error.message, /二者选一/);
    t.is((await bind(bare, {})).status, 400);
    const spaced = await bind(bare, { roomId: 'a b' });
    t.is(spaced.status, 400);
    t.regex(spaced.body.error.message, /^群编号：/);
    t.is((await bare.request('POST', path, { body: { roomId: ROOM } })).status, 401);
    t.is((await bare.request('POST', '/api/agencies/999999/room', { token: bare.adminToken, body: { roomId: ROOM } })).status, 404);

    const audit = await db.ds.query(`SELECT action FROM audit_entry WHERE subjectType = 'agency' ORDER BY id`);
    // The binding in world(), by topic, by id, the id without the bot, the unbinding; no refusal is recorded.
    t.deepEqual(audit.map((r: any) => r.action), [...Array(4).fill('agency.bind_room'), 'agency.unbind_room']);
  } finally {
    await bare.close();
    await w.close();
  }
});

test('the wechaty-room channel: unknown room is permanent, a bot not logged in is transient, only members are mentioned', async (t) => {
  const m = await mockBot();
  m.bot.on('error', () => {});
  try {
    const member = m.mocker.createContact({ id: 'liuguilan', name: '刘桂兰' });
    const outsider = m.mocker.createContact({ id: 'outsider', name: '外人' });
    m.mocker.createRoom({ id: ROOM, topic: '南市调委会工作群', memberIdList: [m.self.id, member.id] });
    const channel = new WechatyRoomChannel(m.bot);
    t.deepEqual(await channel.send(ROOM, { text: '请处理', mentionIds: ['liuguilan', outsider.id] }), { ok: true });
    t.deepEqual(m.said.at(-1), { to: ROOM, text: '@刘桂兰 请处理', mentionIds: ['liuguilan'] });
    t.deepEqual(await channel.send(ROOM, { text: '通知' }), { ok: true });
    t.deepEqual(m.said.at(-1), { to: ROOM, text: '通知', mentionIds: [] });
    t.like(await channel.send('gone@chatroom', { text: 'x' }), { ok: false, retry: false });
  } finally {
    await m.bot.stop();
  }
  // The HTTP server's sender has no Wechaty: it leaves the room rows to `npm run bot`.
  const config = loadConfig({ FUYUAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'fuyuan-bot-')) });
  t.deepEqual(outboxSenderDeps(config, null as never, silent, systemClock).skipChannels, ['wechaty-room']);

  const unstarted: Wechaty = WechatyBuilder.build({ puppet: new PuppetMock({ mocker: new mock.Mocker() }) });
  t.like(await new WechatyRoomChannel(unstarted).send(ROOM, { text: 'x' }), { ok: false, retry: true });
  t.like(await new WechatyRoomChannel(m.bot).send(ROOM, { text: 'x' }), { ok: false, retry: true }, 'stopped: logged out');
});
