import { startHarness, type Harness } from '../helpers/app-harness';
import { eachDb, type TestDb } from '../helpers/databases';
import { BAOTA_AGENCIES, BAOTA_PEOPLE, ok, pick, residentToken, seedDistrict } from '../helpers/district.helper';
import { countRows, DISPUTE_TABLES } from '../helpers/row-counts.helper';
import { runRoleMatrix, type MatrixRow } from '../helpers/role-matrix.helper';

// Who may do what with disputes: ten people against every dispute route, each
// cell an exact status. A refused cell leaves every table as it was; an
// allowed cell is checked for doing what it says. Lists hold only what each
// person may see, and personal data shows whole only to those who need it.

const ACTORS = [
  'anonymous', 'resident', 'otherResident', 'mediator', 'peerMediator', 'foreignMediator',
  'judge', 'official', 'foreignOfficial', 'admin',
] as const;
type Actor = (typeof ACTORS)[number];

// Each dispute of the world: who filed it and where, so the test can say who should see it.
interface Filed { id: number; by: 'resident' | 'otherResident' | 'third'; village: string; committee: 'A' | 'B' }
interface World {
  h: Harness;
  tokens: Record<Actor, string | null>;
  d1: number; // the resident's, in 东关村, assigned to `mediator`
  // One dispute per actor whose move the transition row tries.
  moves: Partial<Record<Actor, { id: number; action: string; to: string }>>;
  disputes: Filed[];
  agencies: number[];
  articleId: number;
}

const NAMES = { resident: '张三丰', otherResident: '李四', third: '王小明' } as const;
const PHONES = { resident: '13812345678', otherResident: '13987654321', third: '13700001111' } as const;
const DESCRIPTION = '邻居家装修噪音持续到深夜，多次协商无果，希望调解。';

const RESIDENTS: Actor[] = ['resident', 'otherResident'];
const STAFF: Actor[] = ['mediator', 'peerMediator', 'foreignMediator', 'judge', 'official', 'foreignOfficial', 'admin'];
const SIGNED_IN: Actor[] = [...RESIDENTS, ...STAFF];
// Allowed → ok; outside the record's scope → 404; any other signed-in person → 403.
const cell = (allowed: Actor[], ok: number, outOfScope: Actor[] = []) => (me: Actor) =>
  me === 'anonymous' ? 401 : allowed.includes(me) ? ok : outOfScope.includes(me) ? 404 : 403;
const ALL = () => 200;

// Who sees a dispute, as the issue states it.
function sees(me: Actor, d: Filed): boolean {
  switch (me) {
    case 'judge': case 'admin': return true;
    case 'resident': case 'otherResident': return d.by === me;
    case 'mediator': case 'peerMediator': return d.committee === 'A';
    case 'foreignMediator': return d.committee === 'B';
    case 'official': return d.village === '东关村';
    case 'foreignOfficial': return d.village === '西村';
    case 'anonymous': return false;
  }
}

const d1 = (w: World, suffix = '') => `/api/disputes/${w.d1}${suffix}`;
const MATRIX: Array<MatrixRow<World, Actor>> = [
  { route: 'GET /api/dispute-categories', call: () => ({ method: 'GET', path: '/api/dispute-categories' }), expect: ALL,
    verify: (t, r) => {
      t.is(r.body.items.length, 13);
      t.like(r.body.items.find((c: { id: string }) => c.id === 'petition'), { label: '对法院案子有意见（涉诉信访）' });
    } },
  { route: 'GET /api/disputes', call: () => ({ method: 'GET', path: '/api/disputes?pageSize=100' }), expect: cell(SIGNED_IN, 200),
    verify: (t, r, w, me) => {
      const expected = w.disputes.filter((d) => sees(me, d)).map((d) => d.id).sort((a, b) => b - a);
      t.deepEqual(r.body.items.map((i: { id: number }) => i.id), expected, `${me} sees exactly these`);
      t.is(r.body.total, expected.length);
      // Lists never carry a phone, and name the resident masked.
      for (const phone of Object.values(PHONES)) t.false(r.text.includes(phone), `${me}: phone in list`);
      for (const name of Object.values(NAMES)) t.false(r.text.includes(name), `${me}: whole name in list`);
      for (const item of r.body.items) t.regex(item.resident, /^[张李王]\*+$/);
    } },
  { route: 'GET /api/disputes/:id', call: (w) => ({ method: 'GET', path: d1(w) }),
    expect: cell(['resident', 'mediator', 'peerMediator', 'judge', 'official', 'admin'], 200, ['otherResident', 'foreignMediator', 'foreignOfficial']),
    verify: (t, r, w, me) => {
      t.is(r.body.id, w.d1);
      t.is(r.body.description, DESCRIPTION);
      const whole = me === 'resident' || me === 'mediator';
      t.is(r.body.contactPhone, whole ? PHONES.resident : '138****5678', `${me}: contact phone`);
      t.is(r.body.resident.name, whole ? NAMES.resident : '张**', `${me}: resident name`);
      if (!whole) t.false(r.text.includes(PHONES.resident));
    } },
  { route: 'GET /api/disputes/:missing', call: () => ({ method: 'GET', path: '/api/disputes/999999' }), expect: cell([], 0, SIGNED_IN) },
  { route: 'POST /api/disputes/:id/messages', call: (w, me, n) => ({ method: 'POST', path: d1(w, '/messages'), body: { body: `${me} 留言 ${n}` } }),
    expect: cell(['resident', 'mediator'], 201, ['otherResident', 'foreignMediator']),
    verify: (t, r, _w, me) => t.like(r.body, { kind: 'message', body: `${me} 留言 ${r.body.body.split(' ').pop()}` }) },
  { route: 'POST /api/disputes/:id/explanations', call: (w, _me, n) => ({ method: 'POST', path: d1(w, '/explanations'), body: { body: `根据民法典第二百八十八条，相邻关系应当互相便利 ${n}` } }),
    expect: cell(['judge'], 201), verify: (t, r) => t.is(r.body.kind, 'explanation') },
  { route: 'POST /api/disputes/:id/transitions',
    call: (w, me) => {
      const m = w.moves[me];
      return { method: 'POST', path: `/api/disputes/${m?.id ?? w.d1}/transitions`, body: { action: m?.action ?? 'accept', note: `${me} 办理` } };
    },
    expect: cell(['resident', 'mediator', 'peerMediator', 'judge', 'admin'], 200, ['otherResident', 'foreignMediator']),
    verify: (t, r, w, me) => t.like(r.body, { id: w.moves[me]!.id, status: w.moves[me]!.to }) },
  { route: 'POST /api/disputes/:id/escalations', call: (w, me) => ({ method: 'POST', path: d1(w, '/escalations'), body: { agencyIds: w.agencies, note: `${me} 提请会商` } }),
    expect: cell(['mediator', 'peerMediator', 'admin'], 201, ['foreignMediator']),
    verify: (t, r, w) => t.deepEqual(r.body.agencies.map((a: { id: number }) => a.id), w.agencies) },
  // Filing last: it adds to the lists the rows above check.
  { route: 'POST /api/disputes', call: (_w, me) => ({ method: 'POST', path: '/api/disputes', body: { category: 'neighbor', description: `${me} 反映：楼上漏水多次，物业不管。`, village: '东关村', phone: '13800000000', consent: true } }),
    expect: cell(RESIDENTS, 201), verify: (t, r) => {
      t.regex(r.body.serial, /^JF-2026-\d{6}$/);
      t.is(r.body.status, 'submitted');
      t.truthy(r.body.committee.id);
    } },
  { route: 'GET /api/articles', call: () => ({ method: 'GET', path: '/api/articles?category=neighbor' }), expect: ALL,
    verify: (t, r, w) => t.true(r.body.items.some((a: { id: number }) => a.id === w.articleId)) },
  { route: 'GET /api/articles/:id', call: (w) => ({ method: 'GET', path: `/api/articles/${w.articleId}` }), expect: ALL,
    verify: (t, r, w) => t.like(r.body, { id: w.articleId, category: 'neighbor' }) },
  { route: 'GET /api/articles/:missing', call: () => ({ method: 'GET', path: '/api/articles/999999' }), expect: () => 404 },
  { route: 'POST /api/articles', call: (_w, me, n) => ({ method: 'POST', path: '/api/articles', body: { category: 'neighbor', title: `相邻关系 ${n}`, body: `${me}：相邻各方应当按照有利生产、方便生活、团结互助、公平合理的原则处理相邻关系。` } }),
    expect: cell(['judge'], 201), verify: (t, r) => t.truthy(r.body.judge?.id) },
  { route: 'POST /api/me/subscriptions', call: () => ({ method: 'POST', path: '/api/me/subscriptions', body: { accepted: ['dispute_reply', 'dispute_reply', 'dispute_status'] } }),
    expect: cell(RESIDENTS, 200), verify: (t, r) => t.like(r.body.credits, { dispute_reply: 2, dispute_status: 1, hearing_reminder: 0 }) },
  { route: 'GET /api/me/subscriptions', call: () => ({ method: 'GET', path: '/api/me/subscriptions' }),
    expect: cell(RESIDENTS, 200), verify: (t, r) => t.is(r.body.credits.dispute_reply, 2) },
];

const counts = (db: TestDb) => countRows(db, DISPUTE_TABLES);

// Two committees serving two villages, their mediators, a judge, two linked
// cadres and three residents, all made through the admin API.
async function world(db: TestDb): Promise<World> {
  const h = await startHarness(db);
  const committee = (name: string, village: string) => ({ name, kind: 'mediation_committee', categories: ['neighbor'], villages: [village] });
  const { agencies: { committeeA, court, justice: gov }, people } = await seedDistrict(h, {
    agencies: { committeeA: committee('东关街道人民调解委员会', '东关村'), committeeB: committee('西村人民调解委员会', '西村'), ...pick(BAOTA_AGENCIES, ['court', 'justice']) },
    people: {
      mediator: { name: '王调解', role: 'mediator', agency: 'committeeA' },
      peer: { name: '周调解', role: 'mediator', agency: 'committeeA' },
      foreign: { name: '吴调解', role: 'mediator', agency: 'committeeB' },
      judge: { name: '赵法官', role: 'judge', agency: 'court' },
      official: { name: '钱干部', role: 'official', agency: 'justice', villages: ['东关村'] },
      foreignOfficial: { name: '孙干部', role: 'official', agency: 'justice', villages: ['西村'] },
      resident: { name: NAMES.resident, role: 'resident', agency: null },
      otherResident: { name: NAMES.otherResident, role: 'resident', agency: null },
      third: { name: NAMES.third, role: 'resident', agency: null },
    },
  });
  const { mediator, peer, foreign, judge, official, foreignOfficial, ...residents } = people;
  const disputes: Filed[] = [];
  const file = async (by: Filed['by'], village: string) => {
    const body = { category: 'neighbor', description: DESCRIPTION, village, phone: PHONES[by], consent: true };
    const d = await ok(h.request('POST', '/api/disputes', { token: residents[by].token, body }), 201);
    disputes.push({ id: d.id, by, village, committee: d.committee.id === committeeA.id ? 'A' : 'B' });
    return d;
  };
  const first = await file('resident', '东关村');
  if (first.mediator?.id !== mediator.id || first.committee.id !== committeeA.id) throw new Error(`setup: routed to ${JSON.stringify(first)}`);
  await file('otherResident', '西村');
  await file('resident', '西村');
  const move = async (by: Filed['by'], action: string, to: string) => ({ id: (await file(by, '东关村')).id as number, action, to });
  const moves: World['moves'] = {
    resident: await move('resident', 'withdraw', 'withdrawn'),
    mediator: await move('third', 'accept', 'accepted'),
    peerMediator: await move('third', 'accept', 'accepted'),
    judge: await move('third', 'refer', 'litigation'),
    admin: await move('third', 'accept', 'accepted'),
  };
  for (const action of ['accept', 'mediate', 'fail']) {
    await ok(h.request('POST', `/api/disputes/${moves.judge!.id}/transitions`, { token: h.adminToken, body: { action } }), 200);
  }
  const article = await ok(h.request('POST', '/api/articles', { token: judge.token, body: { category: 'neighbor', title: '装修噪音怎么办', body: '装修应当遵守作息时间，夜间施工影响邻居休息的，邻居可以请求停止侵害。' } }), 201);
  return {
    h, d1: first.id, moves, disputes, agencies: [court.id, gov.id], articleId: article.id,
    tokens: {
      anonymous: null, resident: residents.resident.token, otherResident: residents.otherResident.token,
      mediator: mediator.token, peerMediator: peer.token, foreignMediator: foreign.token, judge: judge.token,
      official: official.token, foreignOfficial: foreignOfficial.token, admin: h.adminToken,
    },
  };
}

eachDb('dispute role × route: every cell answers its exact status; refusals change nothing', (t, db) => runRoleMatrix(t, db, world, MATRIX, ACTORS, counts));

eachDb('moves out of turn are 409 with the allowed moves; the timeline shows what each may see', async (t, db) => {
  const w = await world(db);
  const { h } = w;
  try {
    const tryMove = async (me: Actor, action: string, allowed: string[]) => {
      const before = await counts(db);
      const r = await h.request('POST', d1(w, '/transitions'), { token: w.tokens[me], body: { action } });
      t.is(r.status, 409, `${me} ${action}: ${r.text}`);
      t.is(r.body.error.code, 'TRANSITION_NOT_ALLOWED');
      t.deepEqual(r.body.error.allowed, allowed, `${me} ${action}`);
      t.regex(r.body.error.message, /[\u4e00-\u9fff]/);
      t.deepEqual(await counts(db), before);
    };
    await tryMove('resident', 'accept', ['withdraw']);
    await tryMove('mediator', 'resolve', ['accept']);
    await tryMove('peerMediator', 'confirm', ['accept']);
    await tryMove('judge', 'accept', []);
    await tryMove('admin', 'refer', ['accept', 'withdraw']);

    // Filtered lists stay inside each person's scope.
    const list = async (me: Actor, query: string) =>
      (await h.request('GET', `/api/disputes?${query}`, { token: w.tokens[me] })).body.items.map((i: { id: number }) => i.id).sort();
    const west = w.disputes.filter((d) => d.village === '西村').map((d) => d.id).sort();
    t.deepEqual(await list('official', 'village=%E8%A5%BF%E6%9D%91'), []);
    t.deepEqual(await list('foreignOfficial', 'village=%E8%A5%BF%E6%9D%91'), west);
    t.deepEqual(await list('mediator', 'status=failed'), [w.moves.judge!.id]);
    t.deepEqual(await list('foreignMediator', 'status=failed'), []);
    t.deepEqual(await list('otherResident', 'status=submitted'), w.disputes.filter((d) => d.by === 'otherResident').map((d) => d.id));

    // The timeline, read by the resident and by the judge: the same entries,
    // the resident's name whole only for the resident.
    await ok(h.request('POST', d1(w, '/messages'), { token: w.tokens.mediator, body: { body: '您好，我是调解员，明天上午上门了解情况。' } }), 201);
    await ok(h.request('POST', d1(w, '/messages'), { token: w.tokens.resident, body: { body: '好的，谢谢。' } }), 201);
    await ok(h.request('POST', d1(w, '/explanations'), { token: w.tokens.judge, body: { body: '相邻关系应当互相便利、公平合理。' } }), 201);
    const mine = await ok(h.request('GET', d1(w), { token: w.tokens.resident }), 200);
    const judged = await ok(h.request('GET', d1(w), { token: w.tokens.judge }), 200);
    t.deepEqual(mine.timeline.map((e: { kind: string }) => e.kind), ['move', 'message', 'message', 'explanation']);
    t.deepEqual(judged.timeline.map((e: { body: string }) => e.body), mine.timeline.map((e: { body: string }) => e.body));
    t.is(mine.timeline[2].author.name, NAMES.resident);
    t.is(judged.timeline[2].author.name, '张**');
    t.deepEqual(mine.explanations.map((e: { author: { role: string } }) => e.author.role), ['judge']);
    t.deepEqual(mine.allowedActions, ['withdraw']);
    t.deepEqual(judged.allowedActions, []);
    t.deepEqual((await ok(h.request('GET', d1(w), { token: w.tokens.official }), 200)).allowedActions, []);
  } finally {
    await h.close();
  }
});

// MySQL's _ci collation holds "A区" equal to "Ａ区", "a区" and "Á区"; the list
// must not show an official what the detail then refuses as someone else's.
eachDb('an official sees in the list exactly the villages the detail lets them open', async (t, db) => {
  const h = await startHarness(db);
  try {
    const { people } = await seedDistrict(h, {
      agencies: pick(BAOTA_AGENCIES, ['committee', 'justice'], { committee: { categories: ['neighbor'] } }),
      people: pick(BAOTA_PEOPLE, ['official'], { official: { villages: ['A区'] } }),
    });
    const official = people.official.token;
    const filed = new Map<string, number>();
    for (const [i, village] of ['A区', 'Ａ区', 'a区', 'Á区'].entries()) {
      const resident = await residentToken(h, `village-${i}`);
      const body = { category: 'neighbor', description: DESCRIPTION, village, phone: PHONES.resident, consent: true };
      filed.set(village, (await ok(h.request('POST', '/api/disputes', { token: resident, body }), 201)).id);
    }
    const listed = (await ok(h.request('GET', '/api/disputes', { token: official }), 200)).items.map((i: { id: number }) => i.id);
    t.deepEqual(listed, [filed.get('A区')]);
    for (const [village, id] of filed) {
      t.is((await h.request('GET', `/api/disputes/${id}`, { token: official })).status, village === 'A区' ? 200 : 404, village);
    }
  } finally {
    await h.close();
  }
});
