import type { EntityManager } from 'typeorm';
import { Agency, Article, Dispute, DisputeArticle, DisputeEntry, DisputeExtension, ExplanationRequest, User } from '../../../entities';
import { perDataSource, type PlainSql, type Projection } from '../../db/plain-select';
import { errors } from '../errors';
import { common } from '../../texts/resident.texts';
import type { Principal } from '../principal';
import { canSee } from './dispute-access';
import { requestView } from './explanation-requests';

// The read behind GET /api/disputes/:id, shaped for the request path
// (issue 14): ONE statement. A read returns the dispute with its people and
// its lists (the timeline with authors, extensions, attached articles, the
// questions put to the judges), every row a JSON array: one value for the
// driver to hand over, not an object of ~30 named fields. Its shape is the
// one each database was measured fastest with (bench/README.md, "Fifth pass"):
// - MySQL/MariaDB: the lists' rows joined by UNION ALL, each tagged with what
//   it is. Five statements had cost five round trips (~150 µs each here).
//   Folding a list into one JSON_ARRAYAGG instead costs MariaDB 300–500 µs a
//   list and is cut at group_concat_max_len.
// - SQLite: one row, each list folded into a JSON array by a subquery beside
//   the dispute's own (the driver's cost is per row and per statement, and a
//   compound's branches each pay it).
// The category's newest articles, which the page also shows, are remembered
// across reads (articles/newest-articles.ts).
//
// Statements are fixed SQL with bound parameters, written once per
// DataSource, and the people they name carry only the columns a view shows
// — never their personal data. test/disputes/dispute-read-queries.test.ts
// holds the count; test/disputes/dispute-read-plain-sql.test.ts holds what
// they read to what TypeORM reads. Rows come in no set order, so each list
// is sorted here.

// The names the views show of a person.
export type PersonRef = Pick<User, 'id' | 'name' | 'role'>;

export type DisputeWithPeople = Dispute & { resident: PersonRef; committee: { id: number; name: string } | null; mediator: PersonRef | null };

const PERSON = ['id', 'name', 'role'] as const;

type Entry = DisputeEntry & { author?: PersonRef | null };
export type ArticleRef = Pick<Article, 'id' | 'title'>;
type RequestView = ReturnType<typeof requestView>;

// What a read of one dispute gives, each list in the order the views show it.
export interface DisputeRead {
  dispute: DisputeWithPeople;
  entries: Entry[];
  extensions: DisputeExtension[];
  // The published articles a judge attached, in the order attached.
  attached: ArticleRef[];
  // The questions put to the judges, with who asked; [] unless asked for.
  requests: RequestView[];
}

interface ReadStatements {
  p: PlainSql;
  // The whole read, without and with the questions to the judges. MySQL:
  // rows of (k, v), k one of ROW, v a JSON array; SQLite: one row, column
  // v<k> for each k (the dispute's JSON array, each list's JSON array of them).
  whole: { plain: Whole; withRequests: Whole };
  d: Projection<Dispute>; r: Projection<User>; c: Projection<Agency>; m: Projection<User>;
  e: Projection<DisputeEntry>; author: Projection<User>;
  x: Projection<DisputeExtension>;
  article: Projection<Article>; link: Projection<DisputeArticle>;
  rq: Projection<ExplanationRequest>; u: Projection<User>;
  // The attached articles alone, as JSON rows (the attach path's).
  attached: string;
}

// What each row (MySQL) or column (SQLite) of the whole read is.
const ROW = { dispute: 0, entry: 1, extension: 2, attached: 3, request: 4 } as const;

interface Whole {
  sql: string;
  params(id: unknown): unknown[];
  // The ROW kinds it reads.
  kinds: number[];
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
  const link = p.projection(DisputeArticle, 'l', ['id', 'attachedAt']);
  const rq = p.projection(ExplanationRequest, 'q');
  const u = p.projection(User, 'u', ['id', 'name']);
  const a = (property: string) => `${q('a')}.${col(Article, property)}`;
  const on = (alias: string, entity: typeof User | typeof Agency, to: string) => `${q(alias)}.${col(entity, 'id')} = ${to}`;

  // Each list: what it is, its values, and its FROM … WHERE for a dispute id
  // (`?`, or the outer row's on SQLite).
  type List = { k: number; values: string; from: (id: string) => string };
  const attachedList: List = {
    k: ROW.attached,
    values: `${article.values}, ${link.values}`,
    from: (id) => ` FROM ${table(Article)} ${q('a')} INNER JOIN ${table(DisputeArticle)} ${q('l')} ON ${q('l')}.${col(DisputeArticle, 'articleId')} = ${a('id')}`
      + ` WHERE ${q('l')}.${col(DisputeArticle, 'disputeId')} = ${id} AND ${a('publishedAt')} IS NOT NULL`,
  };
  const lists: List[] = [
    {
      k: ROW.entry,
      values: `${e.values}, ${author.values}`,
      from: (id) => ` FROM ${table(DisputeEntry)} ${q('e')} LEFT JOIN ${table(User)} ${q('a')} ON ${on('a', User, `${q('e')}.${col(DisputeEntry, 'authorId')}`)}`
        + ` WHERE ${q('e')}.${col(DisputeEntry, 'disputeId')} = ${id}`,
    },
    { k: ROW.extension, values: x.values, from: (id) => ` FROM ${table(DisputeExtension)} ${q('x')} WHERE ${q('x')}.${col(DisputeExtension, 'disputeId')} = ${id}` },
    attachedList,
  ];
  const requests: List = {
    k: ROW.request,
    values: `${rq.values}, ${u.values}`,
    from: (id) => ` FROM ${table(ExplanationRequest)} ${q('q')} LEFT JOIN ${table(User)} ${q('u')} ON ${on('u', User, `${q('q')}.${col(ExplanationRequest, 'askerId')}`)}`
      + ` WHERE ${q('q')}.${col(ExplanationRequest, 'disputeId')} = ${id}`,
  };
  const dispute: List = {
    k: ROW.dispute,
    values: [d.values, r.values, c.values, m.values].join(', '),
    from: (id) => ` FROM ${table(Dispute)} ${q('d')}`
      + ` INNER JOIN ${table(User)} ${q('r')} ON ${on('r', User, `${q('d')}.${col(Dispute, 'residentId')}`)}`
      + ` LEFT JOIN ${table(Agency)} ${q('c')} ON ${on('c', Agency, `${q('d')}.${col(Dispute, 'committeeId')}`)}`
      + ` LEFT JOIN ${table(User)} ${q('m')} ON ${on('m', User, `${q('d')}.${col(Dispute, 'mediatorId')}`)}`
      + ` WHERE ${q('d')}.${col(Dispute, 'id')} = ${id}`,
  };

  const whole = (withRequests: boolean): Whole => {
    const all = [...lists, ...(withRequests ? [requests] : [])];
    if (p.sqlite) {
      const outer = `${q('d')}.${col(Dispute, 'id')}`;
      const folded = all.map((l) => `(SELECT ${p.jsonList(p.jsonRow(l.values))}${l.from(outer)}) AS ${q(`v${l.k}`)}`);
      return {
        sql: `SELECT ${[`${p.jsonRow(dispute.values)} AS ${q(`v${dispute.k}`)}`, ...folded].join(', ')}${dispute.from('?')}`,
        params: (id) => [id],
        kinds: [dispute.k, ...all.map((l) => l.k)],
      };
    }
    const branches = [dispute, ...all];
    return {
      sql: branches.map((l) => `SELECT ${l.k} AS ${q('k')}, ${p.jsonRow(l.values)} AS ${q('v')}${l.from('?')}`).join(' UNION ALL '),
      params: (id) => branches.map(() => id),
      kinds: branches.map((l) => l.k),
    };
  };

  return {
    p, d, r, c, m, e, author, x, article, link, rq, u,
    whole: { plain: whole(false), withRequests: whole(true) },
    attached: `SELECT ${p.jsonRow(attachedList.values)} AS ${q('v')}${attachedList.from('?')}`,
  };
});

const byTimeThenId = <T extends { id: number }>(at: (x: T) => Date) => (a: T, b: T) => at(a).getTime() - at(b).getTime() || a.id - b.id;
const byEntryTime = byTimeThenId((e: Entry) => e.at);
const byAttachedTime = byTimeThenId((l: DisputeArticle) => l.attachedAt);

// Attached articles from their JSON rows (article, then its link), in the order attached.
function attachedFrom(s: ReadStatements, rows: unknown[][]): ArticleRef[] {
  return rows
    .map((v) => ({ article: s.article.readValues(v, 0)!, link: s.link.readValues(v, s.article.width)! }))
    .sort((a, b) => byAttachedTime(a.link, b.link))
    .map((a) => a.article);
}

// The whole read's rows by what they are (ROW), from its one statement.
async function readRows(em: EntityManager, s: ReadStatements, id: number, o: { requests: boolean }): Promise<unknown[][][]> {
  const { p } = s;
  const whole = o.requests ? s.whole.withRequests : s.whole.plain;
  const rows = await p.rows(em, whole.sql, whole.params(p.param(id)));
  const of: unknown[][][] = Object.values(ROW).map(() => []);
  if (!p.sqlite) {
    for (const one of rows) of[Number(one.k)]!.push(p.fromJson(one.v) as unknown[]);
  } else if (rows[0]) {
    const [row] = rows;
    for (const k of whole.kinds) {
      const v = p.fromJson(row[`v${k}`]);
      of[k] = k === ROW.dispute ? [v as unknown[]] : (v as unknown[][]);
    }
  }
  return of;
}

// One dispute and everything its page shows. Someone else's dispute answers
// 404, as if it did not exist: ids cannot be probed.
export async function readDispute(em: EntityManager, id: number, who: Principal, o: { requests: boolean }): Promise<DisputeRead> {
  const s = readStatements(em.connection);
  const of = await readRows(em, s, id, o);
  const [head] = of[ROW.dispute]!;
  const d = head ? s.d.readValues(head, 0) : null;
  if (!head || !d || !canSee(who, d)) throw errors.notFound(common.errors.things.dispute);
  const people = s.d.width;
  return {
    dispute: Object.assign(d, {
      resident: s.r.readValues(head, people)!,
      committee: s.c.readValues(head, people + s.r.width),
      mediator: s.m.readValues(head, people + s.r.width + s.c.width),
    }) as DisputeWithPeople,
    entries: of[ROW.entry]!
      .map((v): Entry => Object.assign(s.e.readValues(v, 0)!, { author: s.author.readValues(v, s.e.width) }))
      .sort(byEntryTime),
    extensions: of[ROW.extension]!.map((v) => s.x.readValues(v, 0)!).sort((a, b) => a.id - b.id),
    attached: attachedFrom(s, of[ROW.attached]!),
    requests: of[ROW.request]!
      .map((v) => ({ rq: s.rq.readValues(v, 0)!, asker: s.u.readValues(v, s.rq.width) }))
      .sort((a, b) => a.rq.id - b.rq.id)
      .map((a) => requestView(a.rq, a.asker)),
  };
}

// The published articles a judge attached to a dispute, in the order attached.
export async function attachedArticles(em: EntityManager, disputeId: number): Promise<ArticleRef[]> {
  const s = readStatements(em.connection);
  const rows = await s.p.rows(em, s.attached, [s.p.param(disputeId)]);
  return attachedFrom(s, rows.map((one) => s.p.fromJson(one.v) as unknown[]));
}
