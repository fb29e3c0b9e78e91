import { createRequire } from 'node:module';
import { envInt } from './env-knobs';

// autocannon runs against servers on loopback, and their summaries.

// autocannon ships no types; the part of its API used here.
export interface LoadRequest {
  method?: 'GET' | 'POST';
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: LoadRequest) => LoadRequest;
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
  headers?: Record<string, string>;
  requests?: LoadRequest[];
}) => Promise<AutocannonResult>;
const autocannon = createRequire(__filename)('autocannon') as Autocannon;

export interface LoadRun {
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

// BENCH_HTTP_SECONDS (5) a run, BENCH_HTTP_CONNECTIONS (10) at once.
export function httpLoadKnobs(): { seconds: number; connections: number } {
  return { seconds: envInt('BENCH_HTTP_SECONDS', 5, 1, 60), connections: envInt('BENCH_HTTP_CONNECTIONS', 10, 1, 200) };
}

export function assertLoopback(url: string, verb = 'load'): void {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`refusing to ${verb} ${url}: loopback only`);
}

// What a run sends: the same GET with these headers every time, or each request
// made by a `next()`, whose rotation (over residents, disputes, bodies) is
// shared by all connections.
export type LoadSource = { headers: Record<string, string> | undefined } | { next: () => LoadRequest };

export async function load(name: string, url: string, connections: number, seconds: number, source: LoadSource): Promise<LoadRun> {
  assertLoopback(url);
  const sends =
    'next' in source
      ? {
          requests: [
            {
              method: 'GET' as const,
              path: '/',
              setupRequest: (req: LoadRequest) => {
                const r = source.next();
                return { ...req, ...r, headers: { ...req.headers, ...r.headers } };
              },
            },
          ],
        }
      : { headers: source.headers };
  const r = await autocannon({ url, connections, duration: seconds, ...sends });
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

export function meanRun(name: string, runs: LoadRun[]): LoadRun {
  const mean = (f: (r: LoadRun) => number) => runs.reduce((s, r) => s + f(r), 0) / runs.length;
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

// A server and what to send it; `source()` is called afresh for every run.
export interface LoadTarget {
  name: string;
  url: string;
  source: () => LoadSource;
}

export interface Comparison {
  baseline: LoadRun;
  baselineRuns: LoadRun[];
  routes: Array<LoadRun & { ratio: number }>;
}

// Every route, each after a 1 s warm-up, between two runs of the baseline
// (before and after, each after its own warm-up). `onRoute` sees each route's
// warm-up and run; `print` shows the baseline runs, then the routes with their ratio.
export async function againstBaseline<T extends LoadTarget>(o: {
  connections: number;
  seconds: number;
  baseline: LoadTarget;
  routes: T[];
  print: (r: LoadRun, ratio?: number) => void;
  onRoute?: (route: T, warm: LoadRun, run: LoadRun) => void;
}): Promise<Comparison> {
  const baselineRun = async (label: string) => {
    await load('warm-up', o.baseline.url, o.connections, 1, o.baseline.source());
    const run = await load(`${o.baseline.name} (${label})`, o.baseline.url, o.connections, o.seconds, o.baseline.source());
    o.print(run);
    return run;
  };
  const before = await baselineRun('before');
  const measured: LoadRun[] = [];
  for (const r of o.routes) {
    const warm = await load('warm-up', r.url, o.connections, 1, r.source());
    const run = await load(r.name, r.url, o.connections, o.seconds, r.source());
    o.onRoute?.(r, warm, run);
    measured.push(run);
  }
  const after = await baselineRun('after');
  // The machine's speed drifts (2 cores, other work): the baseline is the mean of both runs.
  const baseline = meanRun(o.baseline.name, [before, after]);
  const routes = measured.map((m) => ({ ...m, ratio: m.reqPerSec / baseline.reqPerSec }));
  for (const m of routes) o.print(m, m.ratio);
  return { baseline, baselineRuns: [before, after], routes };
}
