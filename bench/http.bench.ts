import { createBenchStore } from './kit/bench-databases';
import { runAsMain, runCleanups } from './kit/cleanup';
import { againstBaseline, httpLoadKnobs, type LoadRun } from './kit/load-runner';
import { printRun } from './kit/report';
import { startServerProcess } from './kit/server-process';
import type { HttpReady } from './http/http-servers';

// The HTTP benchmark (`npm run bench`, or `npx tsx bench/http.bench.ts`):
// autocannon against the real app (createApp over a SQLite database with the
// demo data) for GET /healthz, GET /api/me with a resident's token and
// GET /api/agencies with the admin token, against a bare node:http server
// answering {"status":"ok"} as the baseline, measured in the same run before
// and after the app. Each server runs in a child process of its own
// (bench/http/http-servers.ts), so the load generator (this process) and the
// server get a core each.
//
// Loopback only. Knobs: BENCH_HTTP_SECONDS (5), BENCH_HTTP_CONNECTIONS (10).

export type HttpRun = LoadRun;

export interface HttpResult {
  connections: number;
  seconds: number;
  baseline: HttpRun;
  baselineRuns: HttpRun[];
  routes: Array<HttpRun & { ratio: number }>;
}

const print = (r: LoadRun, ratio?: number) => printRun({ nameWidth: 34, p99Width: 3, codes: false }, r, ratio);

// Starts a server process ('bare', or 'app' over a fresh temp dir) and waits for its address.
async function startServer(mode: 'bare' | 'app'): Promise<HttpReady> {
  const dir = mode === 'app' ? createBenchStore('sqlite', 'http-').dir : '';
  const server = await startServerProcess<HttpReady>(require.resolve('./http/http-servers'), [mode, dir], {
    label: mode,
    startSeconds: 60,
    urls: (ready) => [ready.url],
  });
  return server.ready;
}

async function expectOk(url: string, headers?: Record<string, string>): Promise<void> {
  const res = await fetch(url, { headers });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${body.slice(0, 200)}`);
}

export async function runHttpBench(): Promise<HttpResult> {
  const { seconds, connections } = httpLoadKnobs();
  console.log(`\nHTTP benchmark: autocannon, ${connections} connections, ${seconds} s a run (after a 1 s warm-up), loopback`);
  try {
    const bare = await startServer('bare');
    const app = await startServer('app');
    const admin = { authorization: `Bearer ${app.adminToken}` };
    const resident = { authorization: `Bearer ${app.residentToken}` };
    const routes: Array<{ name: string; path: string; headers?: Record<string, string> }> = [
      { name: 'GET /healthz', path: '/healthz' },
      { name: 'GET /api/me (resident token)', path: '/api/me', headers: resident },
      { name: 'GET /api/agencies (admin token)', path: '/api/agencies', headers: admin },
    ];
    await expectOk(`${bare.url}/`);
    for (const r of routes) await expectOk(app.url + r.path, r.headers);

    const comparison = await againstBaseline({
      connections,
      seconds,
      print,
      baseline: { name: 'bare node:http', url: `${bare.url}/`, source: () => ({ headers: undefined }) },
      routes: routes.map((r) => ({ name: r.name, url: app.url + r.path, source: () => ({ headers: r.headers }) })),
    });
    return { connections, seconds, ...comparison };
  } finally {
    await runCleanups();
  }
}

if (require.main === module) {
  runAsMain(async () => {
    await runHttpBench();
    return 0;
  });
}
