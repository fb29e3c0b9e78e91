import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { isMysqlUrl, migrate, openDatabase, type DatabaseTarget } from '../../server/db/data-source';
import { onCleanup } from './cleanup';

// The benchmarks' databases: a temporary SQLite file (in a temp dir named
// fuyuan-bench-<tag><pid>-XXXXXX), and MySQL/MariaDB too when BENCH_DATABASE_URL
// or TEST_DATABASE_URL names a loopback server (a fresh database
// fuyuan_bench_<pid hex><hex> is created and dropped). Everything created here
// registers its removal at once; what a killed run left behind (its process
// gone) is removed by the next run.

export type DbKind = 'sqlite' | 'mysql';

export function benchMysqlUrl(): string | undefined {
  const url = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  return isMysqlUrl(url) ? url : undefined;
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]' || host === '::1';
}

// `mysqlUrl` with `database` selected (none by default), spelled mysql: for mysql2.
function mysqlUrlOf(mysqlUrl: string, database = ''): URL {
  const u = new URL(mysqlUrl.replace(/^mariadb:/i, 'mysql:'));
  u.pathname = `/${database}`;
  return u;
}

// The databases to run on: SQLite, and MySQL when its URL names a loopback
// server; `skipped` says why not otherwise (`what` names the skipped part).
export function benchDbKinds(what: string): { kinds: DbKind[]; skipped: string[]; mysqlUrl?: string } {
  const mysqlUrl = benchMysqlUrl();
  if (!mysqlUrl) return { kinds: ['sqlite'], skipped: [`${what}: set BENCH_DATABASE_URL or TEST_DATABASE_URL (mysql://…) to include it`] };
  const host = mysqlUrlOf(mysqlUrl).hostname;
  if (isLoopback(host)) return { kinds: ['sqlite', 'mysql'], skipped: [], mysqlUrl };
  return { kinds: ['sqlite'], skipped: [`${what}: ${host} is not a loopback address; the benchmark only targets 127.0.0.1`] };
}

async function withMysqlServer<T>(mysqlUrl: string, fn: (conn: Awaited<ReturnType<typeof createConnection>>) => Promise<T>): Promise<T> {
  const conn = await createConnection({ uri: mysqlUrlOf(mysqlUrl).toString(), connectTimeout: 5000 });
  try {
    return await fn(conn);
  } finally {
    await conn.end();
  }
}

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

// A run killed outright (SIGKILL, a crash of the machine) cannot clean up after
// itself; the next one removes what it left: temp dirs and databases named by
// these benchmarks whose creating process no longer exists. Nothing else is touched.
export async function sweepLeftovers(mysqlUrl: string | undefined): Promise<void> {
  const swept: string[] = [];
  for (const entry of readdirSync(tmpdir())) {
    const m = /^fuyuan-bench-(?:http-|disputes-)?(\d+)-[A-Za-z0-9]{6}$/.exec(entry);
    if (m && Number(m[1]) !== process.pid && processGone(Number(m[1]))) {
      rmSync(join(tmpdir(), entry), { recursive: true, force: true });
      swept.push(join(tmpdir(), entry));
    }
  }
  if (mysqlUrl) {
    await withMysqlServer(mysqlUrl, async (conn) => {
      const [rows] = await conn.query(`SHOW DATABASES LIKE 'fuyuan\\_bench\\_%'`);
      for (const row of rows as Array<Record<string, string>>) {
        const name = Object.values(row)[0]!;
        const m = /^fuyuan_bench_([0-9a-f]{8})[0-9a-f]{6}$/.exec(name);
        if (m && parseInt(m[1]!, 16) !== process.pid && processGone(parseInt(m[1]!, 16))) {
          await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
          swept.push(`database ${name}`);
        }
      }
    });
  }
  for (const x of swept) console.log(`  removed a leftover of a killed run: ${x}`);
}

// A fresh place for one database, empty: a temp dir for a SQLite file, or the
// URL of a MySQL database that openDatabase creates. `dispose` removes it.
export interface BenchStore {
  kind: DbKind;
  dir: string;
  dbUrl: string;
  dispose: () => Promise<void>;
}

export function createBenchStore(kind: DbKind, tag = ''): BenchStore {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `fuyuan-bench-${tag}${process.pid}-`));
    return { kind, dir, dbUrl: '', dispose: onCleanup(`temp dir ${dir}`, () => rmSync(dir, { recursive: true, force: true })) };
  }
  const base = benchMysqlUrl();
  if (!base) throw new Error('no MySQL URL');
  // The creator's pid in the name, so a later run can tell a leftover from a database in use.
  const name = `fuyuan_bench_${process.pid.toString(16).padStart(8, '0')}${randomBytes(3).toString('hex')}`;
  // Registered before the database exists: a failure while creating or migrating still drops it.
  const dispose = onCleanup(`mysql database ${name}`, () =>
    withMysqlServer(base, async (conn) => void (await conn.query(`DROP DATABASE IF EXISTS \`${name}\``))),
  );
  return { kind, dir: '', dbUrl: mysqlUrlOf(base, name).toString(), dispose };
}

// What openDatabase takes for a store, here or in a server process given `dir` and `dbUrl`.
export function storeTarget(dir: string, dbUrl: string): DatabaseTarget {
  return dbUrl ? { url: dbUrl, sqlitePath: '' } : { sqlitePath: join(dir, 'fuyuan.sqlite') };
}

export async function openMigrated(dir: string, dbUrl: string): Promise<DataSource> {
  const ds = await openDatabase(storeTarget(dir, dbUrl));
  await migrate(ds);
  return ds;
}

export interface BenchDb {
  kind: DbKind;
  ds: DataSource;
  close: () => Promise<void>;
}

// A migrated database of `kind` in this process; `close` destroys and removes it.
export async function openBenchDb(kind: DbKind): Promise<BenchDb> {
  const store = createBenchStore(kind);
  let ds: DataSource | undefined;
  // Runs before the store's removal (newest first), also when a signal stops the run.
  const closeDs = onCleanup(`${kind} data source`, async () => {
    if (ds?.isInitialized) await ds.destroy();
  });
  ds = await openMigrated(store.dir, store.dbUrl);
  return {
    kind,
    ds,
    close: async () => {
      await closeDs();
      await store.dispose();
    },
  };
}

// The plan of `sql` as the database tells it, a line a step; `extra` adds MySQL's Extra column.
export async function explain(ds: DataSource, kind: DbKind, sql: string, params: unknown[], extra: boolean): Promise<string[]> {
  if (kind === 'sqlite') {
    const rows: Array<{ detail: string }> = await ds.query(`EXPLAIN QUERY PLAN ${sql}`, params);
    return rows.map((r) => r.detail);
  }
  const rows: Array<Record<string, unknown>> = await ds.query(`EXPLAIN ${sql}`, params);
  return rows.map((r) => {
    const line = `table=${r.table} type=${r.type} key=${r.key ?? 'NULL'} rows=${r.rows}`;
    return extra ? `${line} ${r.Extra ? `extra=${r.Extra}` : ''}`.trim() : line;
  });
}
