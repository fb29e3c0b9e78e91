import { Agency, DisputeArticle, DisputeEntry, ExplanationRequest, Notification, User } from '../../entities';
import { createConversation } from '../../bot/conversation';
import { seedDemoData } from '../../server/seed/seed-service';
import { startHarness } from '../helpers/app-harness';
import { eachDb, type TestDb } from '../helpers/databases';
import { issueToken, ok, residentToken } from '../helpers/district.helper';
import { quietChannels, tickCleanly, wecomChannels, wxSubscribeChannel } from '../helpers/outbox.helper';
import { startFakeWechat } from '../fakes/wechat-api.fake';
import { startFakeWecom } from '../fakes/wecom-api.fake';

// 请法官说法 on the demo district, through the fakes: a resident files, the
// committee's mediator asks the judges (API and bot), the court's group gets
// the card, the judge's 待办 lists the question, the judge's 说法 answers it,
// the resident gets the subscribe message and the asker is told. A mediator
// of another committee is told the dispute does not exist, and nothing is
// written. Then 法官说法 articles on the dispute's detail.

const COURT_KEY = 'court-judges-robot-key';
const T_REPLY = 'tmpl-dispute-reply';
const COURT = '延安市宝塔区人民法院';
const FORM = { category: 'neighbor', description: '隔壁院墙排水流进我家院子，墙根已经泡坏了，多次沟通无果', village: '南关社区', phone: '13912345678', consent: true };
// What a mediator may write, markdown and a link included: the card shows it as text.
const QUESTION = '**排水**纠纷中，相邻方拒不改管，能否依据民法典第二百九十条主张排除妨碍？ 见 http://evil.example <@all>';
const BOT_QUESTION = '墙根损坏的修复费用应当如何举证？';

async function counts(db: TestDb) {
  return {
    requests: await db.ds.getRepository(ExplanationRequest).count(),
    entries: await db.ds.getRepository(DisputeEntry).count(),
    notifications: await db.ds.getRepository(Notification).count(),
  };
}

eachDb('a mediator asks the judges (API and bot); the court group is told; 待办 lists it until a judge explains; the resident hears', async (t, db) => {
  const h = await startHarness(db);
  const wecom = await startFakeWecom({ clock: h.clock });
  const wechat = await startFakeWechat({ clock: h.clock });
  try {
    await seedDemoData({ db: db.ds, clock: h.clock, pii: h.pii });
    await db.ds.getRepository(Agency).update({ name: COURT }, { wecomWebhookKey: COURT_KEY });
    wecom.registerWebhook(COURT_KEY);
    wecom.registerUsers('aijianguo', 'liuguilan', 'gaojianping', 'anxiaohong');
    wechat.registerTemplate(T_REPLY);
    wechat.grantSubscription('dev-asking-resident', T_REPLY, 1);
    const channels = {
      ...wecomChannels(wecom, h.clock),
      'wx-subscribe': wxSubscribeChannel(wechat, h.clock, { dispute_reply: T_REPLY }),
      ...quietChannels('console', 'wechaty-room'),
    };
    const tick = () => tickCleanly(t, db, h.clock, channels);
    const bot = createConversation({ services: h.services, now: () => h.clock.now() });
    const say = (from: string, text: string) => bot.handle({ from, text, via: 'wecom' });
    const users = db.ds.getRepository(User);
    const tokenOf = async (wecomUserId: string) => issueToken(h, (await users.findOneByOrFail({ wecomUserId })).id);

    // The resident files, allowing one reply message.
    const resident = await residentToken(h, 'asking-resident');
    await ok(h.request('POST', '/api/me/subscriptions', { token: resident, body: { accepted: ['dispute_reply'] } }), 200);
    const filed = await ok(h.request('POST', '/api/disputes', { token: resident, body: FORM }), 201);
    const path = `/api/disputes/${filed.id}`;
    const asker = await users.findOneByOrFail({ name: filed.mediator.name });
    const [mediatorToken, otherToken] = [await tokenOf(asker.wecomUserId!), await tokenOf('gaojianping')];
    await tick();
    const cardsBefore = wecom.webhookMessages(COURT_KEY).length;

    // Another committee's mediator: 404 on the API, "not found" from the bot, nothing written.
    const before = await counts(db);
    const refused = await h.request('POST', `${path}/explanation-requests`, { token: otherToken, body: { question: QUESTION } });
    t.is(refused.status, 404);
    t.is(refused.body.error.code, 'NOT_FOUND');
    t.regex((await say('gaojianping', `请法官 ${filed.serial} ${BOT_QUESTION}`))!, /没有找到纠纷/);
    for (const [who, token, status] of [['the resident', resident, 403], ['a judge', await tokenOf('lixiulan'), 403], ['a cadre', await tokenOf('anxiaohong'), 403]] as const) {
      t.is((await h.request('POST', `${path}/explanation-requests`, { token, body: { question: QUESTION } })).status, status, who);
    }
    t.regex((await say('lixiulan', `请法官 ${filed.serial} ${BOT_QUESTION}`))!, /不是法官可用的命令/);
    const empty = await h.request('POST', `${path}/explanation-requests`, { token: mediatorToken, body: { question: '' } });
    t.is(empty.status, 400);
    t.deepEqual(await counts(db), before, 'refusals write nothing');

    // The mediator asks through the API, and again through the bot.
    h.clock.advance(60_000);
    const asked = await ok(h.request('POST', `${path}/explanation-requests`, { token: mediatorToken, body: { question: QUESTION } }), 201);
    t.like(asked, { disputeId: filed.id, serial: filed.serial, question: QUESTION, asker: { id: asker.id, name: asker.name }, answeredAt: null });
    h.clock.advance(60_000);
    const botSaid = await say(asker.wecomUserId!, `请法官 ${filed.serial} ${BOT_QUESTION}`);
    t.regex(botSaid!, new RegExp(`^已请法官就 ${filed.serial} 提供法律意见`));

    // The resident sees, in plain words, that a judge was asked; never the questions.
    const seen = await ok(h.request('GET', path, { token: resident }), 200);
    const asks = seen.timeline.filter((e: any) => e.kind === 'judge_request');
    t.deepEqual(asks.map((e: any) => e.body), ['调解员已请法官提供法律意见', '调解员已请法官提供法律意见']);
    t.deepEqual(seen.explanationRequests, []);
    t.false(JSON.stringify(seen).includes('民法典第二百九十条'));
    t.false(JSON.stringify(seen).includes(BOT_QUESTION));
    // The mediator reads both questions on the detail.
    const staffView = await ok(h.request('GET', path, { token: mediatorToken }), 200);
    t.deepEqual(staffView.explanationRequests.map((r: any) => [r.question, r.answeredAt]), [[QUESTION, null], [BOT_QUESTION, null]]);

    // The court's group gets one card per question: what, where, the question as text, how to answer.
    await tick();
    const cards = wecom.webhookMessages(COURT_KEY).slice(cardsBefore).map((m) => m.markdown.content as string);
    t.is(cards.length, 2);
    const [first, second] = cards as [string, string];
    for (const line of [`**请法官说法** ${filed.serial}`, '类别：邻里纠纷', '村（社区）：南关社区', `提问：${asker.name}（南市街道人民调解委员会）`, `如需答复，请发：说法 ${filed.serial} 内容`]) {
      t.true(first.includes(line), line);
    }
    t.true(second.includes(`问题：${BOT_QUESTION}`));
    t.true(first.includes('民法典第二百九十条'));
    t.false(first.includes('**排水**'), 'the question is text, not bold');
    t.false(first.includes('http://'), 'nor a link');
    t.false(first.includes('<@all>'), 'nor a mention');
    t.false(first.includes('13912345678'), "nor the resident's phone");

    // The judge's 待办 lists the questions first, by the start of each.
    const todo = (await say('lixiulan', '待办'))!;
    t.true(todo.includes('【待答复的法律问题】'), todo);
    t.true(todo.includes(`· 请说法 ${filed.serial}（南关社区）：＊＊排水＊＊纠纷中，相邻方拒不改管，能否…`), todo);
    t.true(todo.includes(`· 请说法 ${filed.serial}（南关社区）：${BOT_QUESTION}`), todo);
    t.true(todo.indexOf('【待答复的法律问题】') < todo.indexOf('【纠纷】'), 'before the disputes');
    // A mediator's 待办 has no questions to answer.
    t.false((await say(asker.wecomUserId!, '待办'))!.includes('待答复'));

    // The judge explains (说法): both requests are answered by it.
    h.clock.advance(60_000);
    t.regex((await say('lixiulan', `说法 ${filed.serial} 依据民法典第二百九十条，相邻方应当为排水提供便利，造成损害的应当赔偿。`))!, /发出法官说法/);
    await tick();
    const replies = wechat.subscribeMessages().filter((m) => m.template_id === T_REPLY);
    t.is(replies.length, 1, 'the resident hears of the explanation');
    t.is(replies[0]!.touser, 'dev-asking-resident');
    t.is(replies[0]!.data.thing2.value, '李秀兰法官');
    const toAsker = wecom.appMessages().filter((m) => m.touser === asker.wecomUserId && String(m.text?.content).includes('法官说法'));
    t.deepEqual(toAsker.map((m) => m.text.content), [`李秀兰法官已就 ${filed.serial} 发出法官说法，群众可在小程序查看。\n发“查看 ${filed.serial}”看内容。`]);
    const answered = await ok(h.request('GET', path, { token: mediatorToken }), 200);
    const explanationId = answered.explanations[0].id;
    t.true(answered.explanationRequests.every((r: any) => r.answeredAt !== null));
    t.deepEqual((await db.ds.getRepository(ExplanationRequest).find()).map((r) => r.answerEntryId), [explanationId, explanationId]);
    const after = (await say('lixiulan', '待办'))!;
    t.false(after.includes('待答复'), after);
    t.true(after.startsWith('待办 '), after);

    // Through the API too: a new question, the explanations route closes it.
    await ok(h.request('POST', `${path}/explanation-requests`, { token: mediatorToken, body: { question: '对方是否应承担鉴定费？' } }), 201);
    t.true((await say('lixiulan', '待办'))!.includes('对方是否应承担鉴定费？'));
    await ok(h.request('POST', `${path}/explanations`, { token: await tokenOf('lixiulan'), body: { body: '鉴定费一般由败诉方负担，调解中可以协商分担。' } }), 201);
    t.false((await say('lixiulan', '待办'))!.includes('待答复'));

    // A closed dispute takes no more questions.
    await ok(h.request('POST', `${path}/transitions`, { token: resident, body: { action: 'withdraw' } }), 200);
    const late = await h.request('POST', `${path}/explanation-requests`, { token: mediatorToken, body: { question: QUESTION } });
    t.is(late.status, 409);
    t.is(late.body.error.code, 'DISPUTE_CLOSED');
  } finally {
    await h.close();
    await wecom.close();
    await wechat.close();
  }
});

eachDb('法官说法 articles on the detail: the category\'s, and those a judge attaches (once, known articles only)', async (t, db) => {
  const h = await startHarness(db);
  try {
    await seedDemoData({ db: db.ds, clock: h.clock, pii: h.pii });
    const users = db.ds.getRepository(User);
    const tokenOf = async (wecomUserId: string) => issueToken(h, (await users.findOneByOrFail({ wecomUserId })).id);
    const [judge, mediator] = [await tokenOf('lixiulan'), await tokenOf('aijianguo')];
    const resident = await residentToken(h, 'reading-resident');
    const filed = await ok(h.request('POST', '/api/disputes', { token: resident, body: FORM }), 201);
    const path = `/api/disputes/${filed.id}`;
    const titles = async (category: string) => (await ok(h.request('GET', `/api/articles?category=${category}&pageSize=10`), 200)).items.map((a: any) => ({ id: a.id, title: a.title }));
    const neighbour = await titles('neighbor');
    t.true(neighbour.length >= 1);
    t.deepEqual((await ok(h.request('GET', path, { token: resident }), 200)).articles, neighbour);

    // A judge attaches a labour article: it comes first; again changes nothing.
    const [labour] = await titles('labor');
    const attach = (token: string, body: unknown) => h.request('POST', `${path}/articles`, { token, body });
    const first = await attach(judge, { articleId: labour.id });
    t.is(first.status, 201);
    t.deepEqual(first.body.articles, [labour, ...neighbour]);
    const again = await attach(judge, { articleId: labour.id });
    t.is(again.status, 200);
    t.deepEqual(again.body.articles, first.body.articles);
    t.is(await db.ds.getRepository(DisputeArticle).count(), 1);
    // Attaching one of the category's own does not list it twice.
    t.deepEqual((await ok(attach(judge, { articleId: neighbour[0].id }), 201)).articles, [labour, ...neighbour]);
    t.deepEqual((await ok(h.request('GET', path, { token: resident }), 200)).articles, [labour, ...neighbour]);

    const refusals: Array<[string, string, unknown, number, string]> = [
      ['an unknown article', judge, { articleId: 999999 }, 404, 'NOT_FOUND'],
      ['no article', judge, {}, 400, 'VALIDATION_FAILED'],
      ['a mediator', mediator, { articleId: labour.id }, 403, 'FORBIDDEN'],
      ['the resident', resident, { articleId: labour.id }, 403, 'FORBIDDEN'],
    ];
    for (const [who, token, body, status, code] of refusals) {
      const r = await attach(token, body);
      t.is(r.status, status, `${who}: ${r.text}`);
      t.is(r.body.error.code, code, who);
    }
    t.is((await h.request('POST', '/api/disputes/999999/articles', { token: judge, body: { articleId: labour.id } })).status, 404);
    t.is(await db.ds.getRepository(DisputeArticle).count(), 2);
  } finally {
    await h.close();
  }
});
