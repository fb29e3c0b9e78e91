import { Consent, Dispute, LinkageEvent, LinkageItem } from '../../entities';
import { startHarness, type Harness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';
import { NANSHI_AGENCIES, NANSHI_PEOPLE, ok, pick, residentToken as mp, seedDistrict } from '../helpers/district.helper';
import { quietChannels, tickOutbox, wecomChannels } from '../helpers/outbox.helper';
import { startFakeWecom } from '../fakes/wecom-api.fake';

// Filing a dispute (群众说事): what the form must hold, the daily limit in
// Shanghai days, serials under concurrency, administrative disputes, the
// articles handed back, and the village's linked cadre.

const VALID = { category: 'neighbor', description: '邻居在公共楼道堆放杂物，影响通行和消防安全', village: '南关社区', phone: '13800001111', consent: true };

// No committee takes administrative or medical disputes: the centre does. Two
// linked cadres on WeCom: 安小红 for 南关社区, 党永强 for 桥儿沟社区.
async function district(h: Harness) {
  const { agencies, people } = await seedDistrict(h, {
    agencies: pick(NANSHI_AGENCIES, ['committee', 'centre', 'court', 'town', 'housing']),
    people: pick(NANSHI_PEOPLE, ['mediator', 'centreMediator', 'judge', 'official', 'qiaoOfficial'], {
      official: { villages: ['南关社区', '七里铺社区'], wecomUserId: 'anxiaohong' },
    }),
  });
  return { ...agencies, judgeToken: people.judge.token };
}

eachDb('validation names the field in Chinese; privacy consent is recorded once', async (t, db) => {
  const h = await startHarness(db);
  try {
    await district(h);
    const token = await mp(h, 'filing-validation');
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['description under 10 characters', { description: '楼上太吵了' }, '事情经过：'],
      ['description of spaces around a short text', { description: '   太吵   ' }, '事情经过：'],
      ['description over 2000 characters', { description: '吵'.repeat(2001) }, '事情经过：'],
      ['consent false', { consent: false }, '隐私说明：'],
      ['consent missing', { consent: undefined }, '隐私说明：'],
      ['consent as a string', { consent: 'true' }, '隐私说明：'],
      ['a phone of letters', { phone: 'abc' }, '联系电话：'],
      ['a phone too short', { phone: '1380000' }, '联系电话：'],
      ['a phone missing', { phone: undefined }, '联系电话：'],
      ['an unknown category', { category: 'alien' }, '纠纷类别：'],
      ['an empty village', { village: '' }, '村（社区）：'],
      ['a defendant id that is not an id', { defendantAgencyId: 'x' }, '被申请行政机关：'],
    ];
    for (const [title, change, prefix] of cases) {
      const r = await h.request('POST', '/api/disputes', { token, body: { ...VALID, ...change } });
      t.is(r.status, 400, title);
      t.is(r.body.error.code, 'VALIDATION_FAILED', title);
      t.true(String(r.body.error.message).startsWith(prefix), `${title}: ${r.body.error.message}`);
    }
    t.is(await db.ds.getRepository(Dispute).count(), 0);
    t.is(await db.ds.getRepository(Consent).count(), 0, 'a refused form records no consent');

    await ok(h.request('POST', '/api/disputes', { token, body: VALID }), 201);
    h.clock.advance(3600_000);
    await ok(h.request('POST', '/api/disputes', { token, body: { ...VALID, phone: '138-0000-2222' } }), 201);
    const consents = await db.ds.getRepository(Consent).find();
    t.is(consents.length, 1);
    t.like(consents[0], { kind: 'privacy', withdrawnAt: null });
    t.is(consents[0]!.grantedAt.toISOString(), '2026-11-26T02:00:00.000Z');
  } finally {
    await h.close();
  }
});

eachDb('DISPUTE_DAILY_LIMIT: the sixth filing of a Shanghai day is 429, the next day works', async (t, db) => {
  const h = await startHarness(db, { now: '2026-11-26T02:00:00.000Z' }); // 10:00 in Shanghai
  try {
    await district(h);
    const [token, other] = [await mp(h, 'filing-limit'), await mp(h, 'filing-limit-other')];
    for (let i = 0; i < 5; i++) {
      await ok(h.request('POST', '/api/disputes', { token, body: VALID }), 201);
      h.clock.advance(3600_000);
    }
    const sixth = await h.request('POST', '/api/disputes', { token, body: VALID });
    t.is(sixth.status, 429);
    t.is(sixth.body.error.code, 'DAILY_LIMIT_REACHED');
    t.regex(sixth.body.error.message, /明天/);
    t.is((await h.request('POST', '/api/disputes', { token: other, body: VALID })).status, 201, 'the limit is per resident');

    // 23:59:59.999 in Shanghai is still the same day; midnight is the next.
    h.clock.set('2026-11-26T15:59:59.999Z');
    t.is((await h.request('POST', '/api/disputes', { token, body: VALID })).status, 429);
    h.clock.set('2026-11-26T16:00:00.000Z');
    t.is((await h.request('POST', '/api/disputes', { token, body: VALID })).status, 201);
    t.is(await db.ds.getRepository(Dispute).count(), 7);

    // Eight at once by one resident: the limit still holds.
    const burst = await mp(h, 'filing-limit-burst');
    const statuses = (await Promise.all(Array.from({ length: 8 }, () => h.request('POST', '/api/disputes', { token: burst, body: VALID })))).map((r) => r.status);
    t.deepEqual(statuses.sort(), [201, 201, 201, 201, 201, 429, 429, 429]);
  } finally {
    await h.close();
  }
});

eachDb('200 concurrent filings by 40 residents get 200 distinct consecutive serials', async (t, db) => {
  const h = await startHarness(db);
  try {
    await district(h);
    const tokens = await Promise.all(Array.from({ length: 40 }, (_, i) => mp(h, `filing-concurrent-${i}`)));
    const replies = await Promise.all(
      tokens.flatMap((token) => Array.from({ length: 5 }, () => h.request('POST', '/api/disputes', { token, body: VALID }))),
    );
    t.deepEqual(replies.filter((r) => r.status !== 201).map((r) => `${r.status} ${r.text}`), []);
    const serials = replies.map((r) => r.body.serial as string);
    t.true(serials.every((s) => /^JF-2026-\d{6}$/.test(s)));
    t.deepEqual([...serials].sort(), Array.from({ length: 200 }, (_, i) => `JF-2026-${String(i + 1).padStart(6, '0')}`));
    t.is(await db.ds.getRepository(Dispute).count(), 200);
  } finally {
    await h.close();
  }
});

eachDb('the serial year follows Asia/Shanghai', async (t, db) => {
  const h = await startHarness(db, { now: '2026-12-31T15:59:59.999Z' }); // 23:59:59.999 on 31 December in Shanghai
  try {
    await district(h);
    const token = await mp(h, 'filing-new-year');
    t.is((await ok(h.request('POST', '/api/disputes', { token, body: VALID }), 201)).serial, 'JF-2026-000001');
    h.clock.set('2026-12-31T17:00:00.000Z'); // 01:00 on 1 January 2027 in Shanghai
    t.is((await ok(h.request('POST', '/api/disputes', { token, body: VALID }), 201)).serial, 'JF-2027-000001');
    t.is((await ok(h.request('POST', '/api/disputes', { token, body: VALID }), 201)).serial, 'JF-2027-000002');
  } finally {
    await h.close();
  }
});

eachDb('an administrative dispute naming the defendant agency opens one admin_dispute linkage item', async (t, db) => {
  const h = await startHarness(db);
  try {
    const w = await district(h);
    const token = await mp(h, 'filing-administrative');
    const admin = { ...VALID, category: 'administrative', description: '区住建局对我家房屋作出限期拆除决定，我认为程序违法' };
    const cases: Array<[string, Record<string, unknown>]> = [
      ['by defendantAgencyId', { defendantAgencyId: w.housing.id }],
      ['by otherParty equal to the agency name', { otherParty: '宝塔区住房和城乡建设局' }],
      ['by otherParty with spaces around the name', { otherParty: '  宝塔区住房和城乡建设局 ' }],
    ];
    for (const [title, extra] of cases) {
      const filed = await ok(h.request('POST', '/api/disputes', { token, body: { ...admin, ...extra } }), 201);
      t.is(filed.committee.id, w.centre.id, `${title}: no committee takes administrative disputes, the centre does`);
      const items = await db.ds.getRepository(LinkageItem).findBy({ disputeId: filed.id });
      t.is(items.length, 1, title);
      t.like(items[0], { type: 'admin_dispute', status: 'registered', toAgencyId: w.housing.id, fromAgencyId: w.centre.id, disputeId: filed.id }, title);
      const events = await db.ds.getRepository(LinkageEvent).findBy({ itemId: items[0]!.id });
      t.is(events.length, 1, title);
      t.like(events[0], { action: 'register', toAgencyId: w.housing.id }, title);
    }
    // Without a named agency, or for another category, no item.
    const unnamed = await ok(h.request('POST', '/api/disputes', { token, body: { ...admin, otherParty: '某个部门' } }), 201);
    t.is(await db.ds.getRepository(LinkageItem).countBy({ disputeId: unnamed.id }), 0);
    const civil = await ok(h.request('POST', '/api/disputes', { token, body: { ...VALID, otherParty: '宝塔区住房和城乡建设局' } }), 201);
    t.is(await db.ds.getRepository(LinkageItem).countBy({ disputeId: civil.id }), 0);
    t.is(await db.ds.getRepository(LinkageItem).count(), 3);
    // An unknown defendant is refused and leaves nothing behind.
    const before = await db.ds.getRepository(Dispute).count();
    const unknown = await h.request('POST', '/api/disputes', { token: await mp(h, 'filing-admin-2'), body: { ...admin, defendantAgencyId: 999999 } });
    t.is(unknown.status, 422);
    t.is(unknown.body.error.code, 'AGENCY_NOT_FOUND');
    t.is(await db.ds.getRepository(Dispute).count(), before);
  } finally {
    await h.close();
  }
});

eachDb('filing returns up to three newest articles of its category; the linked cadre gets an app message', async (t, db) => {
  const h = await startHarness(db);
  const wecom = await startFakeWecom({ clock: h.clock });
  try {
    const w = await district(h);
    const publish = async (category: string, title: string) => {
      h.clock.advance(60_000);
      return (await ok(h.request('POST', '/api/articles', { token: w.judgeToken, body: { category, title, body: `${title}：法官结合民法典相关规定作出解答，供群众参考。` } }), 201)).id as number;
    };
    const neighbour = [];
    for (let i = 1; i <= 4; i++) neighbour.push(await publish('neighbor', `邻里纠纷第${i}问`));
    await publish('labor', '被拖欠工资怎么办');
    h.clock.advance(60_000);
    const token = await mp(h, 'filing-articles');
    const filed = await ok(h.request('POST', '/api/disputes', { token, body: VALID }), 201);
    t.deepEqual(filed.articles.map((a: any) => a.id), neighbour.slice(1).reverse());
    t.true(filed.articles.every((a: any) => a.category === 'neighbor' && a.title && a.summary));
    const other = await ok(h.request('POST', '/api/disputes', { token, body: { ...VALID, category: 'medical', village: '桥儿沟社区' } }), 201);
    t.deepEqual(other.articles, []);

    wecom.registerUsers('anxiaohong', 'dangyongqiang');
    const result = await tickOutbox(db, h.clock, { ...wecomChannels(wecom, h.clock), ...quietChannels('console') });
    t.is(result.failed + result.retrying, 0);
    const app = wecom.appMessages();
    t.deepEqual(app.filter((m) => m.text.content.includes(filed.serial)).map((m) => m.touser), ['anxiaohong']);
    t.regex(app.find((m) => m.touser === 'anxiaohong')!.text.content, /南关社区.*邻里纠纷/);
    t.deepEqual(app.filter((m) => m.text.content.includes(other.serial)).map((m) => m.touser), ['dangyongqiang']);
  } finally {
    await h.close();
    await wecom.close();
  }
});
