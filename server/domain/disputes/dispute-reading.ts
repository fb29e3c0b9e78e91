import type { DataSource, EntityManager } from 'typeorm';
import { Agency, Article, Dispute, DisputeArticle, DisputeEntry, DisputeExtension, ExplanationRequest, User } from '../../../entities';
import { perDataSource, type PlainSql, type Projection } from '../../db/plain-select';
import { errors } from '../errors';
import { common } from '../../texts/resident.texts';
import type { Principal } from '../principal';
import { canSee } from './dispute-access';
import { requestView } from './explanation-requests';

// The reads behind GET /api/disputes/:id, shaped for the request path
// (issue 14): each is one fixed SQL string with its values bound as
// parameters, written once per DataSource (server/db/plain-select.ts: the
// query builder cost more CPU than SQLite took to run the statement), and the
// people it names carry only the columns a view shows — never their personal
// data. test/disputes/dispute-read-queries.test.ts holds the count.

// The names the views show of a person.
export type PersonRef = Pick<User, 'id' | 'name' | 'role'>;

export type DisputeWithPeople = Dispute & { resident: PersonRef; committee: { id: number; name: string } | null; mediator: PersonRef | null };

const PERSON = ['id', 'name', 'role'] as const;

interface ReadStatements {
  dispute: { sql: string; d: Projection<Dispute>; r: Projection<User>; c: Projection<Agency>; m: Projection<User> };
  timeline: { sql: string; e: Projection<DisputeEntry>; a: Projection<User> };
  extensions: { sql: string; x: Projection<DisputeExtension> };
  attached: { sql: string; a: Projection<Article> };
  ofCategory: { sql: string; a: Projection<Article> };
  requests: { sql: string; rq: Projection<ExplanationRequest>; u: Projection<User> };
  p: PlainSql;
}

const readStatements = perDataSource((p): ReadStatements => {
  const { q, table, column: col } = p;
  const d = p.projection(Dispute, 'd');
  const r = p.projection(User, 'r', PERSON);
  const c = p.projection(Agency, 'c', ['id', 'name']);
  const m = p.projection(User, 'm', PERSON);
  const e = p.projection(DisputeEntry, 'e');
  const author = p.projection(User, 'a', PERSON);
  const x = p.projection(DisputeExtension, 'x');
  const article = p.projection(Article, 'a', ['id', 'title']);
  const rq = p.projection(ExplanationRequest, 'q');
  const u = p.projection(User, 'u', ['id', 'name']);
  const built: ReadStatements = {
    p,
    dispute: {
      d, r, c, m,
      sql: `SELECT ${d.select}, ${r.select}, ${c.select}, ${m.select} FROM ${table(Dispute)} ${q('d')}`
        + ` INNER JOIN ${table(User)} ${q('r')} ON ${q('r')}.${col(User, 'id')} = ${q('d')}.${col(Dispute, 'residentId')}`
        + ` LEFT JOIN ${table(Agency)} ${q('c')} ON ${q('c')}.${col(Agency, 'id')} = ${q('d')}.${col(Dispute, 'committeeId')}`
        + ` LEFT JOIN ${table(User)} ${q('m')} ON ${q('m')}.${col(User, 'id')} = ${q('d')}.${col(Dispute, 'mediatorId')}`
        + ` WHERE ${q('d')}.${col(Dispute, 'id')} = ?`,
    },
    timeline: {
      e, a: author,
      sql: `SELECT ${e.select}, ${author.select} FROM ${table(DisputeEntry)} ${q('e')}`
        + ` LEFT JOIN ${table(User)} ${q('a')} ON ${q('a')}.${col(User, 'id')} = ${q('e')}.${col(DisputeEntry, 'authorId')}`
        + ` WHERE ${q('e')}.${col(DisputeEntry, 'disputeId')} = ? ORDER BY ${q('e')}.${col(DisputeEntry, 'at')} ASC, ${q('e')}.${col(DisputeEntry, 'id')} ASC`,
    },
    extensions: {
      x,
      sql: `SELECT ${x.select} FROM ${table(DisputeExtension)} ${q('x')} WHERE ${q('x')}.${col(DisputeExtension, 'disputeId')} = ? ORDER BY ${q('x')}.${col(DisputeExtension, 'id')} ASC`,
    },
    attached: {
      a: article,
      sql: `SELECT ${article.select} FROM ${table(Article)} ${q('a')}`
        + ` INNER JOIN ${table(DisputeArticle)} ${q('l')} ON ${q('l')}.${col(DisputeArticle, 'articleId')} = ${q('a')}.${col(Article, 'id')}`
        + ` WHERE ${q('l')}.${col(DisputeArticle, 'disputeId')} = ? AND ${q('a')}.${col(Article, 'publishedAt')} IS NOT NULL`
        + ` ORDER BY ${q('l')}.${col(DisputeArticle, 'attachedAt')} ASC, ${q('l')}.${col(DisputeArticle, 'id')} ASC`,
    },
    ofCategory: {
      a: article,
      sql: `SELECT ${article.select} FROM ${table(Article)} ${q('a')}`
        + ` WHERE ${q('a')}.${col(Article, 'category')} = ? AND ${q('a')}.${col(Article, 'publishedAt')} IS NOT NULL`
        + ` ORDER BY ${q('a')}.${col(Article, 'publishedAt')} DESC, ${q('a')}.${col(Article, 'id')} DESC LIMIT ?`,
    },
    requests: {
      rq, u,
      sql: `SELECT ${rq.select}, ${u.select} FROM ${table(ExplanationRequest)} ${q('q')}`
        + ` LEFT JOIN ${table(User)} ${q('u')} ON ${q('u')}.${col(User, 'id')} = ${q('q')}.${col(ExplanationRequest, 'askerId')}`
        + ` WHERE ${q('q')}.${col(ExplanationRequest, 'disputeId')} = ? ORDER BY ${q('q')}.${col(ExplanationRequest, 'id')} ASC`,
    },
  };
  return built;
});

// The dispute with its resident, committee and mediator, in one statement.
// Someone else's dispute answers 404, as if it did not exist: ids cannot be probed.
export async function visibleWithPeople(em: EntityManager, id: number, who: Principal): Promise<DisputeWithPeople> {
  const s = readStatements(em.connection);
  const [row] = await s.p.rows(em, s.dispute.sql, [s.p.param(id)]);
  const d = row ? s.dispute.d.read(row) : null;
  if (!row || !d || !canSee(who, d)) throw errors.notFound(common.errors.things.dispute);
  return Object.assign(d, { resident: s.dispute.r.read(row)!, committee: s.dispute.c.read(row), mediator: s.dispute.m.read(row) }) as DisputeWithPeople;
}

// The timeline with each entry's author, in one statement.
export async function timelineOf(em: EntityManager, disputeId: number): Promise<Array<DisputeEntry & { author?: PersonRef | null }>> {
  const s = readStatements(em.connection);
  const rows = await s.p.rows(em, s.timeline.sql, [s.p.param(disputeId)]);
  return rows.map((row) => Object.assign(s.timeline.e.read(row)!, { author: s.timeline.a.read(row) ?? undefined }));
}

export async function extensionsOf(em: EntityManager, disputeId: number): Promise<DisputeExtension[]> {
  const s = readStatements(em.connection);
  const rows = await s.p.rows(em, s.extensions.sql, [s.p.param(disputeId)]);
  return rows.map((row) => s.extensions.x.read(row)!);
}

// The published articles a judge attached, in the order attached.
export async function attachedArticles(em: EntityManager, disputeId: number): Promise<Array<Pick<Article, 'id' | 'title'>>> {
  const s = readStatements(em.connection);
  const rows = await s.p.rows(em, s.attached.sql, [s.p.param(disputeId)]);
  return rows.map((row) => s.attached.a.read(row)!);
}

// The category's newest published articles.
export async function newestArticles(em: EntityManager, category: string, limit: number): Promise<Array<Pick<Article, 'id' | 'title'>>> {
  const s = readStatements(em.connection);
  const rows = await s.p.rows(em, s.ofCategory.sql, [category, s.p.param(limit)]);
  return rows.map((row) => s.ofCategory.a.read(row)!);
}

// The questions put to the judges about a dispute, with who asked, in one statement.
export async function requestsOf(em: EntityManager, disputeId: number) {
  const s = readStatements(em.connection);
  const rows = await s.p.rows(em, s.requests.sql, [s.p.param(disputeId)]);
  return rows.map((row) => requestView(s.requests.rq.read(row)!, s.requests.u.read(row)));
}
