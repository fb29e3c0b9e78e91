import { createConversation } from '../../bot/conversation';
import { Agency, Dispute, DisputeEntry, Notification } from '../../entities';
import { startFakeWechat, type FakeWechat } from '../fakes/wechat-api.fake';
import { startFakeWecom, type FakeWecom } from '../fakes/wecom-api.fake';
import { startHarness, type Harness } from '../helpers/app-harness';
import { eachDb, type TestDb } from '../helpers/databases';
import { NANSHI_AGENCIES, NANSHI_PEOPLE, ok, pick, residentToken, seedDistrict } from '../helpers/district.helper';
import { readMarkup } from '../helpers/markdown-checker';
import { quietChannels, tickCleanly, wecomChannels, wxSubscribeChannel } from '../helpers/outbox.helper';

// 撤回, 司法确认 and the way to court (issue 11): the resident withdraws and
// the mediator hears it; after an agreement the resident applies, the
// mediator records the other party, and the joint application reaches the
// court's group; the 30-day window is shown, reminded on day 20 and 27, and
// closed after; a failed mediation tells the resident the court's phone.

const COURT_KEY = 'court-robot-key-0001';
const T_STATUS = 'tmpl-dispute-status';
const FORM = { category: 'neighbor', description: '隔壁院墙排水流进我家院子，墙根已经泡坏了', village: '南关社区', otherParty: '隔壁王某', phone: '13800001111', consent: true };

async function world(t: { is(a: unknown, b: unknown, m?: string): void }, db: TestDb, h: Harness, code: string, form: typeof FORM = FORM) {
  const wecom = await startFakeWecom({ clock: h.clock });
  const wechat = await startFakeWechat({ clock: h.clock });
  const { agencies, people } = await seedDistrict(h, {
    agencies: pick(NANSHI_AGENCIES, ['committee', 'court', 'centre', 'town']),
    people: pick(NANSHI_PEOPLE, ['mediator', 'official'], { mediator: { wecomUserId: 'aijianguo' } }),
  });
  // The pre-litigation mediation centre belongs to the court: that court confirms.
  await db.ds.getRepository(Agency).update({ id: agencies.centre.id }, { parentId: agencies.court.id });
  await db.ds.getRepository(Agency).update({ id: agencies.court.id }, { wecomWebhookKey: COURT_KEY });
  wecom.registerWebhook(COURT_KEY);
  wecom.registerUsers('aijianguo');
  wechat.registerTemplate(T_STATUS);
  const resident = await residentToken(h, code);
  wechat.grantSubscription(`dev-${code}`, T_STATUS, 20);
  await ok(h.request('POST', '/api/me/subscriptions', { token: resident, body: { accepted: Array(8).fill('dispute_status') } }), 200);
  const channels = {
    ...wecomChannels(wecom, h.clock),
    'wx-subscribe': wxSubscribeChannel(wechat, h.clock, { dispute_status: T_STATUS }),
    ...quietChannels('console'),
  };
  const tick = () => tickCleanly(t, db, h.clock, channels);
  const filed = await ok(h.request('POST', '/api/disputes', { token: resident, body: form }), 201);
  await db.ds.getRepository(Dispute).update({ id: filed.id }, { mediatorId: people.mediator.id });
  const path = `/api/disputes/${filed.id}`;
  const move = (token: string, action: string, note?: string) => h.request('POST', `${path}/transitions`, { token, body: { action, ...(note ? { note } : {}) } });
  // Read as the resident (their latest session) unless another token is given.
  const detail = (token?: string): Promise<any> => ok(h.request('GET', path, { token: token ?? w.resident }), 200);
  const statusNotes = () => wechat.subscribeMessages().filter((m) => m.template_id === T_STATUS).map((m) => `${m.data.phrase2.value}｜${m.data.thing3.value}`);
  const appTexts = () => wecom.appMessages().filter((m) => m.touser === 'aijianguo').map((m) => m.text?.content ?? '');
  const w = {
    wecom, wechat, agencies, people, resident, filed, path, move, detail, tick, statusNotes, appTexts,
    // The clock moved past the resident's session (a day): they open the mini-program again.
    relogin: async () => {
      w.resident = await residentToken(h, code);
    },
    close: async () => {
      await wecom.close();
      await wechat.close();
    },
  };
  return w;
}

type World = Awaited<ReturnType<typeof world>>;

async function resolve(w: World, h: Harness) {
  for (const action of ['accept', 'mediate']) await ok(w.move(w.people.mediator.token, action), 200);
  h.clock.advance(3600_000);
  await ok(w.move(w.people.mediator.token, 'resolve', '双方达成协议，隔壁修排水沟'), 200);
}

const pendingReminders = (db: TestDb, id: number) =>
  db.ds.getRepository(Notification).find({ where: { subjectType: 'dispute-confirmation', subjectId: id, status: 'pending' }, order: { dueAt: 'ASC', id: 'ASC' } });

eachDb('resolved → the resident applies → the mediator records the other party → the court group gets the joint application; day 20/27 reminders', async (t, db) => {
  const h = await startHarness(db);
  const w = await world(t, db, h, 'confirm-path');
  try {
    await resolve(w, h);
    // Resolved on Thursday 26 November: 30 days end on Saturday 26 December, so Monday the 28th.
    let d = await w.detail();
    t.is(d.status, 'resolved');
    t.deepEqual(d.confirmation, {
      dueAt: '2026-12-28T15:59:59.999Z', residentAppliedAt: null, otherPartyAppliedAt: null, requested: false, windowPassed: false, canApply: true,
    });
    t.false((await w.detail(w.people.mediator.token)).confirmation.canApply, 'the button is the resident’s');
    // No one person takes the `confirm` move.
    const direct = await w.move(w.resident, 'confirm');
    t.is(direct.status, 409);
    t.deepEqual(direct.body.error.allowed, []);

    // Day 20 and day 27 at 09:00 Shanghai, to the resident and the mediator.
    const planned = await pendingReminders(db, w.filed.id);
    t.deepEqual(planned.map((n) => n.dueAt.toISOString()), ['2026-12-16T01:00:00.000Z', '2026-12-16T01:00:00.000Z', '2026-12-23T01:00:00.000Z', '2026-12-23T01:00:00.000Z']);
    await w.tick();
    t.deepEqual(w.statusNotes(), ['已受理｜已受理', '调解中｜调解中', '调解成功｜双方达成协议，隔壁修排水沟']);

    h.clock.set('2026-12-16T01:00:00.000Z');
    await w.relogin();
    await w.tick();
    t.is(w.statusNotes().at(-1), '调解成功｜请在2026年12月28日前申请司法确认');
    const day20 = w.appTexts().at(-1)!;
    t.true(day20.includes(`纠纷 ${w.filed.serial}`) && day20.includes('期限至2026年12月28日，还有 12 天') && day20.includes('尚待群众和对方当事人申请'), day20);

    // The resident applies: the mediator is asked to reach the other party; only the mediator is still reminded.
    h.clock.advance(3600_000);
    const applied = await ok(h.request('POST', `${w.path}/confirmation`, { token: w.resident }), 200);
    t.like(applied, { id: w.filed.id, status: 'resolved', confirmation: { residentAppliedAt: h.clock.now().toISOString(), canApply: false } });
    const twice = await h.request('POST', `${w.path}/confirmation`, { token: w.resident });
    t.is(twice.status, 409);
    t.is(twice.body.error.code, 'CONFIRMATION_APPLIED');
    t.deepEqual((await pendingReminders(db, w.filed.id)).map((n) => [n.dueAt.toISOString(), JSON.parse(n.target).kind]), [['2026-12-23T01:00:00.000Z', 'user']]);
    await w.tick();
    t.true(w.appTexts().at(-1)!.includes(`对方申请 ${w.filed.serial}`));

    h.clock.set('2026-12-23T01:00:00.000Z');
    await w.relogin();
    const notesBefore = w.statusNotes().length;
    await w.tick();
    t.is(w.statusNotes().length, notesBefore, 'the resident who applied is not reminded');
    const day27 = w.appTexts().at(-1)!;
    t.true(day27.includes('还有 5 天。') && day27.includes('尚待对方当事人申请'), day27);

    // The mediator records the other party: both have applied, the court's group gets the card.
    h.clock.advance(3600_000);
    const done = await ok(h.request('POST', `${w.path}/confirmation/other-party`, { token: w.people.mediator.token }), 200);
    t.is(done.status, 'confirmation_requested');
    await w.tick();
    const cards = w.wecom.webhookMessages(COURT_KEY).map((m) => m.markdown?.content ?? '');
    t.is(cards.length, 1);
    for (const part of ['**司法确认申请**', w.filed.serial, '调解组织：南市街道人民调解委员会', '调解员：艾建国', '调解协议达成：2026年11月26日', '至2026年12月28日', '（申请人）']) {
      t.true(cards[0]!.includes(part), `card shows ${part}:\n${cards[0]}`);
    }
    t.false(cards[0]!.includes('隔壁王某'), 'the other party is masked in the group');
    t.is(w.statusNotes().at(-1), '待司法确认｜双方已申请，法院将联系您');
    d = await w.detail();
    t.like(d, { status: 'confirmation_requested', statusLabel: '已申请司法确认', allowedActions: [] });
    t.like(d.confirmation, { requested: true, canApply: false });
    t.deepEqual(d.timeline.slice(-3).map((e: any) => [e.kind, e.body]), [
      ['confirmation', '申请人申请司法确认'],
      ['confirmation', '调解员记录：对方当事人申请司法确认'],
      ['move', '双方已共同申请司法确认，申请已送交宝塔区人民法院'],
    ]);
    t.is((await pendingReminders(db, w.filed.id)).length, 0);
    const late = await h.request('POST', `${w.path}/confirmation`, { token: w.resident });
    t.is(late.body.error.code, 'CONFIRMATION_REQUESTED');
  } finally {
    await h.close();
    await w.close();
  }
});

eachDb('past the 30 days, before an agreement, or by the wrong person: refused in Chinese, nothing written', async (t, db) => {
  const h = await startHarness(db);
  const w = await world(t, db, h, 'confirm-late');
  try {
    const counts = async () => [
      await db.ds.getRepository(Notification).count(), await db.ds.getRepository(DisputeEntry).count(), JSON.stringify(await db.ds.getRepository(Dispute).findOneByOrFail({ id: w.filed.id })),
    ];
    const apply = (token: string, other = false) => h.request('POST', `${w.path}/confirmation${other ? '/other-party' : ''}`, { token });

    let before = await counts();
    const early = await apply(w.resident);
    t.is(early.status, 409);
    t.is(early.body.error.code, 'CONFIRMATION_NOT_OPEN');
    t.is(early.body.error.message, '只有调解成功、达成调解协议的纠纷才能申请司法确认');
    t.deepEqual(await counts(), before);

    await resolve(w, h);
    t.is((await apply(w.people.official.token)).status, 403, 'an official only reads');
    t.is((await apply(w.resident, true)).status, 403, 'the resident does not speak for the other party');
    t.is((await apply(w.people.mediator.token)).status, 403, 'nor the mediator for the resident');

    // The last moment of the window still counts; a millisecond later it has passed.
    h.clock.set('2026-12-28T16:00:00.000Z');
    await w.relogin();
    before = await counts();
    for (const [token, other] of [[w.resident, false], [w.people.mediator.token, true]] as const) {
      const r = await apply(token, other);
      t.is(r.status, 409);
      t.is(r.body.error.code, 'CONFIRMATION_WINDOW_PASSED');
      t.is(r.body.error.message, '申请司法确认须在调解协议达成后30日内提出，期限（至2026年12月28日）已过，不能再申请。如有需要，可以依法向法院起诉。');
    }
    t.deepEqual(await counts(), before);
    t.like((await w.detail()).confirmation, { windowPassed: true, canApply: false });
  } finally {
    await h.close();
    await w.close();
  }
});

eachDb('a failed mediation tells the resident how to go to court, with the court’s phone; a withdrawal tells the mediator', async (t, db) => {
  const h = await startHarness(db, { court: { servicePhone: '0911-2345678' } });
  const w = await world(t, db, h, 'confirm-failed');
  try {
    for (const action of ['accept', 'mediate']) await ok(w.move(w.people.mediator.token, action), 200);
    await ok(w.move(w.people.mediator.token, 'fail', '对方拒绝调解'), 200);
    await w.tick();
    t.is(w.statusNotes().at(-1), '调解不成｜可依法起诉，电话0911-2345678');
    const d = await w.detail();
    t.is(d.courtGuidance.phone, '0911-2345678');
    t.is(d.courtGuidance.text, '调解没成，可以依法向法院起诉。起诉请带上身份证和相关证据，到宝塔区人民法院诉讼服务中心，或在“陕西移动微法院”网上立案。咨询电话：0911-2345678');
    t.is(d.confirmation, null);
    t.is((await w.move(w.resident, 'withdraw')).status, 409, 'an ended dispute is not withdrawn');

    // Another dispute, withdrawn by the resident while being mediated: the mediator hears it.
    const other = await ok(h.request('POST', '/api/disputes', { token: w.resident, body: FORM }), 201);
    await db.ds.getRepository(Dispute).update({ id: other.id }, { mediatorId: w.people.mediator.id });
    t.deepEqual((await ok(h.request('GET', `/api/disputes/${other.id}`, { token: w.resident }), 200)).allowedActions, ['withdraw']);
    const moved = await ok(h.request('POST', `/api/disputes/${other.id}/transitions`, { token: w.resident, body: { action: 'withdraw', note: '已和邻居说好了' } }), 200);
    t.is(moved.status, 'withdrawn');
    await w.tick();
    t.is(w.appTexts().at(-1), `群众已撤回纠纷 ${other.serial}（南关社区），无需再办理。说明：已和邻居说好了`);
  } finally {
    await h.close();
    await w.close();
  }
});

eachDb('the bot: 对方申请 JF-… records the other party; with the resident’s application it goes to the court', async (t, db) => {
  const h = await startHarness(db);
  // What the resident typed as the other party reaches the court's card as text only.
  const w = await world(t, db, h, 'confirm-bot', { ...FORM, otherParty: '**王**<@all>[点我](http://x.cn)' });
  try {
    const bot = createConversation({ services: h.services, now: () => h.clock.now() });
    const say = (text: string) => bot.handle({ from: 'aijianguo', text, via: 'wecom' });
    t.regex((await say(`对方申请 ${w.filed.serial}`))!, /只有调解成功、达成调解协议的纠纷才能申请司法确认/);
    await resolve(w, h);
    t.is(await say(`对方申请 ${w.filed.serial}`), '已记录对方当事人申请司法确认。还需群众在小程序申请（期限至2026年12月28日），双方都申请后送交法院。');
    t.regex((await say(`对方申请 ${w.filed.serial}`))!, /已记录对方当事人申请司法确认/);
    // The mediator's reminders now name only the resident as missing.
    h.clock.set('2026-12-23T01:00:00.000Z');
    await w.relogin();
    await w.tick();
    t.true(w.appTexts().at(-1)!.includes('尚待群众申请。'), w.appTexts().at(-1));
    await ok(h.request('POST', `${w.path}/confirmation`, { token: w.resident }), 200);
    t.is((await w.detail()).status, 'confirmation_requested');
    await w.tick();
    const cards = w.wecom.webhookMessages(COURT_KEY).map((m) => m.markdown?.content ?? '');
    t.is(cards.length, 1);
    const markup = readMarkup(cards[0]!);
    t.deepEqual([markup.links, markup.mentions, markup.headings], [[], [], []]);
    t.deepEqual(markup.inline, ['**', '**', '<font color="warning">', '</font>']);
  } finally {
    await h.close();
    await w.close();
  }
});
