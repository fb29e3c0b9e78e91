import type { DataSource } from 'typeorm';
import { Session, User } from '../../entities';
import { perDataSource, type PlainSql, type Projection } from '../db/plain-select';

// The session behind a bearer token with the user it speaks for, on a cache
// miss of the session cache: one fixed SQL string per DataSource (issue 14),
// the user's columns limited to what a principal holds.

interface LookupStatement {
  p: PlainSql;
  sql: string;
  s: Projection<Session>;
  u: Projection<User>;
}

const lookupStatement = perDataSource((p): LookupStatement => {
  const { q, table, column } = p;
  const s = p.projection(Session, 's', ['id', 'kind', 'userId', 'expiresAt']);
  const u = p.projection(User, 'u', ['id', 'role', 'name', 'agencyId', 'villages', 'active']);
  const built: LookupStatement = {
    p, s, u,
    sql: `SELECT ${s.select}, ${u.select} FROM ${table(Session)} ${q('s')}`
      + ` INNER JOIN ${table(User)} ${q('u')} ON ${q('u')}.${column(User, 'id')} = ${q('s')}.${column(Session, 'userId')}`
      + ` WHERE ${q('s')}.${column(Session, 'tokenHash')} = ? AND ${q('s')}.${column(Session, 'expiresAt')} > ?`,
  };
  return built;
});

// The unexpired session with this token hash, or null.
export async function findSession(db: DataSource, tokenHash: string, now: Date): Promise<{ session: Session; user: User } | null> {
  const st = lookupStatement(db);
  const [row] = await st.p.rows(db.manager, st.sql, [tokenHash, st.p.param(now)]);
  if (!row) return null;
  return { session: st.s.read(row)!, user: st.u.read(row)! };
}
