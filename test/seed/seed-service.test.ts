import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import type { DataSource } from 'typeorm';
import { Agency, Article, AuditEntry, DISPUTE_CATEGORIES, User, type DisputeCategory } from '../../entities';
import { migrate, openDatabase } from '../../server/db/data-source';
import { fixedClock } from '../../server/domain/clock';
import { createPersonalDataCipher, type PersonalDataCipher } from '../../server/domain/personal-data';
import { loadAgencyNames } from '../../server/domain/hearings/agency-names';
import { demoAgencies } from '../../server/seed/demo-agencies.data';
import { parentFirst, seedDemoData, type SeedResult } from '../../server/seed/seed-service';

// Opens its own databases rather than sharing a helper, so this file runs on
// its own: SQLite always, MySQL/MariaDB as well when TEST_DATABASE_URL is set.
type Kind = 'sqlite' | 'mysql';
const KINDS: Kind[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'mysql'] : ['sqlite'];
const SEEDED_AT = '2026-03-02T01:00:00.000Z';

const cleanups: Array<() => Promise<void>> = [];
test.after.always(async () => {
  for (const clean of cleanups) await clean();
});

async function freshDb(kind: Kind): Promise<DataSource> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'fuyuan-seed-'));
    const ds = await openDatabase({ sqlitePath: join(dir, 'db.sqlite') });
    cleanups.push(async () => {
      await ds.destroy();
      rmSync(dir, { recursive: true, force: true });
    });
    await migrate(ds);
    return ds;
  }
  const name = `fuyuan_t_seed_${randomBytes(6).toString('hex')}`;
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  const ds = await openDatabase({ url: url.toString(), sqlitePath: '' });
  cleanups.push(async () => {
    await ds.query(`DROP DATABASE \`${name}\``);
    await ds.destroy();
  });
  await migrate(ds);
  return ds;
}

interface Seeded {
  ds: DataSource;
  pii: PersonalDataCipher;
  result: SeedResult;
}

// Most tests only read what one seeding produced; they share it per database kind.
const seededOnce = new Map<Kind, Promise<Seeded>>();
function seeded(kind: Kind): Promise<Seeded> {
  let p = seededOnce.get(kind);
  if (!p) {
    p = (async () => {
      const ds = await freshDb(kind);
      const pii = createPersonalDataCipher(randomBytes(32));
      const result = await seedDemoData({ db: ds, clock: fixedClock(SEEDED_AT), pii });
      return { ds, pii, result };
    })();
    seededOnce.set(kind, p);
  }
  return p;
}

async function agencyNamed(ds: DataSource, name: string): Promise<Agency> {
  const row = await ds.getRepository(Agency).findOneBy({ name });
  if (!row) throw new Error(`no agency named ${name}`);
  return row;
}

const PROFESSIONAL_COMMITTEES: Array<[string, DisputeCategory[]]> = [
  ['宝塔区医疗纠纷人民调解委员会', ['medical']],
  ['宝塔区劳动争议人民调解委员会', ['labor']],
  ['宝塔区物业纠纷人民调解委员会', ['property']],
  ['宝塔区道路交通事故纠纷人民调解委员会', ['traffic']],
  ['宝塔区婚姻家庭纠纷人民调解委员会', ['marriage_family']],
  ['宝塔区消费纠纷人民调解委员会', ['consumer']],
  ['宝塔区知识产权纠纷人民调解委员会', ['ip']],
];

for (const kind of KINDS) {
  test(`${kind}: seeding an empty database creates the district's agencies and committees`, async (t) => {
    const { ds, result } = await seeded(kind);
    t.true(result.seeded);
    t.is(result.agencies, await ds.getRepository(Agency).count());

    const government = await agencyNamed(ds, '延安市宝塔区人民政府');
    t.is(government.kind, 'government');
    t.is(government.parentId, null);
    t.is(government.createdAt.toISOString(), SEEDED_AT);
    const court = await agencyNamed(ds, '延安市宝塔区人民法院');
    t.is(court.kind, 'court');
    t.is((await agencyNamed(ds, '区委依法治区委员会办公室')).kind, 'liaison_office');
    t.is((await agencyNamed(ds, '宝塔区司法局')).parentId, government.id);
    const centre = await agencyNamed(ds, '宝塔区人民法院诉前调解中心');
    t.is(centre.kind, 'mediation_centre');
    t.is(centre.parentId, court.id);
    t.is((await agencyNamed(ds, '宝塔区知识产权纠纷人民调解委员会')).parentId, (await agencyNamed(ds, '宝塔区市场监督管理局')).id);

    for (const [name, categories] of PROFESSIONAL_COMMITTEES) {
      const committee = await agencyNamed(ds, name);
      t.is(committee.kind, 'mediation_committee', name);
      t.deepEqual(committee.categories, categories, name);
      t.deepEqual(committee.villages, [], `${name} serves the whole district`);
    }

    const township = await agencyNamed(ds, '河庄坪镇');
    t.is(township.kind, 'township');
    const villages = await ds.getRepository(Agency).find({ where: { parentId: township.id, kind: 'village' }, order: { id: 'ASC' } });
    t.true(villages.length >= 3 && villages.length <= 5);
    const local = await agencyNamed(ds, '河庄坪镇人民调解委员会');
    t.deepEqual([...local.villages].sort(), villages.map((v) => v.name).sort());
    t.true(local.categories.includes('neighbor') && local.categories.includes('land'));

    // The bodies the policy names, under their full names; the short names people
    // write (a court's calendar, a case number, a document) find them.
    const names = await loadAgencyNames(ds.manager);
    for (const [written, full] of [
      ['宝塔区法院', '延安市宝塔区人民法院'], ['宝塔区人民法院', '延安市宝塔区人民法院'], ['陕0602', '延安市宝塔区人民法院'],
      ['宝塔区人民政府', '延安市宝塔区人民政府'], ['宝塔区人民检察院', '延安市宝塔区人民检察院'],
      ['宝塔区诉前调解中心', '宝塔区人民法院诉前调解中心'], ['区委依法治区办', '区委依法治区委员会办公室'],
      ['区委政法委', '中共延安市宝塔区委政法委员会'], ['区纪委监委', '宝塔区纪委监委'], ['信访局', '宝塔区信访局'],
      ['财政局', '宝塔区财政局'], ['人社局', '宝塔区人力资源和社会保障局'], ['宝塔区劳动人事争议仲裁委员会', '宝塔区劳动人事争议仲裁委员会'],
      ['延安中院', '延安市中级人民法院'], ['陕06', '延安市中级人民法院'],
    ]) {
      t.is(names.find(written!)?.name, full, written);
    }
    t.is(court.documentPrefix, '宝法建');
    t.is((await agencyNamed(ds, '延安市中级人民法院')).kind, 'court');
    t.is(await ds.getRepository(Agency).countBy({ name: '区委依法治区办' }), 0, 'renamed, not doubled');

    // No real group is bound in a demo: messages must not leave for a stranger's chat.
    const all = await ds.getRepository(Agency).find();
    t.true(all.every((a) => a.wecomWebhookKey === null && a.wechatyRoomId === null));
  });

  test(`${kind}: every committee has mediators, the court has judges and every government agency a head`, async (t) => {
    const { ds, result } = await seeded(kind);
    const users = ds.getRepository(User);
    t.is(result.users, await users.count());

    const committees = await ds.getRepository(Agency).findBy({ kind: 'mediation_committee' });
    t.true(committees.length >= PROFESSIONAL_COMMITTEES.length + 1);
    for (const committee of committees) {
      t.true((await users.countBy({ agencyId: committee.id, role: 'mediator', active: true })) >= 1, committee.name);
    }
    const court = await agencyNamed(ds, '延安市宝塔区人民法院');
    t.true((await users.countBy({ agencyId: court.id, role: 'judge' })) >= 3);

    for (const agency of await ds.getRepository(Agency).findBy({ kind: 'government' })) {
      t.not(agency.headUserId, null, `${agency.name} has a head`);
      const head = await users.findOneByOrFail({ id: agency.headUserId! });
      t.is(head.agencyId, agency.id, `${agency.name}'s head works there`);
      t.is(head.role, 'official');
    }

    // 干部联村: every village has a linked cadre who works in its township.
    const villages = await ds.getRepository(Agency).findBy({ kind: 'village' });
    const cadres = (await users.findBy({ role: 'official' })).filter((u) => u.villages.length > 0);
    for (const village of villages) {
      const cadre = cadres.find((c) => c.villages.includes(village.name));
      t.truthy(cadre, `${village.name} has a linked cadre`);
      t.is(cadre?.agencyId, village.parentId);
    }

    const staff = await users.find({ where: [{ role: 'mediator' }, { role: 'judge' }, { role: 'official' }] });
    t.true(staff.every((u) => u.agencyId !== null && /^[a-z]+$/.test(u.wecomUserId ?? '')));
    t.true((await users.findBy({ role: 'resident' })).length >= 2);
  });

  test(`${kind}: residents' phone numbers are stored encrypted and found by their lookup hash`, async (t) => {
    const { ds, pii } = await seeded(kind);
    const residents = await ds.getRepository(User).findBy({ role: 'resident' });
    t.true(residents.length >= 2);
    for (const r of residents) {
      t.truthy(r.phoneCipher);
      const phone = pii.decrypt(r.phoneCipher!);
      t.regex(phone, /^1[3-9]\d{9}$/);
      t.false(r.phoneCipher!.includes(phone));
      t.is(r.phoneHash, pii.lookupHash(phone));
      t.is(r.agencyId, null);
      t.is(r.wecomUserId, null);
    }
    const byHash = await ds.getRepository(User).findOneBy({ phoneHash: pii.lookupHash('+86 138 0000 0001') });
    t.is(byHash?.name, residents.find((r) => pii.decrypt(r.phoneCipher!) === '13800000001')?.name);
  });

  test(`${kind}: 法官说法 articles are published by judges, one category each`, async (t) => {
    const { ds, result } = await seeded(kind);
    const articles = await ds.getRepository(Article).find({ relations: { judge: true }, order: { publishedAt: 'DESC' } });
    t.is(result.articles, articles.length);
    t.true(articles.length >= 6 && articles.length <= 8);
    for (const a of articles) {
      t.is(a.judge?.role, 'judge', a.title);
      t.true((DISPUTE_CATEGORIES as readonly string[]).includes(a.category), a.title);
      t.true(a.title.length > 0 && a.title.length <= 100, a.title);
      t.true(a.body.length >= 150 && a.body.length <= 400, `${a.title}: ${a.body.length} characters`);
      t.truthy(a.publishedAt);
      t.true(a.publishedAt!.getTime() <= new Date(SEEDED_AT).getTime());
    }
    t.is(new Set(articles.map((a) => a.category)).size, articles.length, 'no two articles on one category');
  });

  test(`${kind}: committees take only real categories, and every category but petitions and administrative ones has a committee`, async (t) => {
    const { ds } = await seeded(kind);
    const committees = await ds.getRepository(Agency).findBy({ kind: 'mediation_committee' });
    const served = new Set<string>();
    for (const c of committees) {
      t.true(c.categories.length > 0, c.name);
      for (const category of c.categories) {
        t.true((DISPUTE_CATEGORIES as readonly string[]).includes(category), `${c.name}: ${category}`);
        served.add(category);
      }
    }
    const missing = DISPUTE_CATEGORIES.filter((c) => c !== 'petition' && c !== 'administrative' && !served.has(c));
    t.deepEqual(missing, []);

    // A committee that names villages names real ones.
    const villageNames = new Set((await ds.getRepository(Agency).findBy({ kind: 'village' })).map((v) => v.name));
    for (const c of committees) for (const v of c.villages) t.true(villageNames.has(v), `${c.name}: ${v}`);
  });

  test(`${kind}: seeding twice changes nothing`, async (t) => {
    const ds = await freshDb(kind);
    const pii = createPersonalDataCipher(randomBytes(32));
    const clock = fixedClock(SEEDED_AT);
    const first = await seedDemoData({ db: ds, clock, pii });
    t.true(first.seeded);
    t.true(first.agencies > 40 && first.users > 40 && first.articles >= 6);

    const snapshot = async () => ({
      agencies: await ds.getRepository(Agency).find({ order: { id: 'ASC' } }),
      users: await ds.getRepository(User).find({ order: { id: 'ASC' } }),
      articles: await ds.getRepository(Article).find({ order: { id: 'ASC' } }),
      audits: await ds.getRepository(AuditEntry).count(),
    });
    const before = await snapshot();
    clock.advance(60_000);
    const second = await seedDemoData({ db: ds, clock, pii });
    t.deepEqual(second, { ...first, seeded: false });
    t.deepEqual(await snapshot(), before);
  });
}

test('agencies are inserted parents first whatever order the data lists them in', (t) => {
  const ordered = parentFirst([...demoAgencies].reverse());
  const position = new Map(ordered.map((a, i) => [a.key, i]));
  for (const a of ordered) if (a.parent) t.true(position.get(a.parent)! < position.get(a.key)!, a.key);
  t.throws(() => parentFirst([{ key: 'a', name: '甲', kind: 'village', parent: 'nowhere' }]), { message: /unknown parent/ });
  t.throws(
    () => parentFirst([{ key: 'a', name: '甲', kind: 'other', parent: 'b' }, { key: 'b', name: '乙', kind: 'other', parent: 'a' }]),
    { message: /cycle/ },
  );
});
