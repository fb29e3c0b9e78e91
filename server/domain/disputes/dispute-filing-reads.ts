import type { DataSource, EntityManager } from 'typeorm';
import { Agency, Article, Consent, Dispute, User, type DisputeCategory } from '../../../entities';
import { plainSql, type PlainSql, type Projection } from '../../db/plain-select';
import { OPEN_STATUSES } from './dispute-status';

// The reads behind POST /api/disputes, shaped for the request path as
// dispute-reading.ts shapes a read (issue 14): fixed SQL per DataSource, bound
// values, and only the rows the filing can use. Before, a filing loaded all
// 130 agencies and every official through TypeORM (1.5 ms of its 7.5 on
// SQLite) to pick one village, a few committees and a village's cadres. Each
// statement here returns a superset of what the pure rules then choose
// (placeOfDispute, pickCommittee, the cadres' exact village match), so the
// rules stay the judges and the SQL only narrows.

// What a mediator's load and the notices to them need, never personal data.
export type MediatorRef = Pick<User, 'id' | 'name' | 'role' | 'agencyId' | 'wecomUserId'>;
export type CadreRef = Pick<User, 'id' | 'name' | 'wecomUserId' | 'villages'>;
export type ResidentRow = Pick<User, 'id' | 'name' | 'phoneCipher'>;

interface Statements {
  p: PlainSql;
  place: { sql: string; v: Projection<Agency>; t: Projection<Agency> };
  committees: { sql: string; c: Projection<Agency> };
  agencies: { sql: string; a: Projection<Agency> };
  cadres: { sql: string; u: Projection<User> };
  articles: { sql: string; a: Projection<Article> };
  resident: { sql: string; u: Projection<User> };
  today: string;
  consent: string;
  mediators: { sql: string; u: Projection<User> };
}

const cache = new WeakMap<DataSource, Statements>();

function statementsOf(ds: DataSource): Statements {
  const known = cache.get(ds);
  if (known) return known;
  const p = plainSql(ds);
  const { q, table, column } = p;
  const A = (prop: string, alias: string) => `${q(alias)}.${column(Agency, prop)}`;
  const U = (prop: string) => `${q('u')}.${column(User, prop)}`;
  const D = (prop: string) => column(Dispute, prop);
  const v = p.projection(Agency, 'v', ['id', 'name', 'kind', 'parentId']);
  const t = p.projection(Agency, 't', ['id', 'name', 'kind', 'parentId']);
  const c = p.projection(Agency, 'c');
  const a = p.projection(Agency, 'a');
  const cadre = p.projection(User, 'u', ['id', 'name', 'wecomUserId', 'villages']);
  const article = p.projection(Article, 'a', ['id', 'category', 'title', 'body', 'publishedAt']);
  const resident = p.projection(User, 'u', ['id', 'name', 'phoneCipher']);
  const mediator = p.projection(User, 'u', ['id', 'name', 'role', 'agencyId', 'wecomUserId']);
  const open = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');
  const built: Statements = {
    p,
    // The village named by id, or else by its exact name, with its parent.
    place: {
      v, t,
      sql: `SELECT ${v.select}, ${t.select} FROM ${table(Agency)} ${q('v')}`
        + ` LEFT JOIN ${table(Agency)} ${q('t')} ON ${A('id', 't')} = ${A('parentId', 'v')}`
        + ` WHERE ${A('kind', 'v')} = 'village' AND (${A('id', 'v')} = ? OR ${A('name', 'v')} = ?)`,
    },
    // The centre, and the committees whose categories may hold this one (a
    // JSON list: the LIKE narrows, pickCommittee decides).
    committees: {
      c,
      sql: `SELECT ${c.select} FROM ${table(Agency)} ${q('c')}`
        + ` WHERE ${A('kind', 'c')} = 'mediation_centre' OR (${A('kind', 'c')} = 'mediation_committee' AND ${A('categories', 'c')} LIKE ? ESCAPE '!')`,
    },
    // An administrative dispute's defendant, by id or by the name typed.
    agencies: { a, sql: `SELECT ${a.select} FROM ${table(Agency)} ${q('a')} WHERE ${A('id', 'a')} = ? OR ${A('name', 'a')} = ?` },
    // The active officials whose villages (a JSON list) may hold this one.
    cadres: {
      u: cadre,
      sql: `SELECT ${cadre.select} FROM ${table(User)} ${q('u')}`
        + ` WHERE ${U('role')} = 'official' AND ${U('active')} = ? AND ${U('villages')} LIKE ? ESCAPE '!'`,
    },
    // The category's three newest published 法官说法, handed back with the serial.
    articles: {
      a: article,
      sql: `SELECT ${article.select} FROM ${table(Article)} ${q('a')}`
        + ` WHERE ${q('a')}.${column(Article, 'category')} = ? AND ${q('a')}.${column(Article, 'publishedAt')} IS NOT NULL`
        + ` ORDER BY ${q('a')}.${column(Article, 'publishedAt')} DESC, ${q('a')}.${column(Article, 'id')} DESC LIMIT 3`,
    },
    // Locked on MySQL for the rest of the transaction: the daily limit's check-then-write.
    resident: {
      u: resident,
      sql: `SELECT ${resident.select} FROM ${table(User)} ${q('u')} WHERE ${U('id')} = ?${p.sqlite ? '' : ' FOR UPDATE'}`,
    },
    today: `SELECT COUNT(*) AS ${q('n')} FROM ${table(Dispute)} WHERE ${D('residentId')} = ? AND ${D('createdAt')} >= ?`,
    consent: `SELECT ${column(Consent, 'withdrawnAt')} AS ${q('withdrawnAt')} FROM ${table(Consent)}`
      + ` WHERE ${column(Consent, 'userId')} = ? AND ${column(Consent, 'kind')} = 'privacy' ORDER BY ${column(Consent, 'id')} DESC LIMIT 1`,
    // A committee's active mediators, each with the open disputes they hold.
    mediators: {
      u: mediator,
      sql: `SELECT ${mediator.select}, (SELECT COUNT(*) FROM ${table(Dispute)} ${q('d')}`
        + ` WHERE ${q('d')}.${D('mediatorId')} = ${U('id')} AND ${q('d')}.${D('status')} IN (${open})) AS ${q('open')}`
        + ` FROM ${table(User)} ${q('u')} WHERE ${U('agencyId')} = ? AND ${U('role')} = 'mediator' AND ${U('active')} = ?`,
    },
  };
  cache.set(ds, built);
  return built;
}

// `text` matched literally inside a LIKE pattern ('!' is the escape character).
const likeLiteral = (text: string) => text.replace(/[!%_]/g, (ch) => `!${ch}`);

const unique = (agencies: Array<Agency | null>): Agency[] => [...new Map(agencies.filter((a): a is Agency => a !== null).map((a) => [a.id, a])).values()];

export function filingReads(ds: DataSource) {
  const s = statementsOf(ds);
  const { p } = s;
  return {
    // The villages that may be the one meant, and their townships: what placeOfDispute needs.
    async placeAgencies(input: { villageId?: number | null; village?: string | null }): Promise<Agency[]> {
      const byId = input.villageId != null;
      const rows = await p.rows(ds.manager, s.place.sql, [p.param(byId ? input.villageId : null), byId ? null : (input.village ?? '').trim()]);
      return unique(rows.flatMap((r) => [s.place.v.read(r), s.place.t.read(r)]));
    },

    async committeesFor(category: DisputeCategory): Promise<Agency[]> {
      const rows = await p.rows(ds.manager, s.committees.sql, [`%"${likeLiteral(category)}"%`]);
      return rows.map((r) => s.committees.c.read(r)!);
    },

    async agenciesByIdOrName(id: number | null, name: string | null): Promise<Agency[]> {
      if (id === null && !name) return [];
      const rows = await p.rows(ds.manager, s.agencies.sql, [p.param(id), name]);
      return rows.map((r) => s.agencies.a.read(r)!);
    },

    // Linked cadres (干部联村) of `village`, matched exactly.
    async cadresOf(village: string): Promise<CadreRef[]> {
      const rows = await p.rows(ds.manager, s.cadres.sql, [p.param(true), `%${likeLiteral(JSON.stringify(village))}%`]);
      return rows.map((r) => s.cadres.u.read(r)!).filter((u) => u.villages.includes(village));
    },

    async newestArticles(category: DisputeCategory): Promise<Article[]> {
      const rows = await p.rows(ds.manager, s.articles.sql, [category]);
      return rows.map((r) => s.articles.a.read(r)!);
    },

    async lockResident(em: EntityManager, id: number): Promise<ResidentRow | null> {
      const rows = await p.rows(em, s.resident.sql, [p.param(id)]);
      return rows[0] ? s.resident.u.read(rows[0]) : null;
    },

    async filedSince(em: EntityManager, residentId: number, since: Date): Promise<number> {
      const rows = await p.rows(em, s.today, [p.param(residentId), p.param(since)]);
      return Number(rows[0]?.n ?? 0);
    },

    // Whether the resident's privacy consent stands (given and not withdrawn).
    async privacyConsentStands(em: EntityManager, userId: number): Promise<boolean> {
      const rows = await p.rows(em, s.consent, [p.param(userId)]);
      return rows.length > 0 && rows[0]!.withdrawnAt === null;
    },
  };
}

// The committee's active mediators and how many open disputes each holds, in one statement.
export async function mediatorLoads(em: EntityManager, committeeId: number): Promise<{ mediators: MediatorRef[]; open: Map<number, number> }> {
  const s = statementsOf(em.connection);
  const rows = await s.p.rows(em, s.mediators.sql, [s.p.param(committeeId), s.p.param(true)]);
  const mediators = rows.map((r) => s.mediators.u.read(r)!);
  return { mediators, open: new Map(mediators.map((m, i) => [m.id, Number(rows[i]!.open)])) };
}
