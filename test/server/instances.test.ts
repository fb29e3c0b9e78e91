import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { createConnection } from 'mysql2/promise';
import { cleanEnv, spawnFuyuan, type Spawned } from '../helpers/cli.helper';
import { dropMysqlDatabase, mysqlUrlFor } from '../helpers/databases';

// Two instances of the program started at once on one empty MariaDB, as two
// containers of one deployment come up together: both must succeed, and the
// schema and the demo data must be made once. Real child processes, because
// the race is between processes.

const EXIT_TIMEOUT_MS = 60_000;
const ROUNDS = 3;

const tempDirs: string[] = [];
test.after.always(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function jsonLogs(stdout: string): Array<Record<string, any>> {
  return stdout.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as Record<string, any>];
    } catch {
      return [];
    }
  });
}

async function exited(p: Spawned) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, rej) => {
    timer = setTimeout(() => {
      p.child.kill('SIGKILL');
      rej(new Error(`still running after ${EXIT_TIMEOUT_MS} ms\n${p.stdout()}\n${p.stderr()}`));
    }, EXIT_TIMEOUT_MS);
  });
  return Promise.race([p.exit, timeout]).finally(() => clearTimeout(timer));
}

async function tableCount(url: string, table: string): Promise<number> {
  const conn = await createConnection({ uri: url });
  try {
    const [rows] = await conn.query(`SELECT COUNT(*) AS n FROM \`${table}\``);
    return Number((rows as Array<{ n: number }>)[0]!.n);
  } finally {
    await conn.end();
  }
}

// Runs `args` twice at once on a fresh database; both must exit 0.
async function twoAtOnce(t: ExecutionContext, args: string[], round: number, check: (url: string, runs: Spawned[]) => Promise<void>) {
  const name = `fuyuan_t_twice_${randomBytes(6).toString('hex')}`;
  const url = mysqlUrlFor(name);
  try {
    const runs = [0, 1].map(() => {
      const dataDir = mkdtempSync(join(tmpdir(), 'fuyuan-twice-'));
      tempDirs.push(dataDir);
      return spawnFuyuan(args, cleanEnv({ DATABASE_URL: url, FUYUAN_DATA_DIR: dataDir, LOG_LEVEL: 'info' }, { server: true }));
    });
    const exits = await Promise.all(runs.map(exited));
    for (const [i, exit] of exits.entries()) t.is(exit.code, 0, `round ${round}, instance ${i + 1}: ${runs[i]!.stderr()}`);
    await check(url, runs);
  } finally {
    await dropMysqlDatabase(url, name);
  }
}

const mysqlTest = process.env.TEST_DATABASE_URL ? test.serial : test.skip;

mysqlTest(`two \`fuyuan migrate\` at once on an empty MariaDB both succeed and make the schema once (${ROUNDS} rounds)`, async (t) => {
  for (let round = 1; round <= ROUNDS; round++) {
    await twoAtOnce(t, ['migrate'], round, async (url, runs) => {
      const applied = runs.filter((r) => jsonLogs(r.stdout()).some((l) => l.msg === 'migrations applied'));
      t.is(applied.length, 1, `round ${round}: the migrations ran in exactly one instance`);
      for (const r of runs) t.true(r.stdout().includes('migrations are up to date'), r.stdout());
      const migrations = await tableCount(url, 'migrations');
      t.true(migrations > 0);
      t.is(migrations, new Set((await migrationNames(url))).size, 'each migration recorded once');
    });
  }
});

mysqlTest(`two \`fuyuan seed\` at once on an empty MariaDB both succeed and seed once (${ROUNDS} rounds)`, async (t) => {
  for (let round = 1; round <= ROUNDS; round++) {
    await twoAtOnce(t, ['seed'], round, async (url, runs) => {
      const seeded = runs.filter((r) => r.stdout().includes('demo data seeded'));
      t.is(seeded.length, 1, `round ${round}: ${runs.map((r) => r.stdout()).join('\n')}`);
      t.is(runs.filter((r) => r.stdout().includes('nothing seeded')).length, 1);
      t.is(await tableCount(url, 'audit_entry'), 1, 'one seed.demo audit entry');
    });
  }
});

async function migrationNames(url: string): Promise<string[]> {
  const conn = await createConnection({ uri: url });
  try {
    const [rows] = await conn.query('SELECT name FROM `migrations`');
    return (rows as Array<{ name: string }>).map((r) => r.name);
  } finally {
    await conn.end();
  }
}
