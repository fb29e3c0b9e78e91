import 'reflect-metadata';
import { startFakeWecom } from '../test/fakes/wecom-api.fake';
import { benchDbKinds, openBenchDb, sweepLeftovers } from './kit/bench-databases';
import { onCleanup, runAsMain, runCleanups } from './kit/cleanup';
import { envInt } from './kit/env-knobs';
import { backlogBench, printBacklog, type BacklogResult } from './outbox/backlog-bench';
import { deliveryBench, printDelivery, type DeliveryResult } from './outbox/delivery-bench';
import { racingClock } from './outbox/sender-fixtures';

export type { BacklogResult, TickScenario, TickTiming } from './outbox/backlog-bench';
export type { DeliveryResult } from './outbox/delivery-bench';
export type { DbKind } from './kit/bench-databases';

// The outbox benchmark (`npm run bench`, or `npx tsx bench/outbox.bench.ts`).
//
// (a) Delivery throughput (bench/outbox/delivery-bench.ts): N due rows for a
//     few group robots, rate limits off, ticks back to back until all are sent
//     to the fake WeCom webhook over loopback. Baseline in the same run: the
//     same number of POSTs sent directly with the same channel class and the
//     same concurrency, no database.
// (b) Tick cost with a big backlog (bench/outbox/backlog-bench.ts): BENCH_ROWS
//     (default 1,000,000) pending rows due in the future plus 100 due now; the
//     median of 5 ticks, against the same tick over an outbox that holds only
//     the 100 due rows, and the query plans of what a tick runs.
//
// On a temporary SQLite file, and on MySQL/MariaDB too when BENCH_DATABASE_URL
// or TEST_DATABASE_URL names a loopback server (a fresh database
// fuyuan_bench_<hex> is created and dropped). Everything it creates it removes;
// what a killed run left behind (its process gone) is removed by the next run.
//
// Knobs: BENCH_N (delivery rows, 2000), BENCH_ROWS (backlog, 1000000),
// BENCH_FILL_SECONDS (time budget of one backlog fill, 300). BENCH_ROWS=0 skips (b).

export interface OutboxBenchResult {
  delivery: DeliveryResult[];
  backlog: BacklogResult[];
  skipped: string[];
}

export async function runOutboxBench(): Promise<OutboxBenchResult> {
  const n = envInt('BENCH_N', 2000, 1, 1_000_000);
  const rows = envInt('BENCH_ROWS', 1_000_000, 0, 100_000_000);
  const fillBudgetMs = envInt('BENCH_FILL_SECONDS', 300, 1, 3600) * 1000;
  const { kinds, skipped, mysqlUrl } = benchDbKinds('mysql');
  await sweepLeftovers(mysqlUrl);

  const result: OutboxBenchResult = { delivery: [], backlog: [], skipped };
  const fake = await startFakeWecom({ clock: racingClock() });
  const closeFake = onCleanup('fake WeCom', () => fake.close());
  try {
    for (const kind of kinds) {
      console.log(`\noutbox benchmark on ${kind}`);
      const db = await openBenchDb(kind);
      try {
        const d = await deliveryBench(db, fake, n);
        printDelivery(d);
        result.delivery.push(d);
        if (rows > 0) {
          const b = await backlogBench(db, fake, rows, fillBudgetMs);
          printBacklog(b);
          result.backlog.push(b);
        }
      } finally {
        await db.close();
      }
    }
  } finally {
    await closeFake();
    await runCleanups();
  }
  for (const s of skipped) console.log(`  skipped ${s}`);
  return result;
}

if (require.main === module) {
  runAsMain(async () => {
    await runOutboxBench();
    return 0;
  });
}
