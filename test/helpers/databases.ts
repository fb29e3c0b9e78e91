import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { createConnection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { migrate, openDatabase } from '../../server/db/data-source';

// Every database test runs on a real SQLite file, and on MySQL/MariaDB too when
// TEST_DATABASE_URL names a server. Each test gets a database of its own, so
// ava's parallel workers never see each other's rows.

export type DbKind = 'sqlite' | 'mysql';

export const DB_KINDS: DbKind[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'mysql'] : ['sqlite'];

export interface TestDb {
  kind: DbKind;
  ds: DataSource;
  // Where the database lives, to open a second DataSource on it (several instances).
  target: { url?: string; sqlitePath: string };
  close(): Promise<void>;
}

export function mysqlUrlFor(database: string): string {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

// Drops `name` on the server `url` names, connected without a database of its own.
export async function dropMysqlDatabase(url: string, name: string): Promise<void> {
  const server = new URL(url);
  server.pathname = '/';
  const conn = await createConnection({ uri: server.toString() });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await conn.end();
  }
}

export async function openTestDb(kind: DbKind, { migrated = true } = {}): Promise<TestDb> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'fuyuan-test-'));
    const target = { sqlitePath: join(dir, 'fuyuan.sqlite') };
    const ds = await openDatabase(target);
    if (migrated) await migrate(ds);
    return {
      kind, ds, target,
      async close() {
        if (ds.isInitialized) await ds.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `fuyuan_t_${randomBytes(6).toString('hex')}`;
  const target = { url: mysqlUrlFor(name), sqlitePath: '' };
  const ds = await openDatabase(target);
  if (migrated) await migrate(ds);
  return {
    kind, ds, target,
    async close() {
      if (!ds.isInitialized) await ds.initialize();
      await ds.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await ds.destroy();
    },
  };
}

// Registers `title [sqlite]` and, with TEST_DATABASE_URL, `title [mysql]`.
export function eachDb(
  title: string,
  fn: (t: ExecutionContext, db: TestDb) => Promise<void>,
  opts: { migrated?: boolean; serial?: boolean } = {},
): void {
  for (const kind of DB_KINDS) {
    const register = opts.serial ? test.serial : test;
    register(`${title} [${kind}]`, async (t) => {
      const db = await openTestDb(kind, { migrated: opts.migrated ?? true });
      try {
        await fn(t, db);
      } finally {
        await db.close();
      }
    });
  }
}
