import { Hearing } from '../../entities';
import { startHarness, type Harness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';
import { ok, seedDistrict } from '../helpers/district.helper';

// The court's calendar through the API, as each kind of staff meets it.

const AGENCIES = {
  court: { name: '延安市宝塔区人民法院', kind: 'court' },
  liaison: { name: '宝塔区委依法治区委员会办公室', kind: 'liaison_office' },
  market: { name: '延安市宝塔区市场监督管理局', kind: 'government' },
  land: { name: '延安市宝塔区自然资源局', kind: 'government' },
  committee: { name: '南市街道人民调解委员会', kind: 'mediation_committee' },
} as const;
const PEOPLE = {
  judge: { name: '李秀兰', role: 'judge', agency: 'court' },
  liaison: { name: '高文', role: 'official', agency: 'liaison' },
  marketOfficial: { name: '马静', role: 'official', agency: 'market' },
  marketHead: { name: '马局长', role: 'official', agency: 'market', wecomUserId: 'majuzhang' },
  landOfficial: { name: '陆远', role: 'official', agency: 'land' },
  mediator: { name: '艾建国', role: 'mediator', agency: 'committee' },
} as const;

const CSV = [
  '案号,开庭时间,案由,法庭,承办法官,当事人,被告行政机关',
  '（2026）陕0602行初12号,2026-12-08 09:00,行政处罚,第一法庭,李秀兰,王某、市场监管局,市场监管局',
  '（2026）陕0602行初13号,2026-12-09 09:00,行政许可,第一法庭,李秀兰,刘某,宝塔区自然资源局',
  '（2026）陕0602民初88号,2026-12-09 14:30,借贷,第三法庭,赵丽,张三、李四,',
  '（2026）陕0602行初15号,下周一,,,,,',
].join('\n');

async function district(h: Harness) {
  const d = await seedDistrict(h, { agencies: AGENCIES, people: PEOPLE });
  await ok(h.request('PATCH', `/api/agencies/${d.agencies.market.id}`, { token: h.adminToken, body: { shortName: '宝塔区市场监管局', aliases: ['市场监管局'], headUserId: d.people.marketHead.id } }), 200);
  await ok(h.request('PATCH', `/api/agencies/${d.agencies.land.id}`, { token: h.adminToken, body: { aliases: ['宝塔区自然资源局'] } }), 200);
  return d;
}

const upload = (h: Harness, token: string, body: string | Buffer, query = '', type = 'text/csv; charset=utf-8') =>
  h.request('POST', `/api/hearings/import${query}`, { token, rawBody: body, headers: { 'content-type': type } });

eachDb('the liaison office previews then imports the court calendar; an agency official may not import', async (t, db) => {
  const h = await startHarness(db, { now: '2026-12-01T02:00:00Z' });
  try {
    const d = await district(h);
    const refused = await upload(h, d.people.marketOfficial.token, CSV);
    t.is(refused.status, 403);
    t.is((await upload(h, d.people.mediator.token, CSV)).status, 403);
    t.is(await db.ds.manager.count(Hearing), 0);

    const preview = await upload(h, d.people.liaison.token, CSV, '?dryRun=1');
    t.is(preview.status, 200);
    t.like(preview.body, { created: 3, rescheduled: 0, cancelled: 0, unchanged: 0 });
    t.deepEqual(preview.body.errors, [{ row: 5, column: '开庭时间', message: '无法识别的开庭时间“下周一”，请写成 2026-12-08 09:00' }]);
    t.is(await db.ds.manager.count(Hearing), 0, 'a preview writes nothing');

    const applied = await upload(h, d.people.liaison.token, CSV);
    t.like(applied.body, { created: 3, unchanged: 0 });
    t.like((await upload(h, d.people.judge.token, CSV)).body, { created: 0, unchanged: 3 });

    const json = await h.request('POST', '/api/hearings/import', { token: d.people.judge.token, body: { rows: [] } });
    t.is(json.status, 415);
    t.regex(json.body.error.message, /请上传 Excel/);
    const empty = await upload(h, d.people.judge.token, '');
    t.is(empty.status, 400);
    t.is(empty.body.error.code, 'IMPORT_EMPTY');
    const noColumn = await upload(h, d.people.judge.token, '案号,案由\n（2026）陕0602行初99号,x');
    t.is(noColumn.status, 400);
    t.is(noColumn.body.error.code, 'IMPORT_MISSING_COLUMNS');
    const halfWindow = await upload(h, d.people.judge.token, CSV, '?from=2026-12-01');
    t.is(halfWindow.status, 400);
    t.is(await db.ds.manager.count(Hearing), 3);
  } finally {
    await h.close();
  }
});

eachDb('each sees the hearings of their scope; another agency\'s hearing is 404; case numbers are found in any form', async (t, db) => {
  const h = await startHarness(db, { now: '2026-12-01T02:00:00Z' });
  try {
    const d = await district(h);
    await upload(h, d.people.judge.token, CSV);
    const numbers = async (token: string, q = '') => (await ok(h.request('GET', `/api/hearings${q}`, { token }), 200)).items.map((x: any) => x.caseNumber);
    t.deepEqual(await numbers(d.people.judge.token), ['（2026）陕0602行初12号', '（2026）陕0602行初13号', '（2026）陕0602民初88号']);
    t.deepEqual(await numbers(d.people.liaison.token), ['（2026）陕0602行初12号', '（2026）陕0602行初13号', '（2026）陕0602民初88号']);
    t.deepEqual(await numbers(d.people.marketOfficial.token), ['（2026）陕0602行初12号']);
    t.deepEqual(await numbers(d.people.landOfficial.token), ['（2026）陕0602行初13号']);
    t.deepEqual(await numbers(d.people.judge.token, `?caseNumber=${encodeURIComponent('(2026)陕0602行初13号')}`), ['（2026）陕0602行初13号']);
    t.deepEqual(await numbers(d.people.judge.token, '?from=2026-12-09&to=2026-12-09'), ['（2026）陕0602行初13号', '（2026）陕0602民初88号']);
    t.is((await h.request('GET', '/api/hearings', { token: d.people.mediator.token })).status, 403);

    const list = await ok(h.request('GET', '/api/hearings', { token: d.people.marketOfficial.token }), 200);
    t.like(list.items[0], {
      session: 1, status: 'scheduled', cause: '行政处罚', courtRoom: '第一法庭', judgeName: '李秀兰', parties: ['王某', '市场监管局'],
      defendantAgency: { id: d.agencies.market.id, name: '延安市宝塔区市场监督管理局' }, headMustAppear: true, noticeShort: false,
      declaration: null, appearance: null, startsAt: '2026-12-08T01:00:00.000Z',
    });
    const landHearing = (await ok(h.request('GET', '/api/hearings', { token: d.people.landOfficial.token }), 200)).items[0];
    const hidden = await h.request('GET', `/api/hearings/${landHearing.id}`, { token: d.people.marketOfficial.token });
    t.is(hidden.status, 404);
    const bad = await h.request('GET', '/api/hearings?caseNumber=abc', { token: d.people.judge.token });
    t.is(bad.status, 400);
    t.regex(bad.body.error.message, /案号有误/);
  } finally {
    await h.close();
  }
});

eachDb('entered by hand: a hearing two days ahead is flagged noticeShort; moved and cancelled; the agency declares, the judge records; the half-year report counts it', async (t, db) => {
  const h = await startHarness(db, { now: '2026-12-01T02:00:00Z' });
  try {
    const d = await district(h);
    const judge = d.people.judge.token;
    const created = await ok(h.request('POST', '/api/hearings', { token: judge, body: { caseNumber: '(2026)陕0602行初20号', startsAt: '2026-12-03T09:00:00+08:00', cause: '行政处罚', defendantAgencyId: d.agencies.market.id } }), 201);
    t.like(created, { caseNumber: '（2026）陕0602行初20号', headMustAppear: true, noticeShort: true, status: 'scheduled' });
    const dup = await h.request('POST', '/api/hearings', { token: judge, body: { caseNumber: '（2026）陕0602行初20号', startsAt: '2026-12-04T09:00:00+08:00' } });
    t.is(dup.status, 409);
    t.is((await h.request('POST', '/api/hearings', { token: d.people.marketOfficial.token, body: { caseNumber: '（2026）陕0602行初21号', startsAt: '2026-12-04T09:00:00+08:00' } })).status, 403);

    const moved = await ok(h.request('PATCH', `/api/hearings/${created.id}`, { token: judge, body: { startsAt: '2026-12-10T09:00:00+08:00' } }), 200);
    t.like(moved, { status: 'rescheduled', noticeShort: false, startsAt: '2026-12-10T01:00:00.000Z' });

    const early = await h.request('POST', `/api/hearings/${created.id}/appearance`, { token: judge, body: { appearance: 'head', name: '马局长' } });
    t.is(early.status, 409);
    t.regex(early.body.error.message, /庭审尚未开始/);
    const landDeclares = await h.request('POST', `/api/hearings/${created.id}/declaration`, { token: d.people.landOfficial.token, body: { declaration: 'head' } });
    t.is(landDeclares.status, 404);
    const declared = await ok(h.request('POST', `/api/hearings/${created.id}/declaration`, { token: d.people.marketOfficial.token, body: { declaration: 'deputy', note: '局长外出学习，由分管副局长出庭' } }), 200);
    t.like(declared, { declaration: 'deputy', declarationNote: '局长外出学习，由分管副局长出庭' });

    // A second hearing, cancelled: it counts nowhere.
    const other = await ok(h.request('POST', '/api/hearings', { token: judge, body: { caseNumber: '（2026）陕0602行初22号', startsAt: '2026-12-11T09:00:00+08:00', defendantAgencyId: d.agencies.market.id } }), 201);
    t.like(await ok(h.request('PATCH', `/api/hearings/${other.id}`, { token: judge, body: { status: 'cancelled' } }), 200), { status: 'cancelled' });
    t.is((await h.request('PATCH', `/api/hearings/${other.id}`, { token: judge, body: { status: 'cancelled' } })).status, 409);
    // One recorded in the past, by the judge, with no appearance.
    const past = await ok(h.request('POST', '/api/hearings', { token: judge, body: { caseNumber: '（2026）陕0602行初5号', startsAt: '2026-11-20T09:00:00+08:00', defendantAgencyId: d.agencies.land.id } }), 201);
    t.false(past.noticeShort);
    await ok(h.request('POST', `/api/hearings/${past.id}/appearance`, { token: judge, body: { appearance: 'none', note: '未出庭，未提交书面说明' } }), 200);

    h.clock.set('2026-12-10T03:00:00Z');
    const late = await h.request('POST', `/api/hearings/${created.id}/declaration`, { token: d.people.marketOfficial.token, body: { declaration: 'head' } });
    t.is(late.status, 409);
    const recorded = await ok(h.request('POST', `/api/hearings/${created.id}/appearance`, { token: judge, body: { appearance: 'deputy', name: '马副局长' } }), 200);
    t.like(recorded, { appearance: 'deputy', appearanceName: '马副局长', status: 'held' });

    const report = await ok(h.request('GET', '/api/reports/appearance?half=2026H2', { token: d.people.liaison.token }), 200);
    t.is(report.period.label, '2026年下半年');
    t.deepEqual(report.byAgency.map((r: any) => [r.agency.name, r.required, r.head, r.deputy, r.none, r.unrecorded, r.rate, r.headRate]), [
      ['延安市宝塔区自然资源局', 1, 0, 0, 1, 0, 0, 0],
      ['延安市宝塔区市场监督管理局', 1, 0, 1, 0, 0, 1, 0],
    ]);
    t.like(report.total, { required: 2, head: 0, deputy: 1, none: 1, rate: 0.5, headRate: 0 });
    const mine = await ok(h.request('GET', '/api/reports/appearance?half=2026H2', { token: d.people.marketOfficial.token }), 200);
    t.deepEqual(mine.byAgency.map((r: any) => r.agency.name), ['延安市宝塔区市场监督管理局']);
    const badHalf = await h.request('GET', '/api/reports/appearance?half=2026H3', { token: judge });
    t.is(badHalf.status, 400);
    t.regex(badHalf.body.error.message, /2026H1 或 2026H2/);
  } finally {
    await h.close();
  }
});
