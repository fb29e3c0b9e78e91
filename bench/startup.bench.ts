import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { demoTownships } from '../server/seed/demo-agencies.data';
import { createBenchStore } from './kit/bench-databases';
import { onCleanup, runAsMain, runCleanups } from './kit/cleanup';
import { envInt } from './kit/env-knobs';
import { httpLoadKnobs, load, type LoadRun } from './kit/load-runner';
import { f0, problems, table } from './kit/report';

// The start-up benchmark (`npm run bench`, or `npx tsx bench/startup.bench.ts`):
// the server as an operator starts it (`fuyuan start` on the embedded SQLite
// file, demo data) run two ways: the TypeScript sources through tsx (what
// development runs) and the compiled JavaScript of `npm run build` (what
// production runs; built afresh for the run into .tmp/). For each: the time
// from spawn until GET /readyz answers 200 (the first start, which migrates
// and seeds, then restarts on that file: the median), the CPU the process
// spent until then (steadier than wall time on a busy machine), the resident
// memory (RSS) when idle, and its peak under a read load (autocannon on
// GET /api/disputes/:id as the filing residents).
//
// A third run is the compiled server with a smaller young generation
// (node --max-semi-space-size=4): V8 grows it to 2 × 16 MB during the start's
// allocations and keeps it when idle. The baseline, in the same run: a bare
// node:http server answering /readyz, from spawn to its first answer (node's
// own start; on a busy machine every figure grows with it).
//
// Goals (compiled): ready ≤ 1 s, idle ≤ 100 MB, ≤ 250 MB under the read load.
// Linux only (reads /proc). Knobs: BENCH_STARTUP_RESTARTS (3),
// BENCH_STARTUP_IDLE_SECONDS (5), BENCH_STARTUP_LOAD_SECONDS (10),
// BENCH_HTTP_CONNECTIONS (10).

const ROOT = resolve(__dirname, '..');
export const STARTUP_GOALS = { readyMs: 1000, idleMb: 100, loadMb: 250 };

export type StartMode = 'tsx' | 'dist' | 'dist-semi4';

const NODE_ARGS: Record<StartMode, (outDir: string) => string[]> = {
  tsx: () => ['--require', 'tsx/cjs', join(ROOT, 'server/cli/cli.ts'), 'start'],
  dist: (outDir) => [join(outDir, 'server/cli/cli.js'), 'start'],
  'dist-semi4': (outDir) => ['--max-semi-space-size=4', join(outDir, 'server/cli/cli.js'), 'start'],
};

// A bare node:http server: node's own start, the floor under every start-up.
const BARE_SERVER = `require('node:http').createServer((q, s) => s.end('{"status":"ready"}')).listen(Number(process.env.PORT), '127.0.0.1')`;

export interface StartupResult {
  mode: StartMode;
  firstStartMs: number;
  readyMs: number;
  readyCpuMs: number;
  idleRssMb: number;
  loadRssMb: number;
  read: LoadRun;
}

export interface StartupBenchResult {
  buildSeconds: number;
  // The bare node:http server: median spawn-to-answer and CPU, over the same number of starts.
  bare: { readyMs: number; readyCpuMs: number };
  results: StartupResult[];
}

// Missed goals of the compiled server, as words; none when all are met.
export function startupMisses(r: StartupResult): string[] {
  if (r.mode === 'tsx') return [];
  const misses: string[] = [];
  if (r.readyMs > STARTUP_GOALS.readyMs) misses.push(`ready > ${STARTUP_GOALS.readyMs} ms`);
  if (r.idleRssMb > STARTUP_GOALS.idleMb) misses.push(`idle > ${STARTUP_GOALS.idleMb} MB`);
  if (r.loadRssMb > STARTUP_GOALS.loadMb) misses.push(`under load > ${STARTUP_GOALS.loadMb} MB`);
  return misses;
}

const restartCount = () => envInt('BENCH_STARTUP_RESTARTS', 3, 1, 20);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// /proc/<pid>/status VmRSS, in MB.
function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) / 1024;
}

// User + system CPU time of a process so far, in ms (/proc/<pid>/stat, clock ticks of 10 ms).
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

// An operator's environment without our settings (a developer's shell may hold some).
function serverEnv(dataDir: string, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(FUYUAN_|WECOM_|WECHAT_|OUTBOX_|DATABASE_URL$|TEST_DATABASE_URL$|LOG_LEVEL$|NODE_OPTIONS$|NODE_ENV$|PORT$|HOST$|TSX_)/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, FUYUAN_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' };
}

// A port free right now on loopback (the server binds it a moment later).
async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((res, rej) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
    s.once('error', rej);
  });
}

interface Started {
  child: ChildProcess;
  url: string;
  readyMs: number;
  readyCpuMs: number;
  stdout: () => string;
  stop: () => Promise<void>;
}

// The server as bin/fuyuan.js runs it in each mode (or the bare one), until GET /readyz answers 200.
async function startServer(mode: StartMode | 'bare', outDir: string, dataDir: string): Promise<Started> {
  const args = mode === 'bare' ? ['-e', BARE_SERVER] : NODE_ARGS[mode](outDir);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: serverEnv(dataDir, port), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  // Only the start's lines are kept (the admin token); request logs are dropped.
  child.stdout!.setEncoding('utf8').on('data', (d: string) => void (out.length < 65_536 && (out += d)));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => void (out.length < 65_536 && (out += d)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = onCleanup(`${mode} server (pid ${child.pid})`, async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${mode} server exited (${child.exitCode}) before /readyz answered:\n${out}`);
    if (performance.now() - t0 > 180_000) throw new Error(`${mode} server not ready within 180 s:\n${out}`);
    const ok = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) }).then((r) => r.status === 200, () => false);
    if (ok) break;
    await sleep(20);
  }
  const readyMs = performance.now() - t0;
  return { child, url, readyMs, readyCpuMs: cpuMs(child.pid!), stdout: () => out, stop };
}

async function call(method: 'GET' | 'POST', url: string, body?: unknown, token?: string): Promise<{ status: number; json: any }> {
  const res = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json().catch(() => null) };
}

const VILLAGES = demoTownships.flatMap((t) => t.villages.map((v) => v.name));

// Residents log in (development login, as on the embedded SQLite default) and each files one dispute.
async function fileDisputes(url: string, n: number): Promise<Array<{ id: number; token: string }>> {
  const tag = randomBytes(3).toString('hex');
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const login = await call('POST', `${url}/api/auth/mp-login`, { code: `startup-${tag}-${i}` });
      if (login.status !== 200) throw new Error(`mp-login answered ${login.status}: ${JSON.stringify(login.json)}`);
      const token = login.json.token as string;
      const filed = await call('POST', `${url}/api/disputes`, {
        category: 'neighbor',
        description: `（启动基准 ${i}）邻居在我家门口堆放杂物，多次协商无果，希望调解员帮忙处理。`,
        village: VILLAGES[i % VILLAGES.length]!,
        otherParty: `李某${i}`,
        phone: `1380013${String(i).padStart(4, '0')}`,
        consent: true,
      }, token);
      if (filed.status !== 201) throw new Error(`POST /api/disputes answered ${filed.status}: ${JSON.stringify(filed.json)}`);
      return { id: filed.json.id as number, token };
    }),
  );
}

// The peak RSS of `pid` while `during` runs, sampled every 100 ms.
async function peakRss<T>(pid: number, during: () => Promise<T>): Promise<{ peakMb: number; value: T }> {
  let peakMb = rssMb(pid);
  const timer = setInterval(() => (peakMb = Math.max(peakMb, rssMb(pid))), 100);
  try {
    const value = await during();
    return { peakMb: Math.max(peakMb, rssMb(pid)), value };
  } finally {
    clearInterval(timer);
  }
}

async function benchMode(mode: StartMode, outDir: string): Promise<StartupResult> {
  const restarts = restartCount();
  const idleSeconds = envInt('BENCH_STARTUP_IDLE_SECONDS', 5, 0, 600);
  const loadSeconds = envInt('BENCH_STARTUP_LOAD_SECONDS', 10, 1, 120);
  const { connections } = httpLoadKnobs();
  const store = createBenchStore('sqlite', 'startup-');
  try {
    const first = await startServer(mode, outDir, store.dir);
    await first.stop();
    const starts: Started[] = [];
    for (let i = 0; i < restarts; i++) {
      const s = await startServer(mode, outDir, store.dir);
      starts.push(s);
      if (i < restarts - 1) await s.stop();
    }
    const server = starts.at(-1)!;
    const readyMs = median(starts.map((s) => s.readyMs));
    const readyCpuMs = median(starts.map((s) => s.readyCpuMs));
    await sleep(idleSeconds * 1000);
    const idleRssMb = rssMb(server.child.pid!);
    const filed = await fileDisputes(server.url, 20);
    let i = 0;
    const source = { next: () => { const d = filed[i++ % filed.length]!; return { method: 'GET' as const, path: `/api/disputes/${d.id}`, headers: { authorization: `Bearer ${d.token}` } }; } };
    const { peakMb, value: read } = await peakRss(server.child.pid!, () => load(`GET /api/disputes/:id [${mode}]`, server.url, connections, loadSeconds, source));
    await server.stop();
    const r: StartupResult = { mode, firstStartMs: first.readyMs, readyMs, readyCpuMs, idleRssMb, loadRssMb: peakMb, read };
    console.log(
      `  ${mode.padEnd(10)}  first start ${f0(r.firstStartMs).padStart(6)} ms   ready ${f0(r.readyMs).padStart(6)} ms (cpu ${f0(r.readyCpuMs)} ms, median of ${restarts})` +
        `   RSS idle ${f0(r.idleRssMb)} MB, under load ${f0(r.loadRssMb)} MB   reads ${f0(read.reqPerSec)} req/s p99 ${read.p99Ms} ms${problems(read, true)}`,
    );
    return r;
  } finally {
    await store.dispose();
  }
}

async function benchBare(): Promise<StartupBenchResult['bare']> {
  const starts: Started[] = [];
  for (let i = 0; i < restartCount(); i++) {
    const s = await startServer('bare', '', '');
    starts.push(s);
    await s.stop();
  }
  const bare = { readyMs: median(starts.map((s) => s.readyMs)), readyCpuMs: median(starts.map((s) => s.readyCpuMs)) };
  console.log(`  ${'bare node'.padEnd(10)}  ready ${f0(bare.readyMs).padStart(6)} ms (cpu ${f0(bare.readyCpuMs)} ms): node:http answering /readyz, the baseline`);
  return bare;
}

export async function runStartupBench(): Promise<StartupBenchResult> {
  const { connections } = httpLoadKnobs();
  console.log(`\nstart-up benchmark: fuyuan start on SQLite, tsx against the compiled build; ready = GET /readyz answers; reads: ${connections} connections`);
  // Inside the repository, as dist/ is, so the compiled files find node_modules.
  const outDir = join(ROOT, '.tmp', `bench-build-${process.pid}`);
  const removeBuild = onCleanup(`build ${outDir}`, () => rmSync(outDir, { recursive: true, force: true }));
  try {
    const t0 = performance.now();
    const build = spawnSync(process.execPath, [join(ROOT, 'bin/build.js'), '--out-dir', outDir], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
    const buildSeconds = (performance.now() - t0) / 1000;
    console.log(`  npm run build (tsc, into .tmp/): ${buildSeconds.toFixed(1)} s`);
    const bare = await benchBare();
    const results: StartupResult[] = [];
    for (const mode of ['tsx', 'dist', 'dist-semi4'] as const) results.push(await benchMode(mode, outDir));
    return { buildSeconds, bare, results };
  } finally {
    await removeBuild();
  }
}

if (require.main === module) {
  runAsMain(async () => {
    try {
      const r = await runStartupBench();
      console.log(`\n${table([['benchmark', 'measured', 'baseline (same run)', ''], ...startupRows(r)])}`);
      // A missed goal is reported, not a failure: wall time drifts on a busy machine.
      return r.results.some((x) => x.read.non2xx || x.read.errors) ? 1 : 0;
    } finally {
      await runCleanups();
    }
  });
}

// The summary table's rows (bench/run.ts): start-up against the bare node server, then memory.
export function startupRows(r: StartupBenchResult): string[][] {
  const rows: string[][] = [];
  for (const x of r.results) {
    rows.push([
      `start-up to /readyz, SQLite restart [${x.mode}]`,
      `${f0(x.readyMs)} ms, cpu ${f0(x.readyCpuMs)} ms`,
      `${f0(r.bare.readyMs)} ms, cpu ${f0(r.bare.readyCpuMs)} ms bare node`,
      `×${(x.readyMs / r.bare.readyMs).toFixed(1)}`,
    ]);
  }
  for (const x of r.results) {
    const misses = startupMisses(x);
    rows.push([
      `RSS idle / under read load [${x.mode}]`,
      `${f0(x.idleRssMb)} MB / ${f0(x.loadRssMb)} MB`,
      `${f0(x.read.reqPerSec)} reads/s, p99 ${x.read.p99Ms} ms`,
      misses.length ? `!! ${misses.join(', ')}` : '',
    ]);
  }
  return rows;
}
