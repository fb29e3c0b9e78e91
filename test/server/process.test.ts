import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { cleanEnv, spawnFuyuan, type Exit } from '../helpers/cli.helper';
import { dropMysqlDatabase, mysqlUrlFor } from '../helpers/databases';

// The whole program as an operator runs it: `node bin/fuyuan.js …` in the
// repository, talking to it over HTTP and reading what it prints. Every wait
// is on the child's output or exit, bounded by a timeout.

const START_TIMEOUT_MS = 30_000;
const EXIT_TIMEOUT_MS = 15_000;

const tempDirs: string[] = [];
function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fuyuan-proc-'));
  tempDirs.push(dir);
  return dir;
}

const children = new Set<ChildProcess>();
test.after.always(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

interface Proc {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  logs(): Array<Record<string, any>>;
  // Resolves with the first log line that matches, or rejects on timeout or exit.
  waitForLog(what: string, match: (line: Record<string, any>) => boolean, timeoutMs?: number): Promise<Record<string, any>>;
  exited(timeoutMs?: number): Promise<Exit>;
}

// In the environment of a developer's shell, without anything of ours that could leak in.
function run(args: string[], env: Record<string, string>): Proc {
  const { child, exit, stdout, stderr } = spawnFuyuan(args, cleanEnv(env, { server: true }));
  children.add(child);
  const logs = () =>
    stdout().split('\n').flatMap((line) => {
      if (!line.startsWith('{')) return [];
      try {
        return [JSON.parse(line) as Record<string, any>];
      } catch {
        return [];
      }
    });
  const describe = () => `\n--- stdout ---\n${stdout()}\n--- stderr ---\n${stderr()}`;
  return {
    child,
    stdout,
    stderr,
    logs,
    waitForLog(what, match, timeoutMs = START_TIMEOUT_MS) {
      return new Promise((res, rej) => {
        const check = () => {
          const found = logs().find(match);
          if (found) finish(() => res(found));
        };
        const onExit = () => finish(() => rej(new Error(`exited before "${what}"${describe()}`)));
        const timer = setTimeout(() => finish(() => rej(new Error(`no "${what}" within ${timeoutMs} ms${describe()}`))), timeoutMs);
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          child.stdout!.off('data', check);
          child.off('close', onExit);
          settle();
        };
        child.stdout!.on('data', check);
        child.once('close', onExit);
        check();
      });
    },
    exited(timeoutMs = EXIT_TIMEOUT_MS) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, rej) => {
        timer = setTimeout(() => rej(new Error(`still running after ${timeoutMs} ms${describe()}`)), timeoutMs);
      });
      return Promise.race([exit, timeout]).finally(() => clearTimeout(timer));
    },
  };
}

async function startServer(env: Record<string, string>): Promise<{ proc: Proc; base: string }> {
  const proc = run(['start'], { PORT: '0', LOG_LEVEL: 'info', ...env });
  const line = await proc.waitForLog('fuyuan listening', (l) => typeof l.msg === 'string' && l.msg.startsWith('fuyuan listening'));
  if (typeof line.port !== 'number' || line.port <= 0) throw new Error(`no port in ${JSON.stringify(line)}`);
  return { proc, base: `http://127.0.0.1:${line.port}` };
}

async function getJson(url: string, token?: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function postJson(url: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

// The start log's warning that development login is on (pino level 40 = warn).
function devLoginWarnings(proc: Proc): Array<Record<string, any>> {
  return proc.logs().filter((l) => l.level === 40 && /development login is on/.test(String(l.msg)));
}

function printedToken(stdout: string): string | undefined {
  return /admin token[^\n]*\n\s*(\S+)/.exec(stdout)?.[1];
}

async function assertServing(t: ExecutionContext, base: string, token: string): Promise<Array<{ name: string }>> {
  const health = await getJson(`${base}/healthz`);
  t.is(health.status, 200);
  t.is(health.body.status, 'ok');
  const ready = await getJson(`${base}/readyz`);
  t.is(ready.status, 200, JSON.stringify(ready.body));
  t.is(ready.body.status, 'ready');
  const agencies = await getJson(`${base}/api/agencies`, token);
  t.is(agencies.status, 200, JSON.stringify(agencies.body));
  const names = (agencies.body.items as Array<{ name: string }>).map((a) => a.name);
  t.true(names.includes('延安市宝塔区人民法院'), names.join(', '));
  return agencies.body.items;
}

// A POST in flight: `accepted` resolves once the server has taken the request
// (its 100-continue), and the body is held back until `finish`.
function heldPost(url: string, token: string, body: unknown) {
  const json = Buffer.from(JSON.stringify(body));
  const agent = new Agent({ keepAlive: true });
  let finish!: () => void;
  let accepted!: Promise<void>;
  const response = new Promise<{ status: number; body: any; connection: string | undefined }>((res, rej) => {
    const req = httpRequest(url, {
      method: 'POST',
      agent,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'content-length': json.length,
        expect: '100-continue',
      },
    });
    accepted = new Promise<void>((ok) => req.once('continue', () => req.write(json.subarray(0, 10), () => ok())));
    req.on('response', (r) => {
      let text = '';
      r.setEncoding('utf8').on('data', (d: string) => (text += d));
      r.on('end', () => res({ status: r.statusCode!, body: JSON.parse(text), connection: r.headers.connection }));
    });
    req.on('error', rej);
    req.flushHeaders();
    finish = () => req.end(json.subarray(10));
  });
  // The agent keeps the connection open after the answer, as a load balancer would; the caller destroys it.
  return { accepted: withTimeout(accepted, 10_000, 'no 100-continue'), response: withTimeout(response, 10_000, 'no response'), finish, agent };
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, rej) => {
    timer = setTimeout(() => rej(new Error(`${what} within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

test.serial('start: serves the seeded demo, drains an in-flight request on SIGTERM, restarts without re-seeding', async (t) => {
  const dataDir = tempDataDir();
  const started = performance.now();
  const { proc, base } = await startServer({ FUYUAN_DATA_DIR: dataDir });
  t.log(`first start: listening after ${performance.now() - started} ms`);

  const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as { adminToken: string };
  const token = printedToken(proc.stdout());
  t.is(token, secrets.adminToken, 'the admin token printed is the one kept in secrets.json');
  t.is(proc.stdout().split(secrets.adminToken).length - 1, 1, 'the admin token is printed exactly once');
  t.true(proc.logs().some((l) => l.msg === 'empty database: demo data seeded'));
  const agencies = await assertServing(t, base, secrets.adminToken);
  t.true(agencies.length > 1);
  // The embedded default is for trying the product: development login is on, and says so once.
  t.is(devLoginWarnings(proc).length, 1, proc.stdout());
  const login = await postJson(`${base}/api/auth/mp-login`, { code: 'proc-test' });
  t.is(login.status, 200, JSON.stringify(login.body));
  t.is(login.body.user.role, 'resident');

  const inFlight = heldPost(`${base}/api/agencies`, secrets.adminToken, { name: '停机测试单位', kind: 'other' });
  await inFlight.accepted;
  const stopAt = performance.now();
  proc.child.kill('SIGTERM');
  await proc.waitForLog('stopping', (l) => typeof l.msg === 'string' && l.msg.startsWith('stopping'), EXIT_TIMEOUT_MS);
  inFlight.finish();
  const reply = await inFlight.response;
  t.is(reply.status, 201, JSON.stringify(reply.body));
  t.is(reply.body.name, '停机测试单位');
  t.is(reply.connection, 'close', 'an answer made while stopping closes its connection');
  const exit = await proc.exited().finally(() => inFlight.agent.destroy());
  t.log(`SIGTERM → exit in ${performance.now() - stopAt} ms`);
  t.deepEqual(exit, { code: 0, signal: null }, proc.stderr());
  t.true(proc.logs().some((l) => l.msg === 'stopped'), proc.stdout());
  t.true(performance.now() - stopAt < 5000, 'a kept-alive client connection does not hold the shutdown for the keep-alive timeout');

  const again = performance.now();
  const second = await startServer({ FUYUAN_DATA_DIR: dataDir });
  t.log(`second start: listening after ${performance.now() - again} ms`);
  try {
    t.is(printedToken(second.proc.stdout()), undefined, 'no admin token printed the second time');
    t.false(second.proc.stdout().includes(secrets.adminToken));
    t.false(second.proc.logs().some((l) => l.msg === 'empty database: demo data seeded'));
    const afterRestart = await assertServing(t, second.base, secrets.adminToken);
    t.is(afterRestart.length, agencies.length + 1, 'no second seeding; the agency made before the stop is kept');
  } finally {
    second.proc.child.kill('SIGTERM');
    t.is((await second.proc.exited()).code, 0);
  }
});

test('migrate twice on a fresh data dir exits 0 both times', async (t) => {
  const dataDir = tempDataDir();
  for (const round of [1, 2]) {
    const proc = run(['migrate'], { FUYUAN_DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    const exit = await proc.exited(START_TIMEOUT_MS);
    t.is(exit.code, 0, `round ${round}: ${proc.stderr()}`);
    t.true(proc.stdout().includes('migrations are up to date'), proc.stdout());
    t.is(proc.logs().some((l) => l.msg === 'migrations applied'), round === 1, `round ${round}`);
  }
});

test('--help prints the usage with every command and exits 0', async (t) => {
  const proc = run(['--help'], {});
  t.is((await proc.exited(START_TIMEOUT_MS)).code, 0);
  t.regex(proc.stdout(), /Usage: fuyuan <command>/);
  for (const command of ['start', 'migrate', 'seed']) t.regex(proc.stdout(), new RegExp(`^\\s+${command}\\s`, 'm'));
});

test('an unknown command exits 2 and says so on stderr', async (t) => {
  const proc = run(['frobnicate'], {});
  t.is((await proc.exited(START_TIMEOUT_MS)).code, 2);
  t.regex(proc.stderr(), /unknown command "frobnicate"/);
  t.regex(proc.stderr(), /Usage:/);
});

test('NODE_ENV=production without the required settings exits 78 naming all three', async (t) => {
  const dataDir = tempDataDir();
  const proc = run(['start'], { NODE_ENV: 'production', FUYUAN_DATA_DIR: dataDir, PORT: '0' });
  const exit = await proc.exited(START_TIMEOUT_MS);
  t.is(exit.code, 78, proc.stderr());
  for (const name of ['FUYUAN_ADMIN_TOKEN', 'FUYUAN_DATA_KEY', 'DATABASE_URL']) t.true(proc.stderr().includes(name), name);
  t.false(proc.stdout().includes('listening'));
});

// Complete production settings, so only what a test adds can be wrong.
const PRODUCTION = { NODE_ENV: 'production', FUYUAN_ADMIN_TOKEN: 'p'.repeat(32), FUYUAN_DATA_KEY: randomBytes(32).toString('hex') };

test('NODE_ENV=production with FUYUAN_DEV_LOGIN=1 exits 78 naming the variable', async (t) => {
  const proc = run(['start'], { ...PRODUCTION, FUYUAN_DEV_LOGIN: '1', DATABASE_URL: 'mysql://root@127.0.0.1:9/none', FUYUAN_DATA_DIR: tempDataDir(), PORT: '0' });
  t.is((await proc.exited(START_TIMEOUT_MS)).code, 78, proc.stderr());
  t.regex(proc.stderr(), /FUYUAN_DEV_LOGIN: development login is never allowed when NODE_ENV=production/);
  t.false(proc.stdout().includes('listening'));
});

test('`seed` with NODE_ENV=production exits 1 before touching the database, saying why in Chinese and English', async (t) => {
  // Port 9 (discard) has no database: had the command tried to connect, it would say so instead.
  const proc = run(['seed'], { ...PRODUCTION, DATABASE_URL: 'mysql://root@127.0.0.1:9/none', FUYUAN_DATA_DIR: tempDataDir() });
  t.is((await proc.exited(START_TIMEOUT_MS)).code, 1, proc.stderr());
  t.is(
    proc.stderr(),
    'fuyuan seed: 生产环境（NODE_ENV=production）不能写入演示数据。\n' +
      'fuyuan seed: refusing to add demo people to a production database (NODE_ENV=production).\n',
  );
  t.is(proc.stdout(), '');
});

const mysqlTest = process.env.TEST_DATABASE_URL ? test.serial : test.skip;

async function stopServer(t: ExecutionContext, proc: Proc): Promise<void> {
  proc.child.kill('SIGTERM');
  t.is((await proc.exited()).code, 0, proc.stderr());
}

mysqlTest('start on a fresh MySQL database: ready, no demo people, no development login until asked for; `seed` by hand adds the demo', async (t) => {
  const name = `fuyuan_t_proc_${randomBytes(6).toString('hex')}`;
  const url = mysqlUrlFor(name);
  const dataDir = tempDataDir();
  const started = performance.now();
  try {
    const { proc, base } = await startServer({ FUYUAN_DATA_DIR: dataDir, DATABASE_URL: url });
    t.log(`mysql start: listening after ${performance.now() - started} ms`);
    const token = printedToken(proc.stdout());
    try {
      t.truthy(token);
      const ready = await getJson(`${base}/readyz`);
      t.is(ready.body.database, 'mariadb');
      t.false(proc.logs().some((l) => l.msg === 'empty database: demo data seeded'));
      const agencies = await getJson(`${base}/api/agencies`, token);
      t.is(agencies.status, 200);
      t.deepEqual(agencies.body.items, [], 'no demo agencies in a MySQL database');
      t.deepEqual(devLoginWarnings(proc), []);
      const login = await postJson(`${base}/api/auth/mp-login`, { code: 'proc-test' });
      t.is(login.status, 503, JSON.stringify(login.body));
      t.is(login.body.error.code, 'WECHAT_NOT_CONFIGURED');
    } finally {
      await stopServer(t, proc);
    }

    // Asked for explicitly: on, and announced; still no demo people.
    const again = await startServer({ FUYUAN_DATA_DIR: dataDir, DATABASE_URL: url, FUYUAN_DEV_LOGIN: '1' });
    try {
      t.is(devLoginWarnings(again.proc).length, 1, again.proc.stdout());
      const login = await postJson(`${again.base}/api/auth/mp-login`, { code: 'proc-test' });
      t.is(login.status, 200, JSON.stringify(login.body));
      t.is((await getJson(`${again.base}/api/agencies`, token)).body.items.length, 0);
    } finally {
      await stopServer(t, again.proc);
    }

    const seed = run(['seed'], { FUYUAN_DATA_DIR: dataDir, DATABASE_URL: url });
    t.is((await seed.exited(START_TIMEOUT_MS)).code, 0, seed.stderr());
    t.regex(seed.stdout(), /demo data seeded: \d+ agencies/);
    const seeded = await startServer({ FUYUAN_DATA_DIR: dataDir, DATABASE_URL: url });
    try {
      await assertServing(t, seeded.base, token!);
    } finally {
      await stopServer(t, seeded.proc);
    }
  } finally {
    await dropMysqlDatabase(url, name);
  }
});

mysqlTest('production on an empty MySQL database: no demo people, no development login, and `seed` is refused', async (t) => {
  const name = `fuyuan_t_proc_${randomBytes(6).toString('hex')}`;
  const url = mysqlUrlFor(name);
  const env = { ...PRODUCTION, FUYUAN_DATA_DIR: tempDataDir(), DATABASE_URL: url };
  try {
    const { proc, base } = await startServer(env);
    try {
      t.false(proc.logs().some((l) => l.msg === 'empty database: demo data seeded'));
      const agencies = await getJson(`${base}/api/agencies`, PRODUCTION.FUYUAN_ADMIN_TOKEN);
      t.is(agencies.status, 200);
      t.deepEqual(agencies.body.items, []);
      t.deepEqual(devLoginWarnings(proc), []);
      const login = await postJson(`${base}/api/auth/mp-login`, { code: 'proc-test' });
      t.is(login.status, 503, JSON.stringify(login.body));
    } finally {
      await stopServer(t, proc);
    }
    const seed = run(['seed'], env);
    t.is((await seed.exited(START_TIMEOUT_MS)).code, 1, seed.stdout());
    t.true(seed.stderr().includes('生产环境（NODE_ENV=production）不能写入演示数据'), seed.stderr());
    t.regex(seed.stderr(), /refusing to add demo people/);
    const after = await startServer(env);
    try {
      t.deepEqual((await getJson(`${after.base}/api/agencies`, PRODUCTION.FUYUAN_ADMIN_TOKEN)).body.items, []);
    } finally {
      await stopServer(t, after.proc);
    }
  } finally {
    await dropMysqlDatabase(url, name);
  }
});
