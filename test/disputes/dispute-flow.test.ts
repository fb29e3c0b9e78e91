import { Agency, Notification, User } from '../../entities';
import { seedDemoData } from '../../server/seed/seed-service';
import { startHarness, type Harness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';
import { issueToken, ok, residentToken } from '../helpers/district.helper';
import { quietChannels, tickCleanly, wecomChannels, wxSubscribeChannel } from '../helpers/outbox.helper';
import { startFakeWechat } from '../fakes/wechat-api.fake';
import { startFakeWecom } from '../fakes/wecom-api.fake';

// 群众说事 end to end on the demo district: filing, routing, the committee's
// group card, the mediator's app message, the chat, the judge's explanation,
// the resident's subscribe messages, the timeline, and the close.

const KEY = 'nanshi-robot-key-0001';
const T_REPLY = 'tmpl-dispute-reply';
const T_STATUS = 'tmpl-dispute-status';
const PHONE = '13912345678';
const COMMITTEE = '南市街道人民调解委员会';

eachDb('a resident files, is routed, chats with the mediator, hears the judge and sees the dispute resolved', async (t, db) => {
  const h: Harness = await startHarness(db);
  const wecom = await startFakeWecom({ clock: h.clock });
  const wechat = await startFakeWechat({ clock: h.clock });
  try {
    await seedDemoData({ db: db.ds, clock: h.clock, pii: h.pii });
    await db.ds.getRepository(Agency).update({ name: COMMITTEE }, { wecomWebhookKey: KEY });
    wecom.registerWebhook(KEY);
    wecom.registerUsers('aijianguo', 'liuguilan', 'anxiaohong');
    wechat.registerTemplate(T_REPLY);
    wechat.registerTemplate(T_STATUS);
    const channels = {
      ...wecomChannels(wecom, h.clock),
      'wx-subscribe': wxSubscribeChannel(wechat, h.clock, { dispute_reply: T_REPLY, dispute_status: T_STATUS }),
      ...quietChannels('console'),
    };
    const tick = () => tickCleanly(t, db, h.clock, channels);
    const users = db.ds.getRepository(User);
    const tokenOf = async (wecomUserId: string) => issueToken(h, (await users.findOneByOrFail({ wecomUserId })).id);
    const [mediatorToken, judgeToken] = [await tokenOf('liuguilan'), await tokenOf('lixiulan')];
    const liuguilan = await users.findOneByOrFail({ wecomUserId: 'liuguilan' });
    const login = (code: string) => residentToken(h, code);

    // Someone else's open dispute keeps 艾建国 (the lower id) busy, so the next goes to 刘桂兰.
    const neighbour = await login('flow-neighbour');
    const form = (description: string) => ({ category: 'neighbor', description, village: '南关社区', phone: PHONE, consent: true });
    const first = await ok(h.request('POST', '/api/disputes', { token: neighbour, body: form('楼上邻居装修噪音持续到深夜，多次沟通无果') }), 201);
    t.is(first.mediator.name, '艾建国');

    const resident = await login('flow-resident');
    const openid = 'dev-flow-resident';
    wechat.grantSubscription(openid, T_REPLY, 10);
    wechat.grantSubscription(openid, T_STATUS, 10);
    const granted = await ok(h.request('POST', '/api/me/subscriptions', {
      token: resident, body: { accepted: ['dispute_reply', 'dispute_reply', 'dispute_status', 'dispute_status', 'dispute_status'] },
    }), 200);
    t.deepEqual(granted.credits, { hearing_reminder: 0, dispute_reply: 2, dispute_status: 3 });

    const filed = await ok(h.request('POST', '/api/disputes', {
      token: resident, body: { ...form('隔壁院墙排水流进我家院子，墙根已经泡坏了'), otherParty: '隔壁王某' },
    }), 201);
    t.regex(filed.serial, /^JF-2026-\d{6}$/);
    t.is(filed.serial, 'JF-2026-000002');
    t.is(filed.status, 'submitted');
    t.is(filed.committee.name, COMMITTEE);
    t.deepEqual(filed.mediator, { id: liuguilan.id, name: '刘桂兰' });
    t.true(filed.articles.length >= 1 && filed.articles.length <= 3);
    t.true(filed.articles.every((a: any) => a.category === 'neighbor'));

    // The group gets a card, the mediator an app message, the village's linked cadre a note.
    await tick();
    const card = wecom.webhookMessages(KEY).find((m) => m.markdown?.content.includes(filed.serial));
    t.truthy(card, 'the committee group received the card');
    const content: string = card!.markdown.content;
    for (const part of [filed.serial, '邻里纠纷', '南关社区', '微＊', '139＊＊＊＊5678', '刘桂兰', '<@liuguilan>', `回复 ${filed.serial}`]) {
      t.true(content.includes(part), `card shows ${part}:\n${content}`);
    }
    t.false(content.includes(PHONE), 'the full phone never reaches the group');
    t.false(content.includes('微信用户'), 'the resident is masked in the group');
    const app = wecom.appMessages();
    t.true(app.some((m) => m.touser === 'liuguilan' && m.text?.content.includes(filed.serial)), 'mediator told');
    t.true(app.some((m) => m.touser === 'anxiaohong' && m.text?.content.includes(filed.serial)), 'linked cadre told');
    t.false(app.some((m) => m.touser === 'aijianguo' && JSON.stringify(m).includes(filed.serial)), 'the other mediator is not');

    // The mediator replies, a judge explains: one subscribe message each, one credit each.
    const path = `/api/disputes/${filed.id}`;
    h.clock.advance(60_000);
    await ok(h.request('POST', `${path}/messages`, { token: mediatorToken, body: { body: '您好，我是调解员刘桂兰，明天上午到现场查看。' } }), 201);
    h.clock.advance(60_000);
    await ok(h.request('POST', `${path}/explanations`, { token: judgeToken, body: { body: '依据民法典第二百九十条，相邻方应当为排水提供便利，造成损害的应当赔偿。' } }), 201);
    await tick();
    const replies = () => wechat.subscribeMessages().filter((m) => m.template_id === T_REPLY);
    t.is(replies().length, 2);
    for (const m of replies()) {
      t.is(m.touser, openid);
      t.is(m.data.character_string1.value, filed.serial);
    }
    t.deepEqual(replies().map((m) => m.data.thing2.value), ['调解员刘桂兰', '李秀兰法官']);
    t.is((await ok(h.request('GET', '/api/me/subscriptions', { token: resident }), 200)).credits.dispute_reply, 0);

    // No credit left: the reply is stored, but nothing is sent.
    h.clock.advance(60_000);
    await ok(h.request('POST', `${path}/messages`, { token: mediatorToken, body: { body: '现场已看过，约双方周五到村委会调解。' } }), 201);
    await tick();
    t.is(replies().length, 2);
    t.is(await db.ds.getRepository(Notification).countBy({ channel: 'wx-subscribe', target: openid }), 2);

    // The resident reads it all: messages, the explanation apart, moves, with their authors.
    const seen = await ok(h.request('GET', path, { token: resident }), 200);
    t.deepEqual(seen.timeline.map((e: any) => [e.kind, e.author?.role]), [
      ['move', 'resident'], ['message', 'mediator'], ['explanation', 'judge'], ['message', 'mediator'],
    ]);
    t.deepEqual(seen.timeline[1].author, { id: liuguilan.id, name: '刘桂兰', role: 'mediator' });
    t.is(seen.timeline[2].author.name, '李秀兰');
    t.is(seen.explanations.length, 1);
    t.regex(seen.explanations[0].body, /民法典/);
    t.is(seen.contactPhone, PHONE);
    t.deepEqual(seen.allowedActions, ['withdraw']);

    // The mediator accepts, mediates, resolves; the resident is told of each.
    for (const [action, note] of [['accept', '已受理'], ['mediate', null], ['resolve', '双方达成协议，隔壁修排水沟']] as const) {
      h.clock.advance(3600_000);
      const moved = await ok(h.request('POST', `${path}/transitions`, { token: mediatorToken, body: { action, ...(note ? { note } : {}) } }), 200);
      t.is(moved.id, filed.id);
    }
    await tick();
    const statuses = wechat.subscribeMessages().filter((m) => m.template_id === T_STATUS);
    t.deepEqual(statuses.map((m) => m.data.phrase2.value), ['已受理', '调解中', '调解成功']);
    t.true(statuses.every((m) => m.touser === openid && m.data.character_string1.value === filed.serial));

    const closed = await ok(h.request('GET', path, { token: resident }), 200);
    t.is(closed.status, 'resolved');
    t.is(closed.closedAt, h.clock.now().toISOString());
    const moves = closed.timeline.filter((e: any) => e.kind === 'move').slice(1);
    t.deepEqual(moves.map((e: any) => [e.meta.from, e.meta.to, e.author.name]), [
      ['submitted', 'accepted', '刘桂兰'], ['accepted', 'mediating', '刘桂兰'], ['mediating', 'resolved', '刘桂兰'],
    ]);
    t.is(moves[2].body, '双方达成协议，隔壁修排水沟');

    // Its deadline reminders are withdrawn; nothing else of it, nor the other dispute's reminders.
    const rows = await db.ds.getRepository(Notification).find();
    const mine = (type: string, id: number) => rows.filter((r) => r.subjectType === type && r.subjectId === id);
    t.deepEqual(mine('dispute-deadline', filed.id).map((r) => r.status), ['cancelled', 'cancelled']);
    t.true(mine('dispute', filed.id).length >= 8);
    t.true(mine('dispute', filed.id).every((r) => r.status === 'sent'));
    t.deepEqual(mine('dispute-deadline', first.id).map((r) => r.status), ['pending', 'pending']);
  } finally {
    await h.close();
    await wecom.close();
    await wechat.close();
  }
});
