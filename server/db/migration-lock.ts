import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

// Two instances of one deployment start together on one empty MySQL: without
// a lock both create the same tables and the slower one stops with "Table …
// already exists". GET_LOCK is held by a session, so it is taken and released
// on one dedicated connection (a QueryRunner); it is released by the server
// too if that connection drops. SQLite is used by one process: nothing to do.

export const MIGRATION_LOCK_TIMEOUT_S = 300;

// GET_LOCK names are server-wide, so the name carries the database's; at most 64 characters.
export function migrationLockName(database: string): string {
  const name = `fuyuan.migrate.${database}`;
  return name.length <= 64 ? name : `fuyuan.migrate.${createHash('sha256').update(database).digest('hex').slice(0, 40)}`;
}

export async function withMigrationLock<T>(ds: DataSource, work: () => Promise<T>, timeoutS = MIGRATION_LOCK_TIMEOUT_S): Promise<T> {
  if (ds.options.type !== 'mysql' && ds.options.type !== 'mariadb') return work();
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    const [{ database }] = (await runner.query('SELECT DATABASE() AS `database`')) as Array<{ database: string }>;
    const name = migrationLockName(database);
    const [{ got }] = (await runner.query('SELECT GET_LOCK(?, ?) AS got', [name, timeoutS])) as Array<{ got: number | string | null }>;
    // 0: timed out; NULL: an error on the server (out of memory, killed).
    if (Number(got) !== 1) {
      throw new Error(`another instance has held the migration lock "${name}" for ${timeoutS} s; is a migration stuck? (SHOW PROCESSLIST)`);
    }
    try {
      return await work();
    } finally {
      await runner.query('SELECT RELEASE_LOCK(?)', [name]);
    }
  } finally {
    await runner.release();
  }
}
