import { Agency, Dispute } from '../../entities';
import { startFakeWechat } from '../fakes/wechat-api.fake';
import { startFakeWecom } from '../fakes/wecom-api.fake';
import { startHarness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';
import { NANSHI_AGENCIES, NANSHI_PEOPLE, ok, pick, residentToken, seedDistrict } from '../helpers/district.helper';
import { quietChannels, tickCleanly, wecomChannels, wxSubscribeChannel } from '../helpers/outbox.helper';

// 两说一联 end to end (issue 11, "Done when"): a resident files; the mediator
// asks the judges; the court's group is told; a judge explains and the
// resident hears it; the mediation succeeds; the resident applies for
// judicial confirmation, the mediator records the other party, and the
// court's group receives the joint application. Every message is read where
// its person reads it: the fake WeCom robot and the fake WeChat.

const COURT_KEY = 'court-robot-two-talks';
const T_STATUS = 'tmpl-two-talks-status';
const T_REPLY = 'tmpl-two-talks-reply';
const FORM = { category: 'neighbor', description: '隔壁院墙排水流进我家院子，墙根已经泡坏了', village: '南关社区', otherParty: '隔壁王某', phone: '13800002222', consent: true };

eachDb('file → the mediator asks a judge → the judge explains → resolved → joint application for confirmation reaches the court', async (t, db) => {
  const h = await startHarness(db);
  const wecom = await startFakeWecom({ clock: h.clock });
  const wechat = await startFakeWechat({ clock: h.clock });
  try {
    const { agencies, people } = await seedDistrict(h, {
      agencies: pick(NANSHI_AGENCIES, ['committee', 'court', 'centre', 'town']),
      people: pick(NANSHI_PEOPLE, ['mediator', 'judge', 'official'], { mediator: { wecomUserId: 'aijianguo' } }),
    });
    await db.ds.getRepository(Agency).update({ id: agencies.centre.id }, { parentId: agencies.court.id });
    await db.ds.getRepository(Agency).update({ id: agencies.court.id }, { wecomWebhookKey: COURT_KEY });
    wecom.registerWebhook(COURT_KEY);
    wecom.registerUsers('aijianguo');
    wechat.registerTemplate(T_STATUS);
    wechat.registerTemplate(T_REPLY);
    const resident = await residentToken(h, 'two-talks');
    wechat.grantSubscription('dev-two-talks', T_STATUS, 10);
    wechat.grantSubscription('dev-two-talks', T_REPLY, 5);
    await ok(h.request('POST', '/api/me/subscriptions', { token: resident, body: { accepted: [...Array(6).fill('dispute_status'), ...Array(3).fill('dispute_reply')] } }), 200);
    const channels = {
      ...wecomChannels(wecom, h.clock),
      'wx-subscribe': wxSubscribeChannel(wechat, h.clock, { dispute_status: T_STATUS, dispute_reply: T_REPLY }),
      ...quietChannels('console'),
    };
    const tick = () => tickCleanly(t, db, h.clock, channels);
    const courtCards = () => wecom.webhookMessages(COURT_KEY).map((m) => m.markdown?.content ?? '');
    const sentTo = (template: string) => wechat.subscribeMessages().filter((m) => m.template_id === template);

    // 群众说事: the resident files.
    const filed = await ok(h.request('POST', '/api/disputes', { token: resident, body: FORM }), 201);
    await db.ds.getRepository(Dispute).update({ id: filed.id }, { mediatorId: people.mediator.id });
    const path = `/api/disputes/${filed.id}`;
    const move = (action: string, note?: string) =>
      ok(h.request('POST', `${path}/transitions`, { token: people.mediator.token, body: { action, ...(note ? { note } : {}) } }), 200);
    await move('accept');
    await move('mediate');

    // 法官说法, asked: the mediator's question reaches the court's group.
    await ok(h.request('POST', `${path}/explanation-requests`, { token: people.mediator.token, body: { question: '排水沟修在谁家地界上，应当由谁承担费用？' } }), 201);
    await tick();
    const asked = courtCards();
    t.is(asked.length, 1);
    t.true(asked[0]!.includes('**请法官说法**') && asked[0]!.includes(filed.serial) && asked[0]!.includes(`说法 ${filed.serial}`), asked[0]);

    // The judge explains; the request closes and the resident is told.
    await ok(h.request('POST', `${path}/explanations`, { token: people.judge.token, body: { body: '依照民法典第二百九十六条，相邻一方因排水需要利用相邻土地的，应当尽量避免造成损害；造成损害的应当赔偿。' } }), 201);
    const staffView = await ok(h.request('GET', path, { token: people.mediator.token }), 200);
    t.true(staffView.explanationRequests.every((r: { answeredAt: string | null }) => r.answeredAt !== null), 'the question is answered');
    await tick();
    t.is(sentTo(T_REPLY).length, 1, 'the resident hears of the explanation');

    // 调解成功, then 司法确认 applied for by both parties.
    h.clock.advance(3600_000);
    await move('resolve', '双方达成协议，隔壁修排水沟');
    await ok(h.request('POST', `${path}/confirmation`, { token: resident }), 200);
    const both = await ok(h.request('POST', `${path}/confirmation/other-party`, { token: people.mediator.token }), 200);
    t.is(both.status, 'confirmation_requested');
    await tick();

    const cards = courtCards();
    t.is(cards.length, 2, 'the question, then the joint application');
    t.true(cards[1]!.includes('**司法确认申请**') && cards[1]!.includes(filed.serial), cards[1]);
    const seen = await ok(h.request('GET', path, { token: resident }), 200);
    t.is(seen.status, 'confirmation_requested');
    t.true(seen.timeline.some((e: { kind: string }) => e.kind === 'explanation'), 'the resident reads the explanation');
    t.true(seen.timeline.some((e: { kind: string; body: string }) => e.kind === 'move' && e.body.includes('司法确认')), 'and where the confirmation went');
    t.is(sentTo(T_STATUS).at(-1)?.data.phrase2.value, '待司法确认');
  } finally {
    await h.close();
    await wecom.close();
    await wechat.close();
  }
});
