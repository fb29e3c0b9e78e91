import test from 'ava';
import { User } from '../../entities';
import { townshipKind } from '../../server/domain/place-service';
import { seedDemoData } from '../../server/seed/seed-service';
import { startHarness, type Harness } from '../helpers/app-harness';
import { eachDb, type TestDb } from '../helpers/databases';
import { adminPost, issueToken, ok, residentToken } from '../helpers/district.helper';
import { quietChannels, tickOutbox, wecomChannels } from '../helpers/outbox.helper';
import { countRows, DISPUTE_TABLES } from '../helpers/row-counts.helper';
import { startFakeWecom } from '../fakes/wecom-api.fake';

// The village is chosen, not typed: GET /api/places lists the district's
// 乡镇、街道 and their 村、社区; a dispute filed with a villageId reaches that
// place's committee and its linked cadre; text that names no listed place is
// still taken, and flagged for an admin.

// 宝塔区's township-level units as the district lists them (6 街道, 12 镇, 1 乡).
const POLICY_UNITS = {
  street: ['宝塔山街道', '南市街道', '凤凰山街道', '桥沟街道', '枣园街道', '新城街道'],
  town: ['河庄坪镇', '李渠镇', '姚店镇', '青化砭镇', '蟠龙镇', '甘谷驿镇', '川口镇', '临镇', '南泥湾镇', '柳林镇', '万花山镇', '麻洞川镇'],
  township: ['冯庄乡'],
};
const PHONE = '13912345678';
const form = { category: 'neighbor', description: '邻居家的树挡住了我家的光，商量了几次都没有结果', phone: PHONE, consent: true };

async function demo(db: TestDb) {
  const h: Harness = await startHarness(db);
  await seedDemoData({ db: db.ds, clock: h.clock, pii: h.pii });
  const resident = await residentToken(h, 'places-resident');
  const places = await ok(h.request('GET', '/api/places', { token: resident }), 200);
  const township = (name: string) => places.townships.find((x: any) => x.name === name);
  const village = (name: string) => places.townships.flatMap((x: any) => x.villages).find((v: any) => v.name === name);
  return { h, resident, places, township, village };
}

for (const [name, kind] of [['南市街道', 'street'], ['南市街道办事处', 'street'], ['河庄坪镇', 'town'], ['临镇', 'town'], ['冯庄乡', 'township']] as const) {
  test(`townshipKind: ${name} is a ${kind}`, (t) => t.is(townshipKind(name), kind));
}

eachDb('the demo district lists all 19 township-level units, each with its villages, its committee and its linked cadre', async (t, db) => {
  const { h, resident, places } = await demo(db);
  try {
    const reply = await h.request('GET', '/api/places', { token: resident });
    t.regex(reply.headers.get('cache-control') ?? '', /max-age=\d+/);
    t.deepEqual(places.townships.map((x: any) => x.name), [...POLICY_UNITS.street, ...POLICY_UNITS.town, ...POLICY_UNITS.township]);
    for (const kind of ['street', 'town', 'township'] as const) {
      t.deepEqual(places.townships.filter((x: any) => x.kind === kind).map((x: any) => x.name), POLICY_UNITS[kind]);
    }
    const names: string[] = places.townships.flatMap((x: any) => x.villages.map((v: any) => v.name));
    t.is(new Set(names).size, names.length, 'village names are unique across the district');
    for (const x of places.townships) {
      t.deepEqual(Object.keys(x).sort(), ['id', 'kind', 'name', 'villages']);
      t.true(x.villages.length >= 3 && x.villages.length <= 5, x.name);
      t.true(x.villages.every((v: any) => /(村|社区)$/.test(v.name) && Object.keys(v).length === 2), x.name);
    }

    const committees = await ok(h.request('GET', '/api/agencies?kind=mediation_committee', { token: h.adminToken }), 200);
    const officials = await db.ds.getRepository(User).findBy({ role: 'official' });
    for (const x of places.townships) {
      const committee = committees.items.find((c: any) => c.name === `${x.name}人民调解委员会`);
      t.truthy(committee, `${x.name} has a committee`);
      t.is(committee?.parentId, x.id);
      const served = x.villages.map((v: any) => v.name);
      t.deepEqual(committee?.villages, served);
      t.true(officials.some((u) => u.agencyId === x.id && served.every((v: string) => u.villages.includes(v))), `${x.name} has a linked cadre`);
    }
  } finally {
    await h.close();
  }
});

eachDb('a resident who picks 杜甫川社区 reaches 南市街道\'s committee, and its linked cadre is told', async (t, db) => {
  const { h, resident, village } = await demo(db);
  const wecom = await startFakeWecom({ clock: h.clock });
  try {
    wecom.registerUsers('aijianguo', 'liuguilan', 'anxiaohong', 'dangyongqiang');
    const dufuchuan = village('杜甫川社区');
    const filed = await ok(h.request('POST', '/api/disputes', { token: resident, body: { ...form, villageId: dufuchuan.id } }), 201);
    t.like(filed, { village: '杜甫川社区', villageId: dufuchuan.id, committee: { name: '南市街道人民调解委员会' }, mediator: { name: '艾建国' } });
    const seen = await ok(h.request('GET', `/api/disputes/${filed.id}`, { token: resident }), 200);
    t.like(seen, { village: '杜甫川社区', villageId: dufuchuan.id, placeUnmapped: false });

    const r = await tickOutbox(db, h.clock, { ...wecomChannels(wecom, h.clock), ...quietChannels('console') });
    t.is(r.failed + r.retrying, 0);
    const told = wecom.appMessages().filter((m) => JSON.stringify(m).includes(filed.serial));
    t.deepEqual(told.map((m) => m.touser).sort(), ['aijianguo', 'anxiaohong']);
    const cadre = told.find((m) => m.touser === 'anxiaohong')!.text.content as string;
    t.true(cadre.includes('杜甫川社区') && cadre.includes('南市街道人民调解委员会'), cadre);

    // Typing the exact listed name lands in the same place, as it always has.
    const typed = await ok(h.request('POST', '/api/disputes', { token: resident, body: { ...form, village: '杜甫川社区' } }), 201);
    t.is(typed.committee.name, '南市街道人民调解委员会');
    t.like(await ok(h.request('GET', `/api/disputes/${typed.id}`, { token: resident }), 200), { villageId: dufuchuan.id, placeUnmapped: false });
  } finally {
    await wecom.close();
    await h.close();
  }
});

eachDb('a village no committee names goes to its township\'s committee', async (t, db) => {
  const { h, resident, township } = await demo(db);
  try {
    const nanshi = township('南市街道');
    const added = await adminPost(h, '/api/agencies', { name: '新建路社区', kind: 'village', parentId: nanshi.id });
    const places = await ok(h.request('GET', '/api/places', { token: resident }), 200);
    t.deepEqual(places.townships.find((x: any) => x.id === nanshi.id).villages.at(-1), { id: added.id, name: '新建路社区' });
    const filed = await ok(h.request('POST', '/api/disputes', { token: resident, body: { ...form, villageId: added.id } }), 201);
    t.is(filed.committee.name, '南市街道人民调解委员会');
  } finally {
    await h.close();
  }
});

eachDb('text that names no listed village is routed as before and flagged for the admin', async (t, db) => {
  const { h, resident } = await demo(db);
  try {
    const mapped = await ok(h.request('POST', '/api/disputes', { token: resident, body: { ...form, village: '南关社区' } }), 201);
    const typed = await ok(h.request('POST', '/api/disputes', { token: resident, body: { ...form, village: '桥沟街道杜甫川村' } }), 201);
    // No committee serves that text and none takes neighbour disputes district-wide: the court's centre.
    t.is(typed.committee.name, '宝塔区人民法院诉前调解中心');
    t.like(await ok(h.request('GET', `/api/disputes/${typed.id}`, { token: resident }), 200), { village: '桥沟街道杜甫川村', villageId: null, placeUnmapped: true });

    const unmapped = await ok(h.request('GET', '/api/disputes?unmapped=1', { token: h.adminToken }), 200);
    t.deepEqual(unmapped.items.map((d: any) => [d.serial, d.village, d.placeUnmapped]), [[typed.serial, '桥沟街道杜甫川村', true]]);
    const listed = await ok(h.request('GET', '/api/disputes?unmapped=0', { token: h.adminToken }), 200);
    t.deepEqual(listed.items.map((d: any) => d.serial), [mapped.serial]);
  } finally {
    await h.close();
  }
});

eachDb('a villageId that is not a listed village is refused, and nothing is written', async (t, db) => {
  const { h, resident, township } = await demo(db);
  try {
    const before = await countRows(db, DISPUTE_TABLES);
    const tries: Array<[unknown, number, string]> = [
      [{ ...form, villageId: township('南市街道').id }, 400, 'VILLAGE_NOT_FOUND'],
      [{ ...form, villageId: 999_999, village: '杜甫川社区' }, 400, 'VILLAGE_NOT_FOUND'],
      [{ ...form, villageId: 'abc' }, 400, 'VALIDATION_FAILED'],
      [form, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of tries) {
      const r = await h.request('POST', '/api/disputes', { token: resident, body });
      t.is(r.status, status, r.text);
      t.is(r.body.error.code, code);
      t.regex(r.body.error.message, /\p{Script=Han}/u);
    }
    t.deepEqual(await countRows(db, DISPUTE_TABLES), before);
  } finally {
    await h.close();
  }
});

// The names of the whole demo district stay usable by staff tokens as well.
eachDb('a judge reads the places too', async (t, db) => {
  const h: Harness = await startHarness(db);
  try {
    await seedDemoData({ db: db.ds, clock: h.clock, pii: h.pii });
    const judge = await db.ds.getRepository(User).findOneByOrFail({ wecomUserId: 'lixiulan' });
    const places = await ok(h.request('GET', '/api/places', { token: await issueToken(h, judge.id) }), 200);
    t.is(places.townships.length, 19);
  } finally {
    await h.close();
  }
});
