import { IsNull, Not } from 'typeorm';
import { Article } from '../../entities';
import { CATEGORY_ARTICLES, createNewestArticles, NEWEST_ARTICLES_TTL_MS } from '../../server/domain/articles/newest-articles';
import { startHarness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';
import { NANSHI_AGENCIES, NANSHI_PEOPLE, ok, pick, residentToken, seedDistrict } from '../helpers/district.helper';

// Each category's newest 法官说法 are remembered across reads and filings
// (newest-articles.ts). Two instances over one database, as two containers of
// one deployment: a judge's new article shows beside the disputes of its
// category at once on the instance it was published on, and on the other once
// that instance's memory of the category is NEWEST_ARTICLES_TTL_MS old. Each
// instance's memory ages on a timer this test moves.

eachDb('a published article shows at once where it was published, and on another instance within the TTL', async (t, db) => {
  const timer = { a: 0, b: 0 };
  const a = await startHarness(db, { newestArticles: createNewestArticles({ monotonicMs: () => timer.a }) });
  const b = await startHarness(db, { newestArticles: createNewestArticles({ monotonicMs: () => timer.b }) });
  try {
    const { people } = await seedDistrict(a, {
      agencies: pick(NANSHI_AGENCIES, ['committee', 'centre', 'court', 'town']),
      people: pick(NANSHI_PEOPLE, ['mediator', 'judge']),
    });
    const resident = await residentToken(a, 'newest-articles');
    const filing = { category: 'neighbor', description: '邻居在公共楼道堆放杂物，影响通行和消防安全', village: '南关社区', phone: '13800001111', consent: true };
    const publish = async (title: string, category = 'neighbor') =>
      (await ok(a.request('POST', '/api/articles', { token: people.judge.token, body: { category, title, body: `${title}：依照民法典第二百八十八条，不动产的相邻权利人应当按照有利生产、方便生活、团结互助、公平合理的原则，正确处理相邻关系。` } }), 201)).id as number;
    // What the database holds, newest first: the oracle.
    const newestInDb = async () =>
      (await db.ds.manager.find(Article, { where: { category: 'neighbor', publishedAt: Not(IsNull()) }, order: { publishedAt: 'DESC', id: 'DESC' }, take: CATEGORY_ARTICLES })).map((x) => x.id);
    const shown = async (h: typeof a, id: number) => (await ok(h.request('GET', `/api/disputes/${id}`, { token: resident }), 200)).articles.map((x: { id: number }) => x.id);

    a.clock.advance(60_000);
    const first = await publish('楼道堆物怎么处理');
    const filed = await ok(a.request('POST', '/api/disputes', { token: resident, body: filing }), 201);
    t.deepEqual(filed.articles.map((x: { id: number }) => x.id), (await newestInDb()).slice(0, 3), 'a filing hands back the three newest');
    t.is(filed.articles[0].id, first);
    // Both instances have read the category just now.
    t.deepEqual(await shown(a, filed.id), await newestInDb());
    t.deepEqual(await shown(b, filed.id), await newestInDb());

    a.clock.advance(60_000);
    const second = await publish('噪音扰民可以怎么办');
    await publish('欠薪怎么办', 'labor');
    t.is((await newestInDb())[0], second);
    t.deepEqual(await shown(a, filed.id), await newestInDb(), 'the instance it was published on shows it at once');
    const again = await ok(a.request('POST', '/api/disputes', { token: resident, body: filing }), 201);
    t.is(again.articles[0].id, second, 'and hands it back with the next filing');

    // The other instance remembers the category for at most the TTL.
    timer.b += NEWEST_ARTICLES_TTL_MS - 1;
    t.false((await shown(b, filed.id)).includes(second), 'remembered, not yet read again');
    timer.b += 1;
    t.deepEqual(await shown(b, filed.id), await newestInDb(), `the other instance shows it within ${NEWEST_ARTICLES_TTL_MS} ms`);
  } finally {
    await a.close();
    await b.close();
  }
});
