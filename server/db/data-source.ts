import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions, type ObjectLiteral } from 'typeorm';
import { entities, migrations } from '../../entities';

export interface DatabaseTarget {
  // mysql://user:pass@host:3306/db, or undefined for the embedded SQLite file.
  url?: string;
  sqlitePath: string;
  // TypeORM reads MariaDB's information_schema differently from MySQL's; the
  // server says which it is when we first connect.
  flavor?: 'mysql' | 'mariadb';
}

export function isMysqlUrl(url: string | undefined): url is string {
  return !!url && /^(mysql|mariadb):\/\//i.test(url);
}

export function dataSourceOptions(target: DatabaseTarget): DataSourceOptions {
  const common = { entities, migrations, migrationsRun: false, synchronize: false, logging: false } as const;
  if (isMysqlUrl(target.url)) {
    return {
      ...common,
      type: target.flavor ?? 'mysql',
      url: target.url.replace(/^mariadb:/i, 'mysql:'),
      // unicode_520: the older utf8mb4_unicode_ci gives every character outside the
      // BMP one weight, so 𠀀 = 😀 = 𠁀 and two names differing only in such a
      // character would collide on a unique index.
      charset: 'utf8mb4_unicode_520_ci',
      // Every instant is stored in UTC; Asia/Shanghai is a matter of display and deadlines.
      timezone: 'Z',
      connectTimeout: 10000,
      poolSize: 10,
      // trace: mysql2 otherwise captures a stack trace on every query, for
      // the rare error's call site: 7.6 % of a filing's CPU under load (issue
      // 14). A failed query still names its SQL through TypeORM's QueryFailedError.
      // maxPreparedStatements: the request path's reads run as prepared
      // statements (db/plain-select.ts); each connection keeps its newest 256
      // and closes older ones on the server, so ten connections of each
      // instance stay far under MariaDB's max_prepared_stmt_count (16,382).
      extra: { enableKeepAlive: true, trace: false, maxPreparedStatements: 256 },
    };
  }
  mkdirSync(dirname(target.sqlitePath), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: target.sqlitePath,
    // WAL lets readers go on while the outbox sender writes.
    enableWAL: true,
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
    },
  };
}

// MariaDB's default character set cannot hold every Chinese name; a database
// we create ourselves is utf8mb4 from the start.
export async function ensureMysqlDatabase(url: string): Promise<'mysql' | 'mariadb'> {
  const parsed = new URL(url.replace(/^mariadb:/i, 'mysql:'));
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!name) throw new Error('DATABASE_URL must name a database, e.g. mysql://root@127.0.0.1:3306/fuyuan');
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`database name "${name}" may hold only letters, digits and _`);
  parsed.pathname = '/';
  // Loaded here, not at the top: a server on the embedded SQLite file never needs it.
  const { createConnection } = await import('mysql2/promise');
  const conn = await createConnection({ uri: parsed.toString(), connectTimeout: 20000 });
  try {
    await conn.query(
      `CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci`,
    );
    const [rows] = await conn.query('SELECT VERSION() AS version');
    const version = String((rows as Array<{ version: string }>)[0]?.version ?? '');
    return /mariadb/i.test(version) ? 'mariadb' : 'mysql';
  } finally {
    await conn.end();
  }
}

export async function openDatabase(target: DatabaseTarget): Promise<DataSource> {
  const flavor = isMysqlUrl(target.url) ? await ensureMysqlDatabase(target.url) : undefined;
  const ds = new DataSource(dataSourceOptions({ ...target, flavor }));
  await ds.initialize();
  if (!flavor) {
    serializeTransactions(ds);
    bindIntegers(ds);
  }
  return ds;
}

// TypeORM's SQLite driver writes a number parameter into the SQL text
// ("WHERE id = 42"), so every dispute, user and session id makes a statement
// of its own: better-sqlite3 prepares it anew each time and its statement
// cache never hits (a tenth of a read's time, issue 14). Whole numbers are
// bound instead, as BigInt so that SQLite receives an INTEGER exactly as the
// literal was (a plain JS number would bind as REAL, and a REAL 5 stored in a
// text column reads "5.0"). Other numbers are left to TypeORM.
function bindIntegers(ds: DataSource): void {
  const driver = ds.driver as unknown as { escapeQueryWithParameters(sql: string, params: ObjectLiteral): [string, unknown[]] };
  const original = driver.escapeQueryWithParameters.bind(driver);
  driver.escapeQueryWithParameters = (sql, params) => {
    if (!params) return original(sql, params);
    const bound: ObjectLiteral = {};
    // A bigint is none of the kinds TypeORM writes into the text: it is bound as it is.
    for (const [key, value] of Object.entries(params)) bound[key] = typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : value;
    return original(sql, bound);
  };
}

// TypeORM drives SQLite through one connection: two transactions begun at once
// collide ("cannot start a transaction within a transaction") and one's
// statements land in the other's. Queued, they run one after another, as
// SQLite would run them anyway. Code inside a transaction must use the
// transaction's own manager, never ds.transaction again, or it waits on itself.
//
// Each waits for a turn of the event loop before it begins (issue 14). The
// driver is synchronous, so a queue of transactions chained on promises ran
// back to back in microtasks, never letting Node read a socket: under 50
// filings at once the loop stalled for 120–240 ms at a time and p99 reached
// 3 s. With the turn, the longest stall was ~20 ms and p99 0.2–0.4 s.
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function serializeTransactions(ds: DataSource): void {
  const manager = ds.manager;
  const original = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  let tail: Promise<unknown> = Promise.resolve();
  manager.transaction = ((...args: unknown[]) => {
    const run = tail.then(nextTurn).then(() => original(...args));
    tail = run.catch(() => undefined);
    return run;
  }) as typeof manager.transaction;
}

export async function migrate(ds: DataSource): Promise<string[]> {
  const ran = await ds.runMigrations({ transaction: 'each' });
  return ran.map((m) => m.name);
}
