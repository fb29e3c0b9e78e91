import { randomBytes } from 'node:crypto';
import { Agency, DISPUTE_CATEGORIES, User } from '../../entities';
import { createPersonalDataCipher } from '../../server/domain/personal-data';
import { placeOfDispute } from '../../server/domain/place-service';
import { DomainError } from '../../server/domain/errors';
import { filingReads } from '../../server/domain/disputes/dispute-filing-reads';
import { defendantOf } from '../../server/domain/disputes/dispute-filing';
import { pickCommittee } from '../../server/domain/disputes/dispute-routing';
import { seedDemoData } from '../../server/seed/seed-service';
import { fixedClock } from '../../server/domain/clock';
import { TEST_NOW } from '../helpers/test-now';
import { eachDb } from '../helpers/databases';

// Filing reads only the rows it can use (issue 14): the village meant, the
// committees that may take the category, a defendant, the village's linked
// cadres. Each
// narrowing must leave the rules' answer exactly as over every agency and
// every official — checked here over the demo district (66 villages, 26
// committees, 13 categories) and over names that are LIKE wildcards, JSON
// escapes or near misses, on each database.

const placeOrError = (agencies: Agency[], input: { villageId?: number | null; village?: string | null }) => {
  try {
    return placeOfDispute(agencies, input);
  } catch (err) {
    return err instanceof DomainError ? err.code : err;
  }
};

eachDb('the narrowed filing reads route every village and category as the whole district does', async (t, db) => {
  const clock = fixedClock(TEST_NOW);
  await seedDemoData({ db: db.ds, clock, pii: createPersonalDataCipher(randomBytes(32)) });
  const em = db.ds.manager;
  // Awkward names the LIKE narrowing must neither miss nor over-match, and
  // cadres who answer for them (and for near misses of them).
  const town = await em.findOneByOrFail(Agency, { kind: 'township' });
  const odd = ['50%村', '王_庄', '张!李村', '引"号村', '反\\斜村', '东关'];
  for (const [i, name] of odd.entries()) {
    await em.insert(Agency, {
      name, shortName: null, aliases: [], documentPrefix: null, kind: 'village', parentId: town.id, categories: [], villages: [],
      wecomWebhookKey: null, wechatyRoomId: null, headUserId: null, createdAt: clock.now(),
    } as never);
    await em.insert(User, {
      role: 'official', name: `干部${i}`, agencyId: town.id, wecomUserId: `cadre-odd-${i}`, wechatOpenid: null, phoneCipher: null, phoneHash: null,
      idNumberCipher: null, idNumberHash: null, villages: [name, `${name}二组`], active: true, createdAt: clock.now(),
    } as never);
  }
  await em.insert(User, {
    role: 'official', name: '近似干部', agencyId: town.id, wecomUserId: 'cadre-near', wechatOpenid: null, phoneCipher: null, phoneHash: null,
    idNumberCipher: null, idNumberHash: null, villages: ['50%村委', '王X庄', '东关村'], active: true, createdAt: clock.now(),
  } as never);

  const agencies = await em.find(Agency);
  const officials = await em.find(User, { where: { role: 'official', active: true } });
  const reads = filingReads(db.ds);
  const villages = agencies.filter((a) => a.kind === 'village');
  const inputs = [
    ...villages.map((v) => ({ villageId: v.id })),
    ...villages.map((v) => ({ village: ` ${v.name} ` })),
    ...odd.map((name) => ({ village: name })),
    { village: '50%' }, { village: '王X庄' }, { village: '没有这个村' }, { village: '' },
    { villageId: town.id }, { villageId: 999_999 },
  ];
  let routed = 0;
  let cadresFound = 0;
  for (const input of inputs) {
    const expectedPlace = placeOrError(agencies, input);
    for (const category of DISPUTE_CATEGORIES) {
      const narrowed = await reads.agenciesFor({ ...input, category });
      t.deepEqual(placeOrError(narrowed, input), expectedPlace, `${category} ${JSON.stringify(input)}`);
      if (typeof expectedPlace === 'string') continue;
      const place = expectedPlace as ReturnType<typeof placeOfDispute>;
      const committee = pickCommittee(narrowed, category, place);
      t.is(committee?.id, pickCommittee(agencies, category, place)?.id, `${category} in ${place.village}`);
      if (committee?.kind === 'mediation_committee') routed++;
    }
    if (typeof expectedPlace === 'string') continue;
    const village = (expectedPlace as ReturnType<typeof placeOfDispute>).village;
    const cadres = await reads.cadresOf(village);
    const expected = officials.filter((u) => u.villages.includes(village)).map((u) => u.id).sort((a, b) => a - b);
    t.deepEqual(cadres.map((u) => u.id).sort((a, b) => a - b), expected, village);
    cadresFound += expected.length;
  }
  // An administrative dispute's defendant: picked by id, or named as the other party.
  const government = agencies.filter((a) => a.kind === 'government');
  const defendants = [
    ...agencies.map((a) => ({ defendantAgencyId: a.id })),
    ...government.map((a) => ({ otherParty: ` ${a.name} ` })),
    { defendantAgencyId: 999_999 }, { otherParty: '不是机关' }, { otherParty: '' }, {},
  ];
  for (const d of defendants) {
    const input = { category: 'administrative' as const, description: '', phone: '', villageId: villages[0]!.id, ...d };
    const pick = (list: Agency[]) => {
      try {
        return defendantOf(input, list)?.id ?? null;
      } catch (err) {
        return err instanceof DomainError ? err.code : err;
      }
    };
    t.is(pick(await reads.agenciesFor(input)), pick(agencies), JSON.stringify(d));
  }
  // The table was not trivially empty: committees were picked and cadres found.
  t.true(routed > 500, `${routed} routings to a committee`);
  t.true(cadresFound >= odd.length, `${cadresFound} cadres found`);
});
