import { DISPUTE_CATEGORIES, type DisputeCategory } from '../../entities';
import { demoTownships } from '../../server/seed/demo-agencies.data';
import { createBenchStore, type DbKind } from '../kit/bench-databases';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarize } from '../profile-summary';
import { againstBaseline, assertLoopback, load, type LoadRequest, type LoadRun, type LoadSource } from '../kit/load-runner';
import { f0, printRun, problems } from '../kit/report';
import { startServerProcess } from '../kit/server-process';
import type { Answers, DisputesReady, Question } from './disputes-server';

// One database's part of the disputes benchmark (bench/disputes.bench.ts):
// residents logged in, the runs against the baseline, then the check of what
// the database holds.

export type DisputeRun = LoadRun;

export interface DisputesDbResult {
  db: DbKind;
  residents: number;
  baseline: DisputeRun;
  baselineRuns: DisputeRun[];
  // The query plan of the baseline's SELECT for an existing id, as the database tells it.
  baselinePlan: string;
  // Each route with its ratio to its own ceiling: filing to the bare INSERT, reads and lists to the bare SELECT.
  routes: Array<DisputeRun & { ratio: number; baseline: DisputeRun }>;
  // After the runs: disputes in the database against 201 answers counted by
  // autocannon, and distinct serials. A run stops counting when its time is
  // up, but the requests then in flight (up to one a connection) still file:
  // the database may hold up to `inFlight` more than were counted.
  check: { disputes: number; created: number; inFlight: number; distinctSerials: number; ok: boolean };
}

interface DisputesServer {
  ready: DisputesReady;
  ask: <Q extends Question>(q: Q) => Promise<Answers[Q['cmd']]>;
  stop: () => Promise<void>;
}

// Starts the server process (bench/disputes/disputes-server.ts) over a fresh database of `kind`.
async function startServer(kind: DbKind): Promise<DisputesServer> {
  // Registered before the database exists (the server creates it), so it is
  // dropped whatever happens; it runs after the server's own cleanup (newest first).
  const store = createBenchStore(kind, 'disputes-');
  const server = await startServerProcess<DisputesReady>(require.resolve('./disputes-server'), [kind, store.dir, store.dbUrl], {
    label: kind,
    startSeconds: 120,
    urls: (ready) => [ready.appUrl, ready.bareUrl],
  });
  return {
    ready: server.ready,
    ask: <Q extends Question>(q: Q) => server.ask(q) as Promise<Answers[Q['cmd']]>,
    stop: async () => {
      await server.stop();
      await store.dispose();
    },
  };
}

async function call(method: 'GET' | 'POST', url: string, body?: unknown, token?: string): Promise<{ status: number; json: any }> {
  assertLoopback(url, 'call');
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

const print = (r: LoadRun, ratio?: number) => printRun({ nameWidth: 44, p99Width: 4, codes: true }, r, ratio);

export async function benchOne(kind: DbKind, connections: number, seconds: number, residentCount: number): Promise<DisputesDbResult> {
  console.log(`\ndisputes benchmark on ${kind}`);
  const server = await startServer(kind);
  try {
    const { appUrl, bareUrl, adminToken } = server.ready;

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
    const { statements: timed } = await server.ask({ cmd: 'record', reads: [filed[0]!, filed[1 % filed.length]!] });
    const statements = timed.length;
    console.log(`  a read's statements, each run alone as the app sends it: ${timed.map((x) => `${x.from} ${x.us} µs`).join(', ')}`);
    // The replayed statements read the dispute asked for, not the recorded one.
    const other = filed[filed.length - 1]!;
    const replayed = await call('GET', `${bareUrl}/statements/${other.id}`);
    if (replayed.status !== 200 || firstId(replayed.json) !== other.id) throw new Error(`bare statements for ${other.id} answered ${replayed.status}: ${JSON.stringify(replayed.json).slice(0, 200)}`);
    const { plan } = await server.ask({ cmd: 'plan', id: filed[0]!.id });
    // One more filing by the first resident, its statements counted for the filing rung.
    const shape = await server.ask({ cmd: 'record-filing', token: filed[0]!.token, body: filingBody(residentCount) });
    console.log(`  one filing sends ${shape.outside} statements outside its transaction and ${shape.inside} inside it`);
    const byPrimaryKey = kind === 'sqlite' ? /USING INTEGER PRIMARY KEY/.test(plan) : /key=PRIMARY/.test(plan);
    console.log(`  baseline query plan: ${plan}${byPrimaryKey ? '' : '  !! not a primary-key lookup'}`);

    // Each run gets a fresh rotation over residents, disputes and bodies.
    const rotation = (make: (i: number) => LoadRequest) => (): LoadSource => {
      let i = 0;
      return { next: () => make(i++) };
    };
    const filing = rotation((i) => ({
      method: 'POST',
      path: '/api/disputes',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${residents[i % residents.length]}` },
      body: filingBody(residentCount + i),
    }));
    const readAsResident = rotation((i) => {
      const d = filed[i % filed.length]!;
      return { method: 'GET', path: `/api/disputes/${d.id}`, headers: { authorization: `Bearer ${d.token}` } };
    });
    const readAsAdmin = rotation((i) => ({ method: 'GET', path: `/api/disputes/${filed[i % filed.length]!.id}`, headers: { authorization: `Bearer ${adminToken}` } }));
    const readBare = rotation((i) => ({ method: 'GET', path: `/disputes/${filed[i % filed.length]!.id}` }));
    const meAsResident = rotation((i) => ({ method: 'GET', path: '/api/me', headers: { authorization: `Bearer ${filed[i % filed.length]!.token}` } }));
    const bareRung = (rung: string) => rotation((i) => ({ method: 'GET', path: `/${rung}/${filed[i % filed.length]!.id}` }));

    // BENCH_DISPUTE_ROUTES picks some of file,read,admin,list,rungs (all by default;
    // shape: the filing rung alone, beside file),
    // e.g. to profile one route alone (BENCH_CPU_PROF).
    const picked = new Set((process.env.BENCH_DISPUTE_ROUTES || 'file,read,admin,list,rungs').split(',').map((x) => x.trim()));
    const listAsAdmin = rotation((i) => ({ method: 'GET', path: `/api/disputes?page=${1 + (i % 5)}&pageSize=20`, headers: { authorization: `Bearer ${adminToken}` } }));
    const bareFiling = rotation((i) => ({ method: 'POST', path: '/disputes', headers: { 'content-type': 'application/json' }, body: filingBody(i) }));
    const filingShape = rotation((i) => ({ method: 'POST', path: '/filing-shape', headers: { 'content-type': 'application/json' }, body: filingBody(i) }));

    // The residents' filings and the one whose statements were counted.
    let created = residentCount + 1;
    let inFlight = 0;
    const onRoute = (r: { name: string; creates: boolean }, warm: LoadRun, run: LoadRun) => {
      if (warm.non2xx || warm.errors) console.log(`  warm-up of ${r.name}:${problems(warm, true)}`);
      if (r.creates) {
        created += (warm.statusCodes['201'] ?? 0) + (run.statusCodes['201'] ?? 0);
        inFlight += 2 * connections;
      }
    };
    const reads = [
      // Where a read's time goes (disputes-server.ts): the ceiling's SELECT sent as the app sends its reads
      // (a prepared statement on MySQL; the ceiling sends TypeORM's text query), the read's statements
      // alone, then its service call, all bare.
      { key: 'rungs', name: `bare Koa, PK SELECT as the app sends it${kind === 'mysql' ? ' (prepared)' : ''}`, url: bareUrl, source: bareRung('prepared'), creates: false },
      { key: 'rungs', name: `bare Koa, the read's ${statements} statements`, url: bareUrl, source: bareRung('statements'), creates: false },
      { key: 'rungs', name: 'bare Koa, the read as a service call', url: bareUrl, source: bareRung('service'), creates: false },
      // The app's own stack with no statement at all (the session cached): what bounds any route of it.
      { key: 'rungs', name: 'GET /api/me (the app, no statement)', url: appUrl, source: meAsResident, creates: false },
      { key: 'read', name: 'GET /api/disputes/:id (filing resident)', url: appUrl, source: readAsResident, creates: false },
      { key: 'admin', name: 'GET /api/disputes/:id (admin token)', url: appUrl, source: readAsAdmin, creates: false },
      { key: 'list', name: 'GET /api/disputes, 20 a page (admin token)', url: appUrl, source: listAsAdmin, creates: false },
    ].filter((r) => picked.has(r.key));
    const readRuns = reads.length
      ? await againstBaseline({ connections, seconds, print, baseline: { name: 'bare Koa, PK SELECT', url: bareUrl, source: readBare }, routes: reads, onRoute })
      : null;
    // Filing against its own ceiling: one INSERT in one transaction.
    const fileRuns = picked.has('file')
      ? await againstBaseline({
          connections,
          seconds,
          print,
          baseline: { name: 'bare Koa, INSERT in a transaction', url: bareUrl, source: bareFiling },
          routes: [
            // What the filing's statement count alone costs (disputes-server.ts), then the filing.
            ...(picked.has('rungs') || picked.has('shape') ? [{ name: `bare Koa, the INSERT among ${shape.outside}+${shape.inside} PK SELECTs`, url: bareUrl, source: filingShape, creates: false }] : []),
            { name: `POST /api/disputes (${residentCount} residents)`, url: appUrl, source: filing, creates: true },
          ],
          onRoute,
        })
      : null;
    // BENCH_CPU_PROF=<dir>: one more run of each route under a CPU profile of the server, summarized.
    const profDir = process.env.BENCH_CPU_PROF;
    if (profDir) {
      // The app's routes, and the /api/me rung (the app's stack alone) as `me`.
      const all = [...reads.filter((r) => r.url === appUrl), ...(picked.has('file') ? [{ key: 'file', name: 'POST /api/disputes', url: appUrl, source: filing, creates: true }] : [])];
      for (const r of all) {
        const file = join(profDir, `${kind}-${r.key === 'rungs' ? 'me' : r.key}.cpuprofile`);
        await server.ask({ cmd: 'profile-start' });
        const run = await load(`${r.name} (profiled)`, r.url, connections, seconds, r.source());
        await server.ask({ cmd: 'profile-stop', file });
        onRoute(r, { ...run, statusCodes: {}, non2xx: 0, errors: 0 }, run);
        print(run);
        console.log(summarize(JSON.parse(readFileSync(file, 'utf8')), 15).replace(/^/gm, '    '));
      }
    }

    const baseline = readRuns?.baseline ?? fileRuns!.baseline;
    const baselineRuns = readRuns?.baselineRuns ?? fileRuns!.baselineRuns;
    const routes = [...(fileRuns?.routes.map((r) => ({ ...r, baseline: fileRuns.baseline })) ?? []), ...(readRuns?.routes.map((r) => ({ ...r, baseline: readRuns.baseline })) ?? [])];

    const stats = await server.ask({ cmd: 'stats' });
    const ok = stats.disputes >= created && stats.disputes <= created + inFlight && stats.distinctSerials === stats.disputes;
    const check = { disputes: stats.disputes, created, inFlight, distinctSerials: stats.distinctSerials, ok };
    console.log(
      `  check: ${f0(check.disputes)} disputes in the database, ${f0(check.created)} counted 201 ` +
        `(+${check.disputes - check.created} from requests in flight at the end of a run, at most ${inFlight}), ` +
        `${f0(check.distinctSerials)} distinct serials${ok ? '' : '  !! mismatch'}`,
    );
    return { db: kind, residents: residentCount, baseline, baselineRuns, baselinePlan: plan, routes, check };
  } finally {
    await server.stop();
  }
}

// The dispute's id in the first row a read's statements answer: the first
// value of its first JSON array (the read's rows are JSON arrays, the
// dispute's first), or its first column.
function firstId(row: Record<string, unknown> | undefined): number | undefined {
  const values = row ? Object.values(row) : [];
  const json = values.map((v) => (typeof v === 'string' && v.startsWith('[') ? JSON.parse(v) : v)).find(Array.isArray);
  return Number(json ? json[0] : values[0]);
}
