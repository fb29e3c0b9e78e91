import type { EntityManager } from 'typeorm';
import { Counter } from '../../entities';

// The next number of a named sequence, inside the caller's transaction. One
// upsert creates the row on first use or increments it, and holds the row's
// lock until commit, so concurrent transactions take turns and no two get the
// same number. (An UPDATE that finds no row and then an INSERT deadlocks on
// MySQL when several transactions start the same sequence at once: each
// UPDATE leaves a gap lock that blocks the others' INSERT.)
export async function nextCounterValue(em: EntityManager, name: string): Promise<number> {
  const driver = em.connection.driver;
  const [table, nameCol, valueCol] = ['counter', 'name', 'value'].map((id) => driver.escape(id));
  await em.query(
    em.connection.options.type === 'better-sqlite3'
      ? `INSERT INTO ${table} (${nameCol}, ${valueCol}) VALUES (?, 1) ON CONFLICT (${nameCol}) DO UPDATE SET ${valueCol} = ${valueCol} + 1`
      : `INSERT INTO ${table} (${nameCol}, ${valueCol}) VALUES (?, 1) ON DUPLICATE KEY UPDATE ${valueCol} = ${valueCol} + 1`,
    [name],
  );
  return (await em.findOneByOrFail(Counter, { name })).value;
}
