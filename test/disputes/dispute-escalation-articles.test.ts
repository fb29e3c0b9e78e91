import { Agency, Notification } from '../../entities';
import { startHarness, type Harness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';
import { NANSHI_AGENCIES, NANSHI_PEOPLE, ok, pick, seedDistrict } from '../helpers/district.helper';
import { quietChannels, tickOutbox, wecomChannels } from '../helpers/outbox.helper';
import { startFakeWecom } from '../fakes/wecom-api.fake';

// 会商会办 (escalating a dispute to several agencies), 法官说法 articles, and
// the resident's subscribe-message credits.

const FORM = { category: 'neighbor', description: '小区围墙倒塌压坏车辆，涉及住建、街道和物业多方', village: '南关社区', phone: '13800001111', consent: true };

async function district(h: Harness) {
  const { agencies, people, residents } = await seedDistrict(h, {
    // With a group robot (housing); with none but a head on WeCom (town); with neither (market).
    agencies: pick(NANSHI_AGENCIES, ['committee', 'laborCommittee', 'court', 'housing', 'town', 'market'], {
      housing: { wecomWebhookKey: 'housing-robot-key' },
    }),
    people: pick(NANSHI_PEOPLE, ['townHead', 'mediator', 'laborMediator', 'judge', 'official'], { mediator: { wecomUserId: 'aijianguo' } }),
    residents: { resident: 'escalating-resident' },
  });
  return { ...agencies, ...people, head: people.townHead, otherMediator: people.laborMediator, resident: residents.resident.token };
}

eachDb('escalation names agencies, tells each, shows in the timeline; only the committee or an admin, only while open', async (t, db) => {
  const h = await startHarness(db);
  const wecom = await startFakeWecom({ clock: h.clock });
  try {
    const w = await district(h);
    await db.ds.getRepository(Agency).update({ id: w.town.id }, { headUserId: w.head.id });
    wecom.registerWebhook('housing-robot-key');
    wecom.registerUsers('tianyaqin', 'aijianguo');
    const filed = await ok(h.request('POST', '/api/disputes', { token: w.resident, body: FORM }), 201);
    const escalate = (token: string, body: unknown, id = filed.id) => h.request('POST', `/api/disputes/${id}/escalations`, { token, body });
    const agencyIds = [w.housing.id, w.town.id, w.market.id];

    // Refusals first: they leave no trace.
    const refusals: Array<[string, string, unknown, number, string]> = [
      ['a resident', w.resident, { agencyIds }, 403, 'FORBIDDEN'],
      ['an official of the village', w.official.token, { agencyIds }, 403, 'FORBIDDEN'],
      ['a judge', w.judge.token, { agencyIds }, 403, 'FORBIDDEN'],
      ["another committee's mediator", w.otherMediator.token, { agencyIds }, 404, 'NOT_FOUND'],
      ['an unknown agency id', w.mediator.token, { agencyIds: [w.housing.id, 999999] }, 422, 'AGENCY_NOT_FOUND'],
      ['no agencies', w.mediator.token, { agencyIds: [] }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [who, token, body, status, code] of refusals) {
      const r = await escalate(token, body);
      t.is(r.status, status, `${who}: ${r.text}`);
      t.is(r.body.error.code, code, who);
    }
    t.is((await escalate(w.mediator.token, { agencyIds }, 999999)).status, 404);
    const timeline = async () => (await ok(h.request('GET', `/api/disputes/${filed.id}`, { token: w.resident }), 200)).timeline;
    t.false((await timeline()).some((e: any) => e.kind === 'escalation'));

    // The committee's mediator escalates to three agencies.
    h.clock.advance(60_000);
    const made = await ok(escalate(w.mediator.token, { agencyIds, note: '请住建、街道、市场监管共同会商' }), 201);
    t.is(made.kind, 'escalation');
    t.deepEqual(made.agencies.map((a: any) => a.id).sort(), [...agencyIds].sort());
    const tick = await tickOutbox(db, h.clock, { ...wecomChannels(wecom, h.clock), ...quietChannels('console') });
    t.is(tick.failed + tick.retrying, 0);
    const group = wecom.webhookMessages('housing-robot-key');
    t.is(group.length, 1, 'the agency with a robot: its group');
    t.regex(group[0]!.markdown.content, new RegExp(`会商会办.*${filed.serial}`));
    for (const name of ['宝塔区住房和城乡建设局', '南市街道办事处', '宝塔区市场监督管理局', '请住建、街道、市场监管共同会商']) t.true(group[0]!.markdown.content.includes(name), name);
    const toHead = wecom.appMessages().filter((m) => m.touser === 'tianyaqin');
    t.is(toHead.length, 1, 'the agency without a robot: its head by app message');
    t.true(toHead[0]!.markdown.content.includes(filed.serial));
    const rows = await db.ds.getRepository(Notification).find();
    const escalations = rows.filter((r) => r.dedupeKey.includes(':escalation:'));
    t.deepEqual(escalations.map((r) => r.channel).sort(), ['console', 'wecom-app', 'wecom-webhook'], 'one message per agency; the third, with neither, to the console');

    // An admin escalates too; the timeline shows both, with their authors.
    await ok(escalate(h.adminToken, { agencyIds: [w.market.id] }), 201);
    const entries = (await timeline()).filter((e: any) => e.kind === 'escalation');
    t.is(entries.length, 2);
    t.is(entries[0].body, '请住建、街道、市场监管共同会商');
    t.is(entries[0].author.name, '艾建国');
    t.deepEqual(entries[0].meta.agencies, made.agencies.map((a: any) => a.name));
    t.regex(entries[1].body, /宝塔区市场监督管理局/);

    // A closed dispute is not escalated.
    await ok(h.request('POST', `/api/disputes/${filed.id}/transitions`, { token: w.resident, body: { action: 'withdraw' } }), 200);
    const late = await escalate(w.mediator.token, { agencyIds: [w.housing.id] });
    t.is(late.status, 409);
    t.is(late.body.error.code, 'DISPUTE_CLOSED');
  } finally {
    await h.close();
    await wecom.close();
  }
});

eachDb('articles: judges publish, anyone reads, newest first by category, keyword search takes % and _ literally', async (t, db) => {
  const h = await startHarness(db);
  try {
    const w = await district(h);
    const body = (s: string) => `${s}。法官提示：遇到此类纠纷，先协商，协商不成可以申请人民调解或者向法院起诉。`;
    const draft = { category: 'lending', title: '借款利息能约定多少？', body: body('年利率超过LPR四倍的部分不受保护') };
    for (const [who, token, status] of [['anonymous', null, 401], ['resident', w.resident, 403], ['mediator', w.mediator.token, 403], ['official', w.official.token, 403], ['admin', h.adminToken, 403]] as const) {
      t.is((await h.request('POST', '/api/articles', { token, body: draft })).status, status, who);
    }
    const publish = async (category: string, title: string, text: string) => {
      h.clock.advance(60_000);
      const a = await ok(h.request('POST', '/api/articles', { token: w.judge.token, body: { category, title, body: body(text) } }), 201);
      t.like(a, { category, title, judge: { id: w.judge.id, name: '李秀兰' }, publishedAt: h.clock.now().toISOString() });
      return a.id as number;
    };
    const percent = await publish('lending', '利息约定100%合法吗？', '借条上写明的利息不一定都受法律保护');
    const underscore = await publish('lending', '电子借条怎样保存', '聊天记录截图文件名如 loan_2026 要保留原件');
    const plain = await publish('lending', '口头借款如何举证', '转账记录、证人证言都可以作为证据');
    const neighbour = await publish('neighbor', '邻居漏水怎么办', '先找物业查明漏水原因，再协商赔偿，照片存在 D:\\证据 文件夹');
    t.is((await h.request('POST', '/api/articles', { token: w.judge.token, body: { ...draft, body: '太短' } })).status, 400);

    const list = async (q: string) => (await ok(h.request('GET', `/api/articles?${q}`), 200)).items.map((a: any) => a.id);
    t.deepEqual(await list('category=lending'), [plain, underscore, percent]);
    t.deepEqual(await list('category=neighbor'), [neighbour]);
    t.deepEqual(await list(''), [neighbour, plain, underscore, percent]);
    const search: Array<[string, number[]]> = [
      ['%', [percent]],
      ['_', [underscore]],
      ['100%', [percent]],
      ['loan_2026', [underscore]],
      ['loan%2026', []],
      ['l_an', []],
      ['借条', [underscore, percent]], // title of one, body of the other
      ['漏水', [neighbour]],
      ['!', []],
      ['\\', [neighbour]],
      ['D:\\证据', [neighbour]],
      ['没有这样的词', []],
    ];
    for (const [q, expected] of search) t.deepEqual(await list(`q=${encodeURIComponent(q)}`), expected, `q=${q}`);
    t.deepEqual(await list(`category=neighbor&q=${encodeURIComponent('借条')}`), []);

    const one = await ok(h.request('GET', `/api/articles/${percent}`), 200);
    t.like(one, { id: percent, title: '利息约定100%合法吗？', category: 'lending' });
    t.true(one.body.includes('借条上写明的利息'));
    const missing = await h.request('GET', '/api/articles/999999');
    t.is(missing.status, 404);
    t.is(missing.body.error.code, 'NOT_FOUND');
    t.is((await h.request('GET', '/api/articles/abc')).status, 400);
  } finally {
    await h.close();
  }
});

eachDb('POST /api/me/subscriptions counts credits per template and refuses unknown templates', async (t, db) => {
  const h = await startHarness(db);
  try {
    const w = await district(h);
    const grant = (accepted: unknown, token: string | null = w.resident) => h.request('POST', '/api/me/subscriptions', { token, body: { accepted } });
    t.deepEqual((await ok(grant([]), 200)).credits, { hearing_reminder: 0, dispute_reply: 0, dispute_status: 0 });
    t.deepEqual((await ok(grant(['dispute_reply', 'dispute_reply', 'dispute_status']), 200)).credits, { hearing_reminder: 0, dispute_reply: 2, dispute_status: 1 });
    t.deepEqual((await ok(grant(['dispute_reply', 'hearing_reminder']), 200)).credits, { hearing_reminder: 1, dispute_reply: 3, dispute_status: 1 });
    for (const bad of [['dispute_reply', 'no_such_template'], ['DISPUTE_REPLY'], 'dispute_reply', [1]]) {
      const r = await grant(bad);
      t.is(r.status, 400, JSON.stringify(bad));
      t.is(r.body.error.code, 'VALIDATION_FAILED');
      t.true(r.body.error.message.startsWith('已同意的订阅消息：'), r.body.error.message);
    }
    t.deepEqual((await ok(h.request('GET', '/api/me/subscriptions', { token: w.resident }), 200)).credits, { hearing_reminder: 1, dispute_reply: 3, dispute_status: 1 }, 'a refused grant adds nothing');
    t.is((await grant(['dispute_reply'], w.mediator.token)).status, 403);
    t.is((await grant(['dispute_reply'], null)).status, 401);
  } finally {
    await h.close();
  }
});
