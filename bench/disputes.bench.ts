import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Koa from 'koa';
import { createConnection } from 'mysql2/promise';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { DISPUTE_CATEGORIES, type DisputeCategory } from '../entities';
import { createDevWechatAuthClient } from '../server/clients/wechat-auth.client';
import { isMysqlUrl, migrate, openDatabase } from '../server/db/data-source';
import { systemClock } from '../server/domain/clock';
import { createPersonalDataCipher } from '../server/domain/personal-data';
import { createApp } from '../server/http/app';
import { createLogger } from '../server/logger';
import { demoTownships } from '../server/seed/demo-agencies.data';
import { seedDemoData } from '../server/seed/seed-service';
import { createServices, DEFAULT_DISPUTE_RULES } from '../server/services';

// The disputes benchmark (`npm run bench`, or `npx tsx bench/disputes.bench.ts`):
// autocannon against the real app (createApp + createServices over the demo
// district) for
//   - POST /api/disputes, the load spread over many residents, each logged in
//     through POST /api/auth/mp-login with a dev code, with the daily limit
//     raised so that it never stops the load;
//   - GET /api/disputes/:id as the resident who filed it, and with the admin token,
//     over disputes filed before the runs (one per resident);
// against, as the baseline, a bare Koa app (no middleware, no router) on the
// same DataSource in the same process, whose one route runs
// `SELECT … FROM dispute WHERE id = ?` by primary key over the same disputes,
// measured before and after the app's runs (their mean is the baseline).
//
// On a temporary SQLite file, and on MySQL/MariaDB too when BENCH_DATABASE_URL
// or TEST_DATABASE_URL names a loopback server (a fresh database
// fuyuan_bench_<pid hex><hex> is created and dropped). The servers run in a
// child process, so the load generator (this process) and the server get a
// core each. Everything it creates it removes; what a killed run left behind
// (its process gone) is removed by the next run.
//
// Loopback only. Knobs: BENCH_HTTP_SECONDS (5), BENCH_HTTP_CONNECTIONS (10),
// BENCH_DISPUTE_RESIDENTS (200).

export type DbKind = 'sqlite' | 'mysql';

export interface DisputeRun {
  name: string;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  // Responses by status code, and those outside 2xx (should be none).
  statusCodes: Record<string, number>;
  non2xx: number;
  errors: number;
}

export interface DisputesDbResult {
  db: DbKind;
  residents: number;
  baseline: DisputeRun;
  baselineRuns: DisputeRun[];
  // The query plan of the baseline's SELECT for an existing id, as the database tells it.
  baselinePlan: string;
  routes: Array<DisputeRun & { ratio: number }>;
  // After the runs: disputes in the database against 201 answers counted by
  // autocannon, and distinct serials. A run stops counting when its time is
  // up, but the requests then in flight (up to one a connection) still file:
  // the database may hold up to `inFlight` more than were counted.
  check: { disputes: number; created: number; inFlight: number; distinctSerials: number; ok: boolean };
}

export interface DisputesBenchResult {
  connections: number;
  seconds: number;
  results: DisputesDbResult[];
  skipped: string[];
}

interface Ready {
  appUrl: string;
  bareUrl: string;
  adminToken: string;
}

interface Stats {
  disputes: number;
  distinctSerials: number;
}

// What this process asks the server process over IPC, one question at a time.
type Question = { cmd: 'stats' } | { cmd: 'plan'; id: number };
interface Answers {
  stats: Stats;
  plan: { plan: string };
}

// autocannon ships no types; the part of its API used here.
interface AutocannonRequest {
  method?: 'GET' | 'POST';
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: AutocannonRequest) => AutocannonRequest;
}
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  statusCodeStats?: Record<string, { count: number | string }>;
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  requests: AutocannonRequest[];
}) => Promise<AutocannonResult>;
const autocannon = createRequire(__filename)('autocannon') as Autocannon;

function envInt(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

// ---------------------------------------------------------------------------
// Cleanup of what this benchmark started: child processes (by their own pid),
// temporary directories and MySQL databases. Whatever a step creates registers
// its removal at once, so an error or a signal half-way leaves nothing behind.

const cleanups: Array<{ name: string; run: () => Promise<void> }> = [];

function onCleanup(name: string, fn: () => Promise<void> | void): () => Promise<void> {
  let done = false;
  const entry = {
    name,
    run: async () => {
      if (done) return;
      done = true;
      const i = cleanups.indexOf(entry);
      if (i >= 0) cleanups.splice(i, 1);
      await fn();
    },
  };
  cleanups.push(entry);
  return entry.run;
}

// Runs every pending cleanup, newest first; used by the normal path and by signal handlers.
export async function cleanupDisputesBench(): Promise<void> {
  for (const entry of [...cleanups].reverse()) {
    try {
      await entry.run();
    } catch (err) {
      console.error(`  cleanup "${entry.name}" failed: ${(err as Error).message}`);
    }
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------------------
// Databases

function benchMysqlUrl(): string | undefined {
  const url = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  return isMysqlUrl(url) ? url : undefined;
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]' || host === '::1';
}

function serverUrl(mysqlUrl: string): URL {
  const u = new URL(mysqlUrl.replace(/^mariadb:/i, 'mysql:'));
  u.pathname = '/';
  return u;
}

async function dropMysqlDatabase(mysqlUrl: string, name: string): Promise<void> {
  const conn = await createConnection({ uri: serverUrl(mysqlUrl).toString(), connectTimeout: 5000 });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
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

// A run killed outright cannot clean up after itself; the next one removes its
// temp dirs and the benchmark databases whose creating process no longer
// exists (the same rule as bench/outbox.bench.ts). Nothing else is touched.
async function sweepLeftovers(mysqlUrl: string | undefined): Promise<string[]> {
  const swept: string[] = [];
  for (const entry of readdirSync(tmpdir())) {
    const m = /^fuyuan-bench-disputes-(\d+)-[A-Za-z0-9]{6}$/.exec(entry);
    if (m && Number(m[1]) !== process.pid && processGone(Number(m[1]))) {
      rmSync(join(tmpdir(), entry), { recursive: true, force: true });
      swept.push(join(tmpdir(), entry));
    }
  }
  if (mysqlUrl) {
    const conn = await createConnection({ uri: serverUrl(mysqlUrl).toString(), connectTimeout: 5000 });
    try {
      const [rows] = await conn.query(`SHOW DATABASES LIKE 'fuyuan\\_bench\\_%'`);
      for (const row of rows as Array<Record<string, string>>) {
        const name = Object.values(row)[0]!;
        const m = /^fuyuan_bench_([0-9a-f]{8})[0-9a-f]{6}$/.exec(name);
        if (m && parseInt(m[1]!, 16) !== process.pid && processGone(parseInt(m[1]!, 16))) {
          await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
          swept.push(`database ${name}`);
        }
      }
    } finally {
      await conn.end();
    }
  }
  return swept;
}

// ---------------------------------------------------------------------------
// The server process, seen from this one

interface ServerHandle extends Ready {
  ask: <Q extends Question>(q: Q) => Promise<Answers[Q['cmd']]>;
  stop: () => Promise<void>;
}

// Starts this file again as the server process over a fresh database of `kind`.
async function startServer(kind: DbKind): Promise<ServerHandle> {
  let dir = '';
  let dbUrl = '';
  let dropDb: (() => Promise<void>) | undefined;
  if (kind === 'sqlite') {
    dir = mkdtempSync(join(tmpdir(), `fuyuan-bench-disputes-${process.pid}-`));
  } else {
    const base = benchMysqlUrl()!;
    // This process's pid in the name, so a later run can tell a leftover from a database in use.
    const name = `fuyuan_bench_${process.pid.toString(16).padStart(8, '0')}${randomBytes(3).toString('hex')}`;
    const u = new URL(base.replace(/^mariadb:/i, 'mysql:'));
    u.pathname = `/${name}`;
    dbUrl = u.toString();
    // Registered before the database exists (the server creates it), so it is
    // dropped whatever happens; it runs after the server's own cleanup (newest first).
    dropDb = onCleanup(`mysql database ${name}`, () => dropMysqlDatabase(base, name));
  }
  const child = fork(__filename, ['--serve', kind, dir, dbUrl], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const stopServer = onCleanup(`${kind} server (pid ${child.pid})`, async () => {
    await stopChild(child);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} server did not start within 120 s`)), 120_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve(m as Ready);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${kind} server exited before it was ready (${signal ?? code})`));
    });
  });
  for (const url of [ready.appUrl, ready.bareUrl]) {
    if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(url)) throw new Error(`refusing to load ${url}: loopback only`);
  }
  const ask = <Q extends Question>(q: Q) =>
    new Promise<Answers[Q['cmd']]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not answer "${q.cmd}" within 30 s`)), 30_000);
      child.once('message', (m) => {
        clearTimeout(timer);
        resolve(m as Answers[Q['cmd']]);
      });
      child.send(q);
    });
  return {
    ...ready,
    ask,
    stop: async () => {
      await stopServer();
      await dropDb?.();
    },
  };
}

// ---------------------------------------------------------------------------
// Load

// Each request of a run is made by `next()`: the rotation over residents,
// disputes and bodies is shared by all connections.
async function load(name: string, base: string, connections: number, seconds: number, next: () => AutocannonRequest): Promise<DisputeRun> {
  if (!base.startsWith('http://127.0.0.1:')) throw new Error(`refusing to load ${base}: loopback only`);
  const r = await autocannon({
    url: base,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        path: '/',
        setupRequest: (req) => {
          const r = next();
          return { ...req, ...r, headers: { ...req.headers, ...r.headers } };
        },
      },
    ],
  });
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, Number(s.count)]));
  return {
    name,
    reqPerSec: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    requests: r.requests.total,
    statusCodes,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}
async function call(method: 'GET' | 'POST', url: string, body?: unknown, token?: string): Promise<{ status: number; json: any }> {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`refusing to call ${url}: loopback only`);
  const res = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json };
}

async function inBatches<T>(n: number, size: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let start = 0; start < n; start += size) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(size, n - start) }, (_, k) => fn(start + k)))));
  }
  return out;
}

const VILLAGES = demoTownships.flatMap((t) => t.villages.map((v) => v.name));

// Filing bodies: every category, the villages of the demo district, realistic text.
function filingBody(i: number): string {
  const category: DisputeCategory = DISPUTE_CATEGORIES[i % DISPUTE_CATEGORIES.length]!;
  return JSON.stringify({
    category,
    description: `（基准 ${i}）邻居在我家门口堆放柴火和杂物，已经堵了三个月，多次协商无果，希望调解员帮忙处理。`,
    village: VILLAGES[i % VILLAGES.length]!,
    otherParty: i % 3 === 0 ? null : `李某${i % 97}`,
    phone: `1380013${String(i % 10_000).padStart(4, '0')}`,
    consent: true,
  });
}

const f0 = (x: number) => Math.round(x).toLocaleString('en-US');

function problems(r: DisputeRun): string {
  if (!r.non2xx && !r.errors) return '';
  const codes = Object.entries(r.statusCodes).filter(([c]) => !c.startsWith('2')).map(([c, n]) => `${n}×${c}`).join(', ');
  return `  !! ${r.non2xx} non-2xx${codes ? ` (${codes})` : ''}, ${r.errors} errors`;
}

function printRun(r: DisputeRun, ratio?: number): void {
  console.log(
    `  ${r.name.padEnd(44)} ${f0(r.reqPerSec).padStart(7)} req/s   p50 ${String(r.p50Ms).padStart(3)} ms   p99 ${String(r.p99Ms).padStart(4)} ms` +
      `${ratio === undefined ? '' : `   ${ratio.toFixed(2)} of baseline`}${problems(r)}`,
  );
}

function meanRun(name: string, runs: DisputeRun[]): DisputeRun {
  const mean = (f: (r: DisputeRun) => number) => runs.reduce((s, r) => s + f(r), 0) / runs.length;
  const statusCodes: Record<string, number> = {};
  for (const r of runs) for (const [c, n] of Object.entries(r.statusCodes)) statusCodes[c] = (statusCodes[c] ?? 0) + n;
  return {
    name,
    reqPerSec: mean((r) => r.reqPerSec),
    p50Ms: mean((r) => r.p50Ms),
    p99Ms: mean((r) => r.p99Ms),
    requests: runs.reduce((s, r) => s + r.requests, 0),
    statusCodes,
    non2xx: runs.reduce((s, r) => s + r.non2xx, 0),
    errors: runs.reduce((s, r) => s + r.errors, 0),
  };
}

async function benchOne(kind: DbKind, connections: number, seconds: number, residentCount: number): Promise<DisputesDbResult> {
  console.log(`\ndisputes benchmark on ${kind}`);
  const server = await startServer(kind);
  try {
    const { appUrl, bareUrl, adminToken } = server;

    // Residents, logged in as the mini-program does, each filing one dispute to read back.
    const residents = await inBatches(residentCount, 10, async (i) => {
      const login = await call('POST', `${appUrl}/api/auth/mp-login`, { code: `bench-resident-${i}` });
      if (login.status !== 200 || typeof login.json?.token !== 'string') throw new Error(`mp-login answered ${login.status}: ${JSON.stringify(login.json).slice(0, 200)}`);
      return login.json.token as string;
    });
    const filed = await inBatches(residentCount, 10, async (i) => {
      const r = await call('POST', `${appUrl}/api/disputes`, JSON.parse(filingBody(i)), residents[i]);
      if (r.status !== 201 || typeof r.json?.id !== 'number') throw new Error(`POST /api/disputes answered ${r.status}: ${JSON.stringify(r.json).slice(0, 300)}`);
      return { id: r.json.id as number, token: residents[i]! };
    });
    for (const [path, token] of [[`/api/disputes/${filed[0]!.id}`, filed[0]!.token], [`/api/disputes/${filed[0]!.id}`, adminToken]] as const) {
      const r = await call('GET', appUrl + path, undefined, token);
      if (r.status !== 200 || r.json?.id !== filed[0]!.id) throw new Error(`GET ${path} answered ${r.status}: ${JSON.stringify(r.json).slice(0, 300)}`);
    }
    const bare = await call('GET', `${bareUrl}/disputes/${filed[0]!.id}`);
    if (bare.status !== 200 || bare.json?.id !== filed[0]!.id) throw new Error(`bare GET answered ${bare.status}: ${JSON.stringify(bare.json).slice(0, 300)}`);
    console.log(`  ${residentCount} residents logged in (POST /api/auth/mp-login), one dispute each filed to read back`);
    const { plan } = await server.ask({ cmd: 'plan', id: filed[0]!.id });
    const byPrimaryKey = kind === 'sqlite' ? /USING INTEGER PRIMARY KEY/.test(plan) : /key=PRIMARY/.test(plan);
    console.log(`  baseline query plan: ${plan}${byPrimaryKey ? '' : '  !! not a primary-key lookup'}`);

    let created = residentCount;
    let inFlight = 0;
    const counter = () => {
      let i = 0;
      return () => i++;
    };
    const filing = (): (() => AutocannonRequest) => {
      const n = counter();
      return () => {
        const i = n();
        return {
          method: 'POST',
          path: '/api/disputes',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${residents[i % residents.length]}` },
          body: filingBody(residentCount + i),
        };
      };
    };
    const readAsResident = (): (() => AutocannonRequest) => {
      const n = counter();
      return () => {
        const d = filed[n() % filed.length]!;
        return { method: 'GET', path: `/api/disputes/${d.id}`, headers: { authorization: `Bearer ${d.token}` } };
      };
    };
    const readAsAdmin = (): (() => AutocannonRequest) => {
      const n = counter();
      return () => ({ method: 'GET', path: `/api/disputes/${filed[n() % filed.length]!.id}`, headers: { authorization: `Bearer ${adminToken}` } });
    };
    const readBare = (): (() => AutocannonRequest) => {
      const n = counter();
      return () => ({ method: 'GET', path: `/disputes/${filed[n() % filed.length]!.id}` });
    };

    const baselineRun = async (label: string) => {
      await load('warm-up', bareUrl, connections, 1, readBare());
      const run = await load(`bare Koa, PK SELECT (${label})`, bareUrl, connections, seconds, readBare());
      printRun(run);
      return run;
    };
    const routes: Array<{ name: string; next: () => () => AutocannonRequest; creates: boolean }> = [
      { name: `POST /api/disputes (${residentCount} residents)`, next: filing, creates: true },
      { name: 'GET /api/disputes/:id (filing resident)', next: readAsResident, creates: false },
      { name: 'GET /api/disputes/:id (admin token)', next: readAsAdmin, creates: false },
    ];
    const before = await baselineRun('before');
    const measured: DisputeRun[] = [];
    for (const r of routes) {
      const warm = await load('warm-up', appUrl, connections, 1, r.next());
      if (warm.non2xx || warm.errors) console.log(`  warm-up of ${r.name}:${problems(warm)}`);
      const run = await load(r.name, appUrl, connections, seconds, r.next());
      if (r.creates) {
        created += (warm.statusCodes['201'] ?? 0) + (run.statusCodes['201'] ?? 0);
        inFlight += 2 * connections;
      }
      measured.push(run);
    }
    const after = await baselineRun('after');
    // The machine's speed drifts (2 cores, other work): the baseline is the mean of both runs.
    const baseline = meanRun('bare Koa, PK SELECT', [before, after]);
    const result = measured.map((m) => ({ ...m, ratio: m.reqPerSec / baseline.reqPerSec }));
    for (const m of result) printRun(m, m.ratio);

    const stats = await server.ask({ cmd: 'stats' });
    const ok = stats.disputes >= created && stats.disputes <= created + inFlight && stats.distinctSerials === stats.disputes;
    const check = { disputes: stats.disputes, created, inFlight, distinctSerials: stats.distinctSerials, ok };
    console.log(
      `  check: ${f0(check.disputes)} disputes in the database, ${f0(check.created)} counted 201 ` +
        `(+${check.disputes - check.created} from requests in flight at the end of a run, at most ${inFlight}), ` +
        `${f0(check.distinctSerials)} distinct serials${ok ? '' : '  !! mismatch'}`,
    );
    return { db: kind, residents: residentCount, baseline, baselineRuns: [before, after], baselinePlan: plan, routes: result, check };
  } finally {
    await server.stop();
  }
}

export async function runDisputesBench(): Promise<DisputesBenchResult> {
  const seconds = envInt('BENCH_HTTP_SECONDS', 5, 1, 60);
  const connections = envInt('BENCH_HTTP_CONNECTIONS', 10, 1, 200);
  const residentCount = envInt('BENCH_DISPUTE_RESIDENTS', 200, 1, 10_000);
  const kinds: DbKind[] = ['sqlite'];
  const skipped: string[] = [];
  const mysqlUrl = benchMysqlUrl();
  if (mysqlUrl) {
    const host = new URL(mysqlUrl.replace(/^mariadb:/i, 'mysql:')).hostname;
    if (isLoopback(host)) kinds.push('mysql');
    else skipped.push(`disputes on mysql: ${host} is not a loopback address; the benchmark only targets 127.0.0.1`);
  } else {
    skipped.push('disputes on mysql: set BENCH_DATABASE_URL or TEST_DATABASE_URL (mysql://…) to include it');
  }
  console.log(
    `\ndisputes benchmark: autocannon, ${connections} connections, ${seconds} s a run (after a 1 s warm-up), loopback, daily limit off`,
  );
  const swept = await sweepLeftovers(kinds.includes('mysql') ? mysqlUrl : undefined);
  for (const x of swept) console.log(`  removed a leftover of a killed run: ${x}`);
  const results: DisputesDbResult[] = [];
  try {
    for (const kind of kinds) results.push(await benchOne(kind, connections, seconds, residentCount));
  } finally {
    await cleanupDisputesBench();
  }
  for (const s of skipped) console.log(`  skipped ${s}`);
  return { connections, seconds, results, skipped };
}

// ---------------------------------------------------------------------------
// The server process: the real app and the bare Koa app on one DataSource.

async function explainBaseline(ds: DataSource, kind: DbKind, id: number): Promise<string> {
  if (kind === 'sqlite') {
    const rows: Array<{ detail: string }> = await ds.query(`EXPLAIN QUERY PLAN ${BASELINE_SQL}`, [id]);
    return rows.map((r) => r.detail).join('; ');
  }
  const rows: Array<Record<string, unknown>> = await ds.query(`EXPLAIN ${BASELINE_SQL}`, [id]);
  return rows.map((r) => `table=${r.table} type=${r.type} key=${r.key ?? 'NULL'} rows=${r.rows}`).join('; ');
}

const BASELINE_SQL =
  'SELECT id, serial, residentId, category, description, village, otherParty, committeeId, mediatorId, status, deadlineAt, closedAt, createdAt, updatedAt ' +
  'FROM dispute WHERE id = ?';

// No middleware, no router: one handler, one primary-key SELECT.
function bareApp(ds: DataSource): Koa {
  const app = new Koa();
  app.silent = true;
  app.use(async (ctx) => {
    const m = /^\/disputes\/(\d+)$/.exec(ctx.path);
    if (!m) {
      ctx.status = 404;
      return;
    }
    const rows: unknown[] = await ds.query(BASELINE_SQL, [Number(m[1])]);
    if (!rows.length) {
      ctx.status = 404;
      return;
    }
    ctx.body = rows[0];
  });
  return app;
}

async function listen(app: Koa): Promise<Server> {
  return new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
}

const urlOf = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

async function serve(kind: DbKind, dir: string, dbUrl: string): Promise<Server[]> {
  const db = kind === 'sqlite' ? await openDatabase({ sqlitePath: join(dir, 'fuyuan.sqlite') }) : await openDatabase({ url: dbUrl, sqlitePath: '' });
  await migrate(db);
  const pii = createPersonalDataCipher(randomBytes(32));
  await seedDemoData({ db, clock: systemClock, pii });
  const adminToken = randomBytes(24).toString('base64url');
  const services = createServices({
    db, clock: systemClock, pii, adminToken,
    sessionTtlHours: 24, apiTokenTtlDays: 365,
    wechat: createDevWechatAuthClient(),
    wecom: null,
    // A fixed large daily limit: the benchmark measures filing, not the limit.
    disputes: { dailyLimit: 1_000_000, deadlineDays: DEFAULT_DISPUTE_RULES.deadlineDays },
  });
  // The production logger, one JSON line a request, written to /dev/null.
  const logger = createLogger('info', pino.destination({ dest: '/dev/null', sync: true }));
  const app = await listen(createApp({ db, services, logger, bodyLimitBytes: 256 * 1024 }));
  const bare = await listen(bareApp(db));
  let closed = 0;
  for (const s of [app, bare]) s.on('close', () => void (++closed === 2 && db.destroy()));
  const answer = async (q: Question): Promise<Answers[Question['cmd']]> => {
    if (q.cmd === 'plan') return { plan: await explainBaseline(db, kind, q.id) };
    const [row] = (await db.query('SELECT COUNT(*) AS n, COUNT(DISTINCT serial) AS s FROM dispute')) as Array<{ n: number | string; s: number | string }>;
    return { disputes: Number(row!.n), distinctSerials: Number(row!.s) };
  };
  process.on('message', (q: Question) => {
    answer(q).then(
      (a) => process.send!(a),
      (err) => console.error(`server: "${q.cmd}" failed:`, err),
    );
  });
  process.send!({ appUrl: urlOf(app), bareUrl: urlOf(bare), adminToken } satisfies Ready);
  return [app, bare];
}

function runAsServer(kind: DbKind, dir: string, dbUrl: string): void {
  let servers: Server[] | undefined;
  let stopping = false;
  // The temp dir goes with the server too, in case the parent cannot remove it (killed outright).
  const exit = () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  };
  const stop = () => {
    if (stopping) return;
    stopping = true;
    if (!servers) return exit();
    let open = servers.length;
    for (const s of servers) {
      s.closeAllConnections();
      s.close(() => void (--open === 0 && exit()));
    }
    setTimeout(exit, 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The parent went away (crashed, killed): so does this server.
  process.once('disconnect', stop);
  // Never outlive a run by much, whatever happens to the parent.
  setTimeout(stop, 15 * 60_000).unref();
  serve(kind, dir, dbUrl).then(
    (s) => {
      servers = s;
      if (stopping) {
        // Asked to stop while starting: do it now that there are servers to close.
        stopping = false;
        stop();
      }
    },
    (err) => {
      console.error(`${kind} server failed to start:`, err);
      exit();
    },
  );
}

if (require.main === module) {
  const i = process.argv.indexOf('--serve');
  if (i >= 0) {
    runAsServer((process.argv[i + 1] ?? 'sqlite') as DbKind, process.argv[i + 2] ?? '', process.argv[i + 3] ?? '');
  } else {
    // `on`, not `once`: Ctrl-C arrives twice (terminal and tsx).
    let stopping = false;
    const abort = (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.error(`\n${signal}: cleaning up`);
      void cleanupDisputesBench().finally(() => process.exit(130));
    };
    process.on('SIGINT', () => abort('SIGINT'));
    process.on('SIGTERM', () => abort('SIGTERM'));
    runDisputesBench()
      .then((r) => {
        const bad = r.results.some(
          (x) => x.routes.some((m) => m.non2xx || m.errors) || x.baseline.non2xx || x.baseline.errors || !x.check.ok,
        );
        process.exit(bad ? 1 : 0);
      })
      .catch(async (err) => {
        console.error(err);
        await cleanupDisputesBench();
        process.exit(1);
      });
  }
}
