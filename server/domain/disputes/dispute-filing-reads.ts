import type { EntityManager } from 'typeorm';
import { Agency, Consent, Dispute, User, type DisputeCategory } from '../../../entities';
import { perDataSource, type PlainSql, type Projection } from '../../db/plain-select';
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
  agencies: { sql: string; a: Projection<Agency> };
  cadres: { sql: string; u: Projection<User> };
  resident: { sql: string; u: Projection<User> };
  mediators: { sql: string; u: Projection<User> };
}

const statementsOf = perDataSource((p): Statements => {
  const { q, table, column } = p;
  const A = (prop: string, alias: string) => `${q(alias)}.${column(Agency, prop)}`;
  const U = (prop: string) => `${q('u')}.${column(User, prop)}`;
  const D = (prop: string) => column(Dispute, prop);
  const a = p.projection(Agency, 'a');
  const cadre = p.projection(User, 'u', ['id', 'name', 'wecomUserId', 'villages']);
  const resident = p.projection(User, 'u', ['id', 'name', 'phoneCipher']);
  const mediator = p.projection(User, 'u', ['id', 'name', 'role', 'agencyId', 'wecomUserId']);
  const open = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');
  const built: Statements = {
    p,
    // Every agency the filing may need, in one statement: the centre; the
    // committees whose categories may hold this one (a JSON list: the LIKE
    // narrows, pickCommittee decides); the village named by id, or else by its
    // exact name, and its township; an administrative dispute's defendant, by
    // id or by the name typed.
    agencies: {
      a,
      sql: `SELECT ${a.select} FROM ${table(Agency)} ${q('a')}`
        + ` WHERE ${A('kind', 'a')} = 'mediation_centre'`
        + ` OR (${A('kind', 'a')} = 'mediation_committee' AND ${A('categories', 'a')} LIKE ? ESCAPE '!')`
        + ` OR (${A('kind', 'a')} = 'village' AND (${A('id', 'a')} = ? OR ${A('name', 'a')} = ?))`
        + ` OR ${A('id', 'a')} IN (SELECT ${A('parentId', 'v')} FROM ${table(Agency)} ${q('v')} WHERE ${A('kind', 'v')} = 'village' AND (${A('id', 'v')} = ? OR ${A('name', 'v')} = ?))`
        + ` OR ${A('id', 'a')} = ? OR ${A('name', 'a')} = ?`,
    },
    // The active officials whose villages (a JSON list) may hold this one.
    cadres: {
      u: cadre,
      sql: `SELECT ${cadre.select} FROM ${table(User)} ${q('u')}`
        + ` WHERE ${U('role')} = 'official' AND ${U('active')} = ? AND ${U('villages')} LIKE ? ESCAPE '!'`,
    },
    // The resident, locked on MySQL for the rest of the transaction (the daily
    // limit's check-then-write), with their disputes since a time and whether
    // their latest privacy consent stands (1), was withdrawn (0) or was never
    // given (NULL). The lock covers the user row only: MariaDB takes no locks
    // for the subqueries, which read after the lock is granted, as the first
    // read of the transaction, so they see every filing committed before.
    resident: {
      u: resident,
      sql: `SELECT ${resident.select},`
        + ` (SELECT COUNT(*) FROM ${table(Dispute)} ${q('d')} WHERE ${q('d')}.${D('residentId')} = ${U('id')} AND ${q('d')}.${D('createdAt')} >= ?) AS ${q('today')},`
        + ` (SELECT CASE WHEN ${q('c')}.${column(Consent, 'withdrawnAt')} IS NULL THEN 1 ELSE 0 END FROM ${table(Consent)} ${q('c')}`
        + ` WHERE ${q('c')}.${column(Consent, 'userId')} = ${U('id')} AND ${q('c')}.${column(Consent, 'kind')} = 'privacy' ORDER BY ${q('c')}.${column(Consent, 'id')} DESC LIMIT 1) AS ${q('consent')}`
        + ` FROM ${table(User)} ${q('u')} WHERE ${U('id')} = ?${p.sqlite ? '' : ' FOR UPDATE'}`,
    },
    // A committee's active mediators, each with the open disputes they hold.
    mediators: {
      u: mediator,
      sql: `SELECT ${mediator.select}, (SELECT COUNT(*) FROM ${table(Dispute)} ${q('d')}`
        + ` WHERE ${q('d')}.${D('mediatorId')} = ${U('id')} AND ${q('d')}.${D('status')} IN (${open})) AS ${q('open')}`
        + ` FROM ${table(User)} ${q('u')} WHERE ${U('agencyId')} = ? AND ${U('role')} = 'mediator' AND ${U('active')} = ?`,
    },
  };
  return built;
});

// `text` matched literally inside a LIKE pattern ('!' is the escape character).
const likeLiteral = (text: string) => text.replace(/[!%_]/g, (ch) => `!${ch}`);

// The reads, made once per DataSource like their statements: filing asks on every request.
export const filingReads = perDataSource((p) => {
  const s = statementsOf(p.ds);
  const { ds } = p;
  return {
    // A superset of the agencies placeOfDispute, pickCommittee and the
    // defendant's lookup choose from (they filter by kind themselves).
    async agenciesFor(input: { category: DisputeCategory; villageId?: number | null; village?: string | null; defendantAgencyId?: number | null; otherParty?: string | null }): Promise<Agency[]> {
      const byId = input.villageId != null;
      const [villageId, villageName] = [p.param(byId ? input.villageId : null), byId ? null : (input.village ?? '').trim()];
      const administrative = input.category === 'administrative';
      const rows = await p.rows(ds.manager, s.agencies.sql, [
        `%"${likeLiteral(input.category)}"%`,
        villageId, villageName, villageId, villageName,
        p.param(administrative ? input.defendantAgencyId ?? null : null), administrative ? input.otherParty?.trim() || null : null,
      ]);
      return rows.map((r) => s.agencies.a.read(r)!);
    },

    // Linked cadres (干部联村) of `village`, matched exactly.
    async cadresOf(village: string): Promise<CadreRef[]> {
      const rows = await p.rows(ds.manager, s.cadres.sql, [p.param(true), `%${likeLiteral(JSON.stringify(village))}%`]);
      return rows.map((r) => s.cadres.u.read(r)!).filter((u) => u.villages.includes(village));
    },

    // The resident locked, their filings since `since`, and whether their privacy consent stands.
    async lockResident(em: EntityManager, id: number, since: Date): Promise<{ resident: ResidentRow; filedSince: number; consentStands: boolean } | null> {
      const [row] = await p.rows(em, s.resident.sql, [p.param(since), p.param(id)]);
      if (!row) return null;
      return { resident: s.resident.u.read(row)!, filedSince: Number(row.today), consentStands: Number(row.consent) === 1 };
    },
  };
});

// The committee's active mediators and how many open disputes each holds, in one statement.
export async function mediatorLoads(em: EntityManager, committeeId: number): Promise<{ mediators: MediatorRef[]; open: Map<number, number> }> {
  const s = statementsOf(em.connection);
  const rows = await s.p.rows(em, s.mediators.sql, [s.p.param(committeeId), s.p.param(true)]);
  const mediators = rows.map((r) => s.mediators.u.read(r)!);
  return { mediators, open: new Map(mediators.map((m, i) => [m.id, Number(rows[i]!.open)])) };
}
