import { benchDbKinds, sweepLeftovers } from './kit/bench-databases';
import { runAsMain, runCleanups } from './kit/cleanup';
import { httpLoadKnobs } from './kit/load-runner';
import { envInt } from './kit/env-knobs';
import { benchOne, type DisputesDbResult } from './disputes/dispute-runs';

export type { DisputeRun, DisputesDbResult } from './disputes/dispute-runs';
export type { DbKind } from './kit/bench-databases';

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
// child process (bench/disputes/disputes-server.ts), so the load generator
// (this process) and the server get a core each. Everything it creates it
// removes; what a killed run left behind (its process gone) is removed by the next run.
//
// Loopback only. Knobs: BENCH_HTTP_SECONDS (5), BENCH_HTTP_CONNECTIONS (50),
// BENCH_DISPUTE_RESIDENTS (200).

export interface DisputesBenchResult {
  connections: number;
  seconds: number;
  results: DisputesDbResult[];
  skipped: string[];
}

// Errors under load or a check that does not add up: a failure, not drift.
export function disputesFailed(r: DisputesBenchResult): boolean {
  return r.results.some((d) => !d.check.ok || [d.baseline, ...d.routes].some((x) => x.non2xx || x.errors));
}

export async function runDisputesBench(): Promise<DisputesBenchResult> {
  // 50 connections by default here: the load issue 14 measures against.
  const { seconds } = httpLoadKnobs();
  const connections = envInt('BENCH_HTTP_CONNECTIONS', 50, 1, 200);
  const residentCount = envInt('BENCH_DISPUTE_RESIDENTS', 200, 1, 10_000);
  const { kinds, skipped, mysqlUrl } = benchDbKinds('disputes on mysql');
  console.log(
    `\ndisputes benchmark: autocannon, ${connections} connections, ${seconds} s a run (after a 1 s warm-up), loopback, daily limit off`,
  );
  await sweepLeftovers(mysqlUrl);
  const results: DisputesDbResult[] = [];
  try {
    for (const kind of kinds) results.push(await benchOne(kind, connections, seconds, residentCount));
  } finally {
    await runCleanups();
  }
  for (const s of skipped) console.log(`  skipped ${s}`);
  return { connections, seconds, results, skipped };
}

if (require.main === module) runAsMain(async () => (disputesFailed(await runDisputesBench()) ? 1 : 0));
