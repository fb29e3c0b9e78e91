import type { ExecutionContext } from 'ava';
import { AuditEntry, Dispute, DisputeEntry, Notification, SubscriptionCredit, User } from '../../entities';
import { commandTable, createConversation, STRANGER_REPLY, type Conversation } from '../../bot/conversation';
import { seedDemoData } from '../../server/seed/seed-service';
import { startHarness, type Harness } from '../helpers/app-harness';
import { eachDb, type TestDb } from '../helpers/databases';
import { issueToken, mpLogin, ok } from '../helpers/district.helper';

// The conversation core on the demo district: real staff known by their WeCom
// ids, real residents and disputes filed through the API, every command
// through `handle`, and what each one writes — or, when refused, does not.

const PHONE = '13812345678';
const RESIDENT_NAME = '张三丰';
const DESCRIPTION = '隔壁院墙排水流进我家院子，墙根已经泡坏了，多次沟通无果';
// The demo district's people, by WeCom id.
const AI = 'aijianguo'; // mediator, 南市街道人民调解委员会 (lower id: gets the first dispute)
const LIU = 'liuguilan'; // mediator, same committee
const GAO = 'gaojianping'; // mediator, medical committee
const JUDGE = 'lixiulan';
const CADRE = 'anxiaohong'; // official linked to 南市街道's villages

// One test at a time: nine SQLite worlds seeding at once starve the event loop
// long enough for MySQL connects (5 s timeout) to give up on a busy machine.
const SERIAL = { serial: true };

interface World {
  h: Harness;
  bot: Conversation;
  say(from: string, text: string): Promise<string | null>;
  // A resident signed in through the mini-program, with a real name and dispute_reply credits.
  resident(code: string, credits?: number): Promise<{ token: string; id: number; openid: string }>;
  file(token: string, body?: Record<string, unknown>): Promise<{ id: number; serial: string; mediator: { name: string } | null }>;
  status(id: number): Promise<string>;
}

async function withWorld(db: TestDb, fn: (w: World) => Promise<void>): Promise<void> {
  const h = await startHarness(db);
  try {
    await seedDemoData({ db: db.ds, clock: h.clock, pii: h.pii });
    const bot = createConversation({ services: h.services, now: () => h.clock.now() });
    await fn({
      h, bot,
      say: (from, text) => bot.handle({ from, text, via: 'wecom' }),
      async resident(code, credits = 0) {
        const login = await mpLogin(h, code);
        await db.ds.getRepository(User).update({ id: login.user.id }, { name: RESIDENT_NAME });
        if (credits) await ok(h.request('POST', '/api/me/subscriptions', { token: login.token, body: { accepted: Array(credits).fill('dispute_reply') } }), 200);
        return { token: login.token, id: login.user.id, openid: `dev-${code}` };
      },
      file: (token, body = {}) => ok(h.request('POST', '/api/disputes', {
        token, body: { category: 'neighbor', description: DESCRIPTION, village: '南关社区', phone: PHONE, consent: true, ...body },
      }), 201),
      status: async (id) => (await db.ds.getRepository(Dispute).findOneByOrFail({ id })).status,
    });
  } finally {
    await h.close();
  }
}

// Everything a command could write, to show a refusal wrote nothing.
async function snapshot(db: TestDb) {
  const count = (e: Parameters<typeof db.ds.manager.count>[0]) => db.ds.manager.count(e);
  return {
    entries: await count(DisputeEntry), notifications: await count(Notification), audit: await count(AuditEntry),
    disputes: (await db.ds.getRepository(Dispute).find({ order: { id: 'ASC' } })).map((d) => [d.id, d.status, d.updatedAt.toISOString()]),
    credits: (await db.ds.getRepository(SubscriptionCredit).find({ order: { id: 'ASC' } })).map((c) => [c.userId, c.template, c.credits]),
  };
}

async function refusedWithoutWriting(t: ExecutionContext, db: TestDb, w: World, from: string, text: string, expected: string | RegExp) {
  const before = await snapshot(db);
  const reply = await w.say(from, text);
  if (typeof expected === 'string') t.is(reply, expected, text);
  else t.regex(reply ?? '', expected, text);
  t.deepEqual(await snapshot(db), before, `${from}: ${text} wrote nothing`);
}

eachDb('帮助 lists exactly the commands of the speaker’s role', async (t, db) => {
  await withWorld(db, async (w) => {
    const table = commandTable();
    for (const [who, role] of [[AI, 'mediator'], [JUDGE, 'judge'], [CADRE, 'official']] as const) {
      const reply = (await w.say(who, '帮助'))!;
      const lines = reply.split('\n').filter((l) => l.startsWith('· '));
      t.deepEqual(lines, table.filter((c) => c.roles.includes(role)).map((c) => `· ${c.usage} —— ${c.summary}`), who);
    }
    const names = async (who: string) => (await w.say(who, '@机器人\u2005帮助'))!.split('\n').filter((l) => l.startsWith('· ')).map((l) => l.slice(2).split(' ')[0]);
    t.deepEqual(await names(AI), ['帮助', '待办', '查看', '回复', '请法官', '受理', '调解', '办结', '失败', '延期', '同意延期', '对方申请', '统计']);
    t.deepEqual(await names(JUDGE), ['帮助', '待办', '查看', '说法', '出庭', '签收', '反馈', '转办', '催办', '统计']);
    t.deepEqual(await names(CADRE), ['帮助', '待办', '查看', '出庭', '签收', '反馈', '转办', '催办', '统计']);
  });
}, SERIAL);

eachDb('待办 lists the mediator’s own open disputes, soonest deadline first', async (t, db) => {
  await withWorld(db, async (w) => {
    t.is(await w.say(AI, '待办'), '暂无待办，辛苦了。');
    const a = await w.resident('todo-a');
    const b = await w.resident('todo-b');
    // Routing alternates within the committee: 艾建国, 刘桂兰, 艾建国, 刘桂兰, 艾建国.
    const filed = [];
    for (const token of [a.token, b.token, a.token, b.token, a.token]) {
      filed.push(await w.file(token));
      w.h.clock.advance(3600_000);
    }
    t.deepEqual(filed.map((d) => d.mediator?.name), ['艾建国', '刘桂兰', '艾建国', '刘桂兰', '艾建国']);
    const [d1, d2, d3, , d5] = filed as [typeof filed[0], typeof filed[0], typeof filed[0], typeof filed[0], typeof filed[0]];
    // The fifth is withdrawn; the third's deadline has passed, so it comes before the first.
    await ok(w.h.request('POST', `/api/disputes/${d5.id}/transitions`, { token: a.token, body: { action: 'withdraw' } }), 200);
    await db.ds.getRepository(Dispute).update({ id: d3.id }, { deadlineAt: new Date('2026-11-20T15:59:59.999Z') });

    const reply = (await w.say(AI, '待办'))!;
    t.is(reply, [
      '待办 2 件：',
      '【已超期】',
      `· 纠纷 ${d3.serial} 邻里纠纷（南关社区）已提交，已超期`,
      '【纠纷】',
      `· ${d1.serial} 邻里纠纷（南关社区）已提交，时限 2026年12月28日 23:59`,
      '如需查看详情，请发：查看 编号',
    ].join('\n'));
    t.false(reply.includes(d2.serial) || reply.includes(d5.serial), 'another’s and a withdrawn dispute are not listed');
    t.regex((await w.say(LIU, '待办'))!, /^待办 2 件：/);
    t.is(await w.say(GAO, '待办'), '暂无待办，辛苦了。');
  });
}, SERIAL);

eachDb('查看 shows the summary, the last messages, the resident masked and no phone', async (t, db) => {
  await withWorld(db, async (w) => {
    const r = await w.resident('view');
    const d = await w.file(r.token, { otherParty: '隔壁王某' });
    await ok(w.h.request('POST', `/api/disputes/${d.id}/messages`, { token: r.token, body: { body: '白天都在家，随时可以联系' } }), 201);
    for (const who of [AI, LIU, JUDGE, CADRE]) {
      const reply = (await w.say(who, `查看 #${d.serial}`))!;
      for (const part of [d.serial, '邻里纠纷', '已提交', '南关社区', `群众：张＊＊`, '调解员：艾建国', '时限：2026年12月28日 23:59', DESCRIPTION, '· 群众：白天都在家']) {
        t.true(reply.includes(part), `${who} sees ${part}:\n${reply}`);
      }
      t.false(reply.includes(RESIDENT_NAME), `${who}: the resident's whole name`);
      t.false(reply.includes(PHONE), `${who}: the contact phone is not shown whole`);
    }
    t.regex((await w.say(AI, `查看 ${d.serial}`))!, new RegExp(`可发：“受理 ${d.serial}”$`));
    t.false((await w.say(CADRE, `查看 ${d.serial}`))!.includes('可发'), 'an official moves nothing');

    // In a group chat only the asker's access was checked: the group reads serial, category, status and deadline; the rest goes to the asker alone.
    for (const who of [AI, CADRE]) {
      const group = (await w.bot.answer({ from: who, text: `查看 ${d.serial}`, via: 'wecom', chat: 'group' }))!;
      for (const part of [d.serial, '邻里纠纷', '已提交', '时限：2026年12月28日 23:59', '私信']) t.true(group.reply.includes(part), `${who}: group sees ${part}:\n${group.reply}`);
      for (const part of ['南关社区', '张＊＊', DESCRIPTION, '白天都在家', '艾建国']) t.false(group.reply.includes(part), `${who}: group does not see ${part}:\n${group.reply}`);
      t.is(group.privately, (await w.bot.answer({ from: who, text: `查看 ${d.serial}`, via: 'wecom', chat: 'direct' }))!.reply);
      t.true(group.privately!.includes(DESCRIPTION) && group.privately!.includes('白天都在家'));
    }
    t.is((await w.bot.answer({ from: AI, text: `查看 ${d.serial}`, via: 'wecom', chat: 'direct' }))!.privately, undefined, 'one-to-one: all inline');
  });
}, SERIAL);

eachDb('回复 stores the mediator’s message and writes the resident’s subscribe message when there is credit', async (t, db) => {
  await withWorld(db, async (w) => {
    const r = await w.resident('reply', 1);
    const d = await w.file(r.token);
    const body = '已联系对方，明天上午调解。\n地点：南关社区居委会';
    const before = await db.ds.getRepository(Notification).countBy({ channel: 'wx-subscribe' });
    t.is(await w.bot.handle({ from: AI, text: `@机器人\u2005回复 ${d.serial} ${body}`, via: 'wechaty' }), `已回复 ${d.serial}，群众会在小程序收到。`);

    const seen = await ok(w.h.request('GET', `/api/disputes/${d.id}`, { token: r.token }), 200);
    const message = seen.timeline.find((e: any) => e.kind === 'message');
    t.like(message, { body, via: 'wechaty', author: { name: '艾建国', role: 'mediator' } });
    const sent = await db.ds.getRepository(Notification).findBy({ channel: 'wx-subscribe', target: r.openid });
    t.is(sent.length, before + 1);
    t.like(sent[0]!.payload, { template: 'dispute_reply', data: { serial: d.serial, replier: '调解员艾建国', content: body } });
    t.is((await db.ds.getRepository(SubscriptionCredit).findOneByOrFail({ userId: r.id, template: 'dispute_reply' })).credits, 0);

    // No credit left: stored, not sent.
    t.is(await w.say(AI, `回复JF-2026-${d.serial.slice(-6).replace(/^0+/, '')}：好的`), `已回复 ${d.serial}，群众会在小程序收到。`);
    t.is(await db.ds.getRepository(DisputeEntry).countBy({ disputeId: d.id, kind: 'message' }), 2);
    t.is(await db.ds.getRepository(Notification).countBy({ channel: 'wx-subscribe', target: r.openid }), 1);

    // Only the assigned mediator answers the resident.
    await refusedWithoutWriting(t, db, w, LIU, `回复 ${d.serial} 我来吧`, '只有群众本人和承办调解员可以在此留言');
  });
}, SERIAL);

eachDb('说法 by a judge is stored as an explanation and sent to the resident', async (t, db) => {
  await withWorld(db, async (w) => {
    const r = await w.resident('explain', 1);
    const d = await w.file(r.token);
    const body = '依据民法典第二百九十条，相邻方应当为排水提供便利，造成损害的应当赔偿。';
    t.is(await w.say(JUDGE, `说法　＃${d.serial}：${body}`), `已就 ${d.serial} 发出法官说法，群众可在小程序查看。`);
    const seen = await ok(w.h.request('GET', `/api/disputes/${d.id}`, { token: r.token }), 200);
    t.is(seen.explanations.length, 1);
    t.like(seen.explanations[0], { body, via: 'wecom', author: { name: '李秀兰', role: 'judge' } });
    const sent = await db.ds.getRepository(Notification).findBy({ channel: 'wx-subscribe', target: r.openid });
    t.is(sent.length, 1);
    t.like(sent[0]!.payload, { template: 'dispute_reply', data: { replier: '李秀兰法官', content: body } });
  });
}, SERIAL);

eachDb('受理, 调解, 办结 and 失败 move the dispute and say what is next; a move out of turn is refused', async (t, db) => {
  await withWorld(db, async (w) => {
    const a = await w.resident('moves-a');
    const b = await w.resident('moves-b');
    const d = await w.file(a.token);
    const e = await w.file(b.token);
    const f = await w.file(a.token); // 艾建国's again
    const s = d.serial;

    await refusedWithoutWriting(t, db, w, AI, `办结 ${s} 双方达成协议`, '当前状态下您不能“调解成功”');
    await refusedWithoutWriting(t, db, w, AI, `调解 ${s}`, '当前状态下您不能“开始调解”');

    t.is(await w.say(AI, `受理 ${s}`), `${s} 已受理，当前状态：已受理。\n下一步：联系双方后发“调解 ${s}”。`);
    t.is(await w.status(d.id), 'accepted');
    await refusedWithoutWriting(t, db, w, AI, `受理 ${s}`, '当前状态下您不能“受理”');

    t.is(await w.say(AI, `调解 ${s} 约双方周五到村委会`), `${s} 已开始调解，当前状态：调解中。\n调解成功请发：调成 ${s} 结果；没调成请发：未调成 ${s} 原因。`);
    t.is(await w.status(d.id), 'mediating');

    const result = '双方达成协议，隔壁修排水沟';
    t.is(await w.say(AI, `办结 ${s} ${result}`), `${s} 已办结，当前状态：调解成功。\n双方可在调解协议达成后 30 日内共同申请司法确认：群众在小程序申请，对方当事人申请的，请发“对方申请 ${s}”。`);
    const done = await db.ds.getRepository(Dispute).findOneByOrFail({ id: d.id });
    t.is(done.status, 'resolved');
    t.truthy(done.closedAt);
    const moves = await db.ds.getRepository(DisputeEntry).find({ where: { disputeId: d.id, kind: 'move' }, order: { id: 'ASC' } });
    t.deepEqual(moves.map((m) => [m.body, m.via, (m.meta as any).to]), [
      ['您提交了这件事', 'miniprogram', 'submitted'], ['受理', 'wecom', 'accepted'],
      ['约双方周五到村委会', 'wecom', 'mediating'], [result, 'wecom', 'resolved'],
    ]);
    await refusedWithoutWriting(t, db, w, AI, `失败 ${s} 对方反悔`, '当前状态下您不能“调解不成”');

    // 失败 on another of his disputes; 刘桂兰 moves her own.
    t.regex((await w.say(AI, `受理 ${f.serial}`))!, /已受理/);
    t.regex((await w.say(AI, `调解 ${f.serial}`))!, /调解中/);
    t.is(await w.say(AI, `失败 ${f.serial} 对方拒绝调解`), `${f.serial} 已记为调解不成，当前状态：调解不成。\n群众会在小程序看到如何向法院起诉和法院的诉讼服务电话。`);
    t.is(await w.status(f.id), 'failed');
    t.regex((await w.say(LIU, `受理 ${e.serial}`))!, /已受理/);
    t.is(await w.status(e.id), 'accepted');
    // The plainer verbs the 调解 hint offers: 调成 is 办结, 未调成 is 失败.
    t.regex((await w.say(LIU, `调解 ${e.serial}`))!, /调成/);
    t.regex((await w.say(LIU, `未调成 ${e.serial} 对方不愿再谈`))!, /已记为调解不成，当前状态：调解不成。/);
    t.is(await w.status(e.id), 'failed');
  });
}, SERIAL);

eachDb('strangers get exactly the stranger reply, wrong roles a refusal, and nothing is written', async (t, db) => {
  await withWorld(db, async (w) => {
    const r = await w.resident('stranger', 2);
    const d = await w.file(r.token);
    // A resident who somehow has a WeCom id is still not staff.
    await db.ds.getRepository(User).update({ id: r.id }, { wecomUserId: 'resident-wecom' });
    // A mediator who has left.
    await db.ds.getRepository(User).update({ wecomUserId: LIU }, { active: false });
    for (const from of ['nobody', 'resident-wecom', LIU, '']) {
      for (const text of ['帮助', '待办', `查看 ${d.serial}`, `回复 ${d.serial} 你好`, `受理 ${d.serial}`, '']) {
        await refusedWithoutWriting(t, db, w, from, text, STRANGER_REPLY);
      }
    }
    const wrong = (cmd: string, role: string) => `“${cmd}”不是${role}可用的命令，发“帮助”查看您可以使用的命令。`;
    await refusedWithoutWriting(t, db, w, CADRE, `回复 ${d.serial} 你好`, wrong('回复', '机关干部'));
    await refusedWithoutWriting(t, db, w, CADRE, `受理 ${d.serial}`, wrong('受理', '机关干部'));
    await refusedWithoutWriting(t, db, w, AI, `说法 ${d.serial} 依据民法典`, wrong('说法', '调解员'));
    await refusedWithoutWriting(t, db, w, JUDGE, `回复 ${d.serial} 你好`, wrong('回复', '法官'));
    await refusedWithoutWriting(t, db, w, JUDGE, `受理 ${d.serial}`, wrong('受理', '法官'));
    t.is(await w.status(d.id), 'submitted');
  });
}, SERIAL);

eachDb('malformed commands get the nearest usage; empty messages get no answer', async (t, db) => {
  await withWorld(db, async (w) => {
    const r = await w.resident('malformed');
    const d = await w.file(r.token);
    const table = commandTable();
    const usage = (name: string) => `没看懂这条命令。您是不是想：${table.find((c) => c.name === name)!.usage}\n发“帮助”查看全部命令。`;
    await refusedWithoutWriting(t, db, w, AI, `回夏 ${d.serial} 已联系对方`, usage('回复'));
    await refusedWithoutWriting(t, db, w, AI, `回复 ${d.serial}`, usage('回复'));
    await refusedWithoutWriting(t, db, w, AI, '回复 已联系对方', usage('回复'));
    await refusedWithoutWriting(t, db, w, AI, `查看 ${d.serial} 一下`, usage('查看'));
    await refusedWithoutWriting(t, db, w, AI, `受理 ${d.serial}4`, usage('受理'));
    await refusedWithoutWriting(t, db, w, JUDGE, `说法 ${d.serial}`, usage('说法'));
    await refusedWithoutWriting(t, db, w, AI, '今天天气不错', '没看懂这条命令，发“帮助”查看您可以使用的命令。');
    await refusedWithoutWriting(t, db, w, AI, `回复 ${d.serial} ${'好'.repeat(4000)}`, '消息太长了，请分几次发送。');
    // The chat keeps the limits the API sets on the same texts.
    const tooLong = (max: number, n: number) => `内容不能超过 ${max} 个字（现有 ${n} 个），请精简后再发。`;
    await refusedWithoutWriting(t, db, w, AI, `回复 ${d.serial} ${'好'.repeat(2001)}`, tooLong(2000, 2001));
    await refusedWithoutWriting(t, db, w, JUDGE, `说法 ${d.serial} ${'法'.repeat(2001)}`, tooLong(2000, 2001));
    await refusedWithoutWriting(t, db, w, AI, `受理 ${d.serial} ${'注'.repeat(501)}`, tooLong(500, 501));
    await refusedWithoutWriting(t, db, w, AI, `回复 ${d.serial} 好\ud800的`, '内容包含无法识别的字符，请修改后重新发送。');
    // The same character rule as the API (server/domain/user-text.ts): no bidi override, no control character.
    await refusedWithoutWriting(t, db, w, AI, `回复 ${d.serial} 好\u202e的`, '内容不能包含控制字符或文字方向控制符，请修改后重新发送。');
    await refusedWithoutWriting(t, db, w, AI, `办结 ${d.serial} 调解\u0000成功`, '内容不能包含控制字符或文字方向控制符，请修改后重新发送。');
    const ai = await db.ds.getRepository(User).findOneByOrFail({ wecomUserId: AI });
    const token = await issueToken(w.h, ai.id);
    t.is((await w.h.request('POST', `/api/disputes/${d.id}/messages`, { token, body: { body: '好'.repeat(2001) } })).status, 400, 'as the API');
    t.regex((await w.say(AI, `回复 ${d.serial} ${'好'.repeat(2000)}`))!, /^已回复/);
    t.regex((await w.say(AI, `受理 ${d.serial} ${'注'.repeat(500)}`))!, /已受理/);

    for (const text of ['', '   ', '\u3000\n', '@机器人\u2005']) {
      const before = await snapshot(db);
      t.is(await w.say(AI, text), null, JSON.stringify(text));
      t.deepEqual(await snapshot(db), before);
    }
  });
}, SERIAL);

eachDb('a serial of another committee’s dispute, or of none, is "not found" and leaks nothing', async (t, db) => {
  await withWorld(db, async (w) => {
    const r = await w.resident('foreign');
    const medical = await w.file(r.token, { category: 'medical', description: '在诊所输液后过敏住院，诊所拒绝承担费用' });
    t.is(medical.mediator?.name, '高建平');
    const missing = 'JF-2026-009999';
    for (const serial of [medical.serial, missing]) {
      const notFound = `没有找到纠纷 ${serial}，或您无权查看`;
      for (const text of [`查看 ${serial}`, `回复 ${serial} 你好`, `受理 ${serial}`, `调解 ${serial}`, `办结 ${serial} 好`, `失败 ${serial} 不成`]) {
        await refusedWithoutWriting(t, db, w, AI, text, notFound);
      }
    }
    // Its own committee sees it.
    t.true((await w.say(GAO, `查看 ${medical.serial}`))!.includes('医疗纠纷'));
  });
}, SERIAL);
