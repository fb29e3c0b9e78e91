import type { EntityManager } from 'typeorm';

// The next number of a named sequence, inside the caller's transaction. One
// upsert creates the row on first use or increments it, and holds the row's
// lock until commit, so concurrent transactions take turns and no two get the
// same number. (An UPDATE that finds no row and then an INSERT deadlocks on
// MySQL when several transactions start the same sequence at once: each
// UPDATE leaves a gap lock that blocks the others' INSERT.)
//
// The same statement answers the number, so the lock is held one round trip
// less (issue 14): SQLite returns it (RETURNING); MySQL remembers
// LAST_INSERT_ID(expr) for this connection and sends it back as the OK
// packet's insertId, for the new row as for the incremented one.
export async function nextCounterValue(em: EntityManager, name: string): Promise<number> {
  const driver = em.connection.driver;
  const [table, nameCol, valueCol] = ['counter', 'name', 'value'].map((id) => driver.escape(id));
  if (em.connection.options.type === 'better-sqlite3') {
    const rows: Array<{ value: unknown }> = await em.query(
      `INSERT INTO ${table} (${nameCol}, ${valueCol}) VALUES (?, 1) ON CONFLICT (${nameCol}) DO UPDATE SET ${valueCol} = ${valueCol} + 1 RETURNING ${valueCol} AS value`,
      [name],
    );
    return checked(rows[0]?.value, name);
  }
  const answer: { insertId?: unknown } = await em.query(
    `INSERT INTO ${table} (${nameCol}, ${valueCol}) VALUES (?, LAST_INSERT_ID(1)) ON DUPLICATE KEY UPDATE ${valueCol} = LAST_INSERT_ID(${valueCol} + 1)`,
    [name],
  );
  return checked(answer.insertId, name);
}

function checked(value: unknown, name: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`counter ${name} answered ${String(value)}`);
  return n;
}
