import { IsNull, Not } from 'typeorm';
import { Article, Dispute, DisputeArticle, DisputeEntry, ExplanationRequest, Session } from '../../entities';
import { ADMIN_TOKEN_PRINCIPAL } from '../../server/domain/principal';
import { attachedArticles, readDispute } from '../../server/domain/disputes/dispute-reading';
import { CATEGORY_ARTICLES, readNewestArticles } from '../../server/domain/articles/newest-articles';
import { findSession } from '../../server/domain/session-lookup';
import { requestView } from '../../server/domain/disputes/explanation-requests';
import { hashToken } from '../../server/domain/tokens';
import { startHarness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';
import { countStatements } from '../helpers/statement-count.helper';
import { NANSHI_AGENCIES, NANSHI_PEOPLE, ok, pick, residentToken, seedDistrict } from '../helpers/district.helper';

// The read path's hand-written SQL (issue 14) against TypeORM's own reading of
// the same rows: every column hydrated alike (dates, booleans, JSON), on each
// database. The HTTP tests check the answers; this pins the hydration.

const columnsOf = (o: object | null | undefined) => (o ? Object.fromEntries(Object.entries(o).filter(([, v]) => typeof v !== 'object' || v === null || v instanceof Date || Array.isArray(v))) : o);

eachDb('the plain-SQL reads give the entities TypeORM gives', async (t, db) => {
  const h = await startHarness(db);
  try {
    const { people } = await seedDistrict(h, {
      agencies: pick(NANSHI_AGENCIES, ['committee', 'centre', 'court', 'town']),
      people: pick(NANSHI_PEOPLE, ['mediator', 'judge']),
    });
    const resident = await residentToken(h, 'plain-sql');
    const filed = await ok(
      h.request('POST', '/api/disputes', {
        token: resident,
        body: { category: 'neighbor', description: '邻居在公共楼道堆放杂物，影响通行和消防安全', village: '南关社区', phone: '13800001111', consent: true, callback: true },
      }),
      201,
    );
    await ok(h.request('POST', `/api/disputes/${filed.id}/messages`, { token: resident, body: { body: '杂物还在' } }), 201);
    await ok(h.request('POST', `/api/disputes/${filed.id}/messages`, { token: people.mediator.token, body: { body: '已联系物业' } }), 201);
    await ok(h.request('POST', `/api/disputes/${filed.id}/explanation-requests`, { token: people.mediator.token, body: { question: '对方是否应承担清理费用？' } }), 201);
    const em = db.ds.manager;

    // An entry with JSON in its meta, two that share their instant with another
    // (ties go by id), and one written last but dated first.
    const [first] = await em.find(DisputeEntry, { where: { disputeId: filed.id }, order: { id: 'ASC' }, take: 1 });
    await em.insert(DisputeEntry, [
      { disputeId: filed.id, kind: 'move', authorId: people.mediator.id, body: '状态"变更"\\\n第二行', via: 'api', meta: { from: 'submitted', to: 'accepted', note: '引号"与\\反斜杠' }, at: first!.at },
      { disputeId: filed.id, kind: 'message', authorId: null, body: '系统消息😀', via: 'system', meta: null, at: first!.at },
      { disputeId: filed.id, kind: 'message', authorId: null, body: '补记的早先一条', via: 'system', meta: null, at: new Date(first!.at.getTime() - 1000) },
    ]);
    const read = await readDispute(em, filed.id, ADMIN_TOKEN_PRINCIPAL, { requests: true });
    const plain = read.dispute;
    const orm = await em.findOne(Dispute, { where: { id: filed.id }, relations: { resident: true, mediator: true, committee: true } });
    t.deepEqual(columnsOf(plain), columnsOf(orm));
    t.deepEqual([plain.resident.id, plain.resident.name, plain.resident.role], [orm!.resident!.id, orm!.resident!.name, orm!.resident!.role]);
    t.deepEqual(plain.mediator?.id ?? null, orm!.mediator?.id ?? null);
    t.deepEqual(plain.committee?.name ?? null, orm!.committee?.name ?? null);

    const entries = read.entries;
    const ormEntries = await em.find(DisputeEntry, { where: { disputeId: filed.id }, order: { at: 'ASC', id: 'ASC' }, relations: { author: true } });
    t.true(entries.length >= 6);
    t.is(entries[0]!.body, '补记的早先一条');
    t.true(entries.some((e) => e.meta?.note === '引号"与\\反斜杠') && entries.some((e) => e.body === '系统消息😀' && e.author === null));
    t.deepEqual(entries.map(columnsOf), ormEntries.map(columnsOf));
    t.deepEqual(entries.map((e) => e.author?.name ?? null), ormEntries.map((e) => e.author?.name ?? null));
    t.deepEqual(entries.map((e) => e.meta), ormEntries.map((e) => e.meta));

    const ormRequests = await em.find(ExplanationRequest, { where: { disputeId: filed.id }, order: { id: 'ASC' }, relations: { asker: true } });
    t.is(ormRequests.length, 1);
    t.deepEqual(read.requests, ormRequests.map((r) => requestView(r, r.asker)));
    // Not asked for, not read.
    t.deepEqual((await readDispute(em, filed.id, ADMIN_TOKEN_PRINCIPAL, { requests: false })).requests, []);

    // Articles: attached ones in the order attached (not their ids' order),
    // then the category's newest published, ties by id; drafts never.
    // A day ahead of the clock: newer than any article the district came with.
    const base = h.clock.now().getTime() + 86_400_000;
    const at = (minutes: number) => new Date(base - minutes * 60_000);
    const article = async (category: 'neighbor' | 'labor', title: string, publishedAt: Date | null) =>
      (await em.insert(Article, { category, title, body: `${title}的正文，说明相关法律规定。`, judgeId: people.judge.id, publishedAt, createdAt: at(500) })).identifiers[0]!.id as number;
    const old = await article('neighbor', '相邻关系（旧）', at(300));
    const tieA = await article('neighbor', '相邻关系（同刻一）', at(100));
    const tieB = await article('neighbor', '相邻关系（同刻二）', at(100));
    await article('neighbor', '草稿', null);
    const labour = await article('labor', '欠薪怎么办', at(50));
    const draftAttached = await article('labor', '未发布', null);
    for (const [articleId, minutes] of [[tieA, 30], [labour, 40], [draftAttached, 20]] as const) {
      await em.insert(DisputeArticle, { disputeId: filed.id, articleId, attachedById: people.judge.id, attachedAt: at(minutes) });
    }
    const attachedOrm = await em.find(DisputeArticle, { where: { disputeId: filed.id }, order: { attachedAt: 'ASC', id: 'ASC' }, relations: { article: true } });
    const newestOrm = await em.find(Article, { where: { category: 'neighbor', publishedAt: Not(IsNull()) }, order: { publishedAt: 'DESC', id: 'DESC' }, take: CATEGORY_ARTICLES });
    const expected = [...attachedOrm.map((l) => l.article!).filter((a) => a.publishedAt), ...newestOrm.slice(0, 2)].map((a) => ({ id: a.id, title: a.title }));
    const again = await readDispute(em, filed.id, ADMIN_TOKEN_PRINCIPAL, { requests: false });
    const newest = await readNewestArticles(em, 'neighbor');
    t.deepEqual([...again.attached, ...newest.slice(0, 2)].map((a) => ({ id: a.id, title: a.title })), expected);
    // The attached ones by their own statement (the attach path's).
    t.deepEqual([...(await attachedArticles(em, filed.id)), ...newest.slice(0, 2)].map((a) => ({ id: a.id, title: a.title })), expected);
    // The category's newest whole, as TypeORM reads them.
    t.deepEqual(newest.map((a) => [a.id, a.title, a.category, a.publishedAt]), newestOrm.map((a) => [a.id, a.title, a.category, a.publishedAt!.toISOString()]));
    // What the oracle itself says, so that both cannot be wrong alike; the page drops the repeated tieA.
    t.deepEqual(expected.map((a) => a.id), [labour, tieA, tieB, tieA]);
    t.false([old, draftAttached].some((id) => expected.some((a) => a.id === id)));

    const hash = hashToken(resident);
    const found = await findSession(db.ds, hash, h.clock.now());
    const ormSession = await em.findOne(Session, { where: { tokenHash: hash }, relations: { user: true } });
    t.is(found!.session.id, ormSession!.id);
    t.deepEqual(found!.session.expiresAt, ormSession!.expiresAt);
    t.deepEqual([found!.user.active, found!.user.villages, found!.user.agencyId], [ormSession!.user!.active, ormSession!.user!.villages, ormSession!.user!.agencyId]);
  } finally {
    await h.close();
  }
});

// A timeline of 1.2 MB, with text JSON must escape: the read is TypeORM's,
// entry for entry, in as many statements as a short one, and the page shows
// all of it. (MariaDB would have cut a JSON aggregate of it at 1 MB.)
eachDb('a timeline of 1.2 MB is read whole, in as many statements as a short one', async (t, db) => {
  const h = await startHarness(db);
  const counter = countStatements(db.ds);
  try {
    const { people } = await seedDistrict(h, {
      agencies: pick(NANSHI_AGENCIES, ['committee', 'centre', 'court', 'town']),
      people: pick(NANSHI_PEOPLE, ['mediator']),
    });
    const resident = await residentToken(h, 'long-timeline');
    const body = { category: 'neighbor', description: '邻居在公共楼道堆放杂物，影响通行和消防安全', village: '南关社区', phone: '13800001111', consent: true };
    const short = await ok(h.request('POST', '/api/disputes', { token: resident, body }), 201);
    const long = await ok(h.request('POST', '/api/disputes', { token: resident, body }), 201);
    const em = db.ds.manager;
    const [first] = await em.find(DisputeEntry, { where: { disputeId: long.id }, take: 1 });
    const authors = [first!.authorId, people.mediator.id, null];
    // 200 entries of 2,000 characters (6,000 bytes in UTF-8): 1.2 MB of text,
    // with what JSON must escape (quotes, backslashes, line breaks, control
    // characters) and characters outside the BMP.
    const rows = Array.from({ length: 200 }, (_, i) => ({
      disputeId: long.id,
      kind: 'message' as const,
      authorId: authors[i % 3]!,
      body: `第${i}条"引号"\\反斜杠\n换行\u001f😀`.padEnd(2000, '杂物还在楼道里'),
      via: 'miniprogram' as const,
      meta: i % 7 ? null : { n: i, note: `"${i}"\\` },
      // Ten entries an instant: the order within one goes by id.
      at: new Date(first!.at.getTime() + Math.floor(i / 10) * 1000),
    }));
    for (let i = 0; i < rows.length; i += 50) await em.insert(DisputeEntry, rows.slice(i, i + 50));
    t.true(rows.reduce((n, r) => n + Buffer.byteLength(r.body), 0) > 1_048_576);

    const readCounted = async (id: number) => {
      counter.take();
      const read = await readDispute(em, id, ADMIN_TOKEN_PRINCIPAL, { requests: true });
      return { read, statements: counter.take().length };
    };
    // One statement on either database.
    const expected = 1;
    t.is((await readCounted(short.id)).statements, expected);
    const { read, statements } = await readCounted(long.id);
    t.is(statements, expected);
    const orm = await em.find(DisputeEntry, { where: { disputeId: long.id }, order: { at: 'ASC', id: 'ASC' }, relations: { author: true } });
    t.is(read.entries.length, 201);
    t.deepEqual(read.entries.map(columnsOf), orm.map(columnsOf));
    t.deepEqual(read.entries.map((e) => [e.author?.name ?? null, e.meta]), orm.map((e) => [e.author?.name ?? null, e.meta]));

    const page = await ok(h.request('GET', `/api/disputes/${long.id}`, { token: people.mediator.token }), 200);
    t.is(page.timeline.length, 201);
    t.is(page.timeline.at(-1).body, rows.at(-1)!.body);
  } finally {
    counter.restore();
    await h.close();
  }
});
