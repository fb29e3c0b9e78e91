import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createDevWechatAuthClient } from '../server/clients/wechat-auth.client';
import { migrate, openDatabase } from '../server/db/data-source';
import { systemClock } from '../server/domain/clock';
import { createPersonalDataCipher } from '../server/domain/personal-data';
import { createApp } from '../server/http/app';
import { createLogger } from '../server/logger';
import { seedDemoData } from '../server/seed/seed-service';
import { createServices } from '../server/services';

// The HTTP benchmark (`npm run bench`, or `npx tsx bench/http.bench.ts`):
// autocannon against the real app (createApp over a SQLite database with the
// demo data) for GET /healthz, GET /api/me with a resident's token and
// GET /api/agencies with the admin token, against a bare node:http server
// answering {"status":"ok"} as the baseline, measured in the same run before
// and after the app. Each server runs in a child process of its own, so the
// load generator (this process) and the server get a core each.
//
// Loopback only. Knobs: BENCH_HTTP_SECONDS (5), BENCH_HTTP_CONNECTIONS (10).

export interface HttpRun {
  name: string;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
}

export interface HttpResult {
  connections: number;
  seconds: number;
  baseline: HttpRun;
  baselineRuns: HttpRun[];
  routes: Array<HttpRun & { ratio: number }>;
}

interface Ready {
  url: string;
  adminToken?: string;
  residentToken?: string;
}

// autocannon ships no types; the part of its API used here.
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
}) => Promise<AutocannonResult>;
const autocannon = createRequire(__filename)('autocannon') as Autocannon;

function envInt(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

// ---------------------------------------------------------------------------
// Cleanup of what this benchmark started: child processes (by their own pid)
// and their temporary directories.

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

export async function cleanupHttpBench(): Promise<void> {
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

// Starts this file again as a server process ('bare' or 'app') and waits for its address.
async function startServerProcess(mode: 'bare' | 'app'): Promise<Ready> {
  const dir = mode === 'app' ? mkdtempSync(join(tmpdir(), `fuyuan-bench-http-${process.pid}-`)) : '';
  const child = fork(__filename, ['--serve', mode, dir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  onCleanup(`${mode} server (pid ${child.pid})`, async () => {
    await stopChild(child);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${mode} server did not start within 60 s`)), 60_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve(m as Ready);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${mode} server exited before it was ready (${signal ?? code})`));
    });
  });
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(ready.url)) throw new Error(`refusing to load ${ready.url}: loopback only`);
  return ready;
}

async function load(name: string, url: string, connections: number, seconds: number, headers?: Record<string, string>): Promise<HttpRun> {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`refusing to load ${url}: loopback only`);
  const r = await autocannon({ url, connections, duration: seconds, headers });
  return {
    name,
    reqPerSec: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

async function expectOk(url: string, headers?: Record<string, string>): Promise<void> {
  const res = await fetch(url, { headers });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${body.slice(0, 200)}`);
}

const f0 = (x: number) => Math.round(x).toLocaleString('en-US');

function printRun(r: HttpRun, ratio?: number): void {
  const problems = r.non2xx || r.errors ? `  !! ${r.non2xx} non-2xx, ${r.errors} errors` : '';
  console.log(
    `  ${r.name.padEnd(34)} ${f0(r.reqPerSec).padStart(7)} req/s   p50 ${String(r.p50Ms).padStart(3)} ms   p99 ${String(r.p99Ms).padStart(3)} ms` +
      `${ratio === undefined ? '' : `   ${ratio.toFixed(2)} of baseline`}${problems}`,
  );
}

export async function runHttpBench(): Promise<HttpResult> {
  const seconds = envInt('BENCH_HTTP_SECONDS', 5, 1, 60);
  const connections = envInt('BENCH_HTTP_CONNECTIONS', 10, 1, 200);
  console.log(`\nHTTP benchmark: autocannon, ${connections} connections, ${seconds} s a run (after a 1 s warm-up), loopback`);
  try {
    const bare = await startServerProcess('bare');
    const app = await startServerProcess('app');
    const admin = { authorization: `Bearer ${app.adminToken}` };
    const resident = { authorization: `Bearer ${app.residentToken}` };
    const routes: Array<{ name: string; path: string; headers?: Record<string, string> }> = [
      { name: 'GET /healthz', path: '/healthz' },
      { name: 'GET /api/me (resident token)', path: '/api/me', headers: resident },
      { name: 'GET /api/agencies (admin token)', path: '/api/agencies', headers: admin },
    ];
    await expectOk(`${bare.url}/`);
    for (const r of routes) await expectOk(app.url + r.path, r.headers);

    const baselineRun = async (label: string) => {
      await load('warm-up', `${bare.url}/`, connections, 1);
      const run = await load(`bare node:http (${label})`, `${bare.url}/`, connections, seconds);
      printRun(run);
      return run;
    };
    const before = await baselineRun('before');
    const measured: HttpRun[] = [];
    for (const r of routes) {
      await load('warm-up', app.url + r.path, connections, 1, r.headers);
      measured.push(await load(r.name, app.url + r.path, connections, seconds, r.headers));
    }
    const after = await baselineRun('after');
    // The machine's speed drifts (2 cores, other work): the baseline is the mean of both runs.
    const baseline: HttpRun = {
      name: 'bare node:http',
      reqPerSec: (before.reqPerSec + after.reqPerSec) / 2,
      p50Ms: (before.p50Ms + after.p50Ms) / 2,
      p99Ms: (before.p99Ms + after.p99Ms) / 2,
      requests: before.requests + after.requests,
      non2xx: before.non2xx + after.non2xx,
      errors: before.errors + after.errors,
    };
    const result = measured.map((m) => ({ ...m, ratio: m.reqPerSec / baseline.reqPerSec }));
    for (const m of result) printRun(m, m.ratio);
    return { connections, seconds, baseline, baselineRuns: [before, after], routes: result };
  } finally {
    await cleanupHttpBench();
  }
}

// ---------------------------------------------------------------------------
// Server processes

async function serveBare(): Promise<Server> {
  const body = JSON.stringify({ status: 'ok' });
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.send!({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` } satisfies Ready);
  return server;
}

async function serveApp(dir: string): Promise<Server> {
  const db = await openDatabase({ sqlitePath: join(dir, 'fuyuan.sqlite') });
  await migrate(db);
  const pii = createPersonalDataCipher(randomBytes(32));
  await seedDemoData({ db, clock: systemClock, pii });
  const adminToken = randomBytes(24).toString('base64url');
  const services = createServices({
    db, clock: systemClock, pii, adminToken,
    sessionTtlHours: 24, apiTokenTtlDays: 365,
    wechat: createDevWechatAuthClient(),
    wecom: null,
  });
  // The production logger, one JSON line a request, written to /dev/null.
  const logger = createLogger('info', pino.destination({ dest: '/dev/null', sync: true }));
  const app = createApp({ db, services, logger, bodyLimitBytes: 256 * 1024 });
  const resident = await services.auth.mpLogin('bench-resident');
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  server.on('close', () => void db.destroy());
  process.send!({
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    adminToken,
    residentToken: resident.token,
  } satisfies Ready);
  return server;
}

function runAsServer(mode: string, dir: string): void {
  let server: Server | undefined;
  let stopping = false;
  // The temp dir goes with the server too, in case the parent cannot remove it (killed outright).
  const exit = () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  };
  const stop = () => {
    if (stopping) return;
    stopping = true;
    if (!server) return exit();
    server.closeAllConnections();
    server.close(exit);
    setTimeout(exit, 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The parent went away (crashed, killed): so does this server.
  process.once('disconnect', stop);
  // Never outlive a run by much, whatever happens to the parent.
  setTimeout(stop, 15 * 60_000).unref();
  (mode === 'app' ? serveApp(dir) : serveBare()).then(
    (s) => {
      server = s;
      if (stopping) {
        // Asked to stop while starting: do it now that there is a server to close.
        stopping = false;
        stop();
      }
    },
    (err) => {
      console.error(`${mode} server failed to start:`, err);
      exit();
    },
  );
}

if (require.main === module) {
  const i = process.argv.indexOf('--serve');
  if (i >= 0) {
    runAsServer(process.argv[i + 1] ?? 'bare', process.argv[i + 2] ?? '');
  } else {
    // `on`, not `once`: Ctrl-C arrives twice (terminal and tsx).
    let stopping = false;
    const abort = (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.error(`\n${signal}: cleaning up`);
      void cleanupHttpBench().finally(() => process.exit(130));
    };
    process.on('SIGINT', () => abort('SIGINT'));
    process.on('SIGTERM', () => abort('SIGTERM'));
    runHttpBench()
      .then(() => process.exit(0))
      .catch(async (err) => {
        console.error(err);
        await cleanupHttpBench();
        process.exit(1);
      });
  }
}
