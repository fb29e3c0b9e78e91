import { cleanupDisputesBench, runDisputesBench, type DisputesBenchResult } from './disputes.bench';
import { cleanupHttpBench, runHttpBench, type HttpResult } from './http.bench';
import { cleanupOutboxBench, runOutboxBench, type OutboxBenchResult } from './outbox.bench';

// `npm run bench`: the outbox benchmark, then the HTTP one, then the disputes
// one (filing and reading disputes against a bare primary-key SELECT), then a summary.
// Every figure is printed next to a baseline measured in the same run, since
// on a small shared machine absolute numbers drift from one run to the next.
// Bounded: BENCH_MAX_MINUTES (default 30) stops the whole run, cleaning up.

const f0 = (x: number) => Math.round(x).toLocaleString('en-US');
const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);

async function cleanupAll(): Promise<void> {
  await cleanupDisputesBench();
  await cleanupHttpBench();
  await cleanupOutboxBench();
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

function summary(outbox: OutboxBenchResult | null, http: HttpResult | null, disputes: DisputesBenchResult | null): string {
  const rows: string[][] = [['benchmark', 'measured', 'baseline (same run)', 'ratio']];
  for (const d of outbox?.delivery ?? []) {
    rows.push([
      `outbox delivery, ${d.n} rows, limits off [${d.db}]`,
      `${f0(d.senderPerSec)} notif/s`,
      `${f0(d.baselinePerSec)} POST/s direct`,
      f2(d.ratio),
    ]);
  }
  for (const b of outbox?.backlog ?? []) {
    const rowsLabel = b.filledRows >= 1_000_000 ? `${f1(b.filledRows / 1_000_000)}M` : f0(b.filledRows);
    for (const s of b.scenarios) {
      rows.push([
        `tick, ${rowsLabel} pending: ${s.label} [${b.db}]`,
        `${f1(s.with.medianMs)} ms`,
        `${f1(s.without.medianMs)} ms no backlog`,
        `×${f2(s.with.medianMs / s.without.medianMs)}`,
      ]);
    }
    rows.push([`backlog fill, raw multi-row INSERT [${b.db}]`, `${f1(b.fillSeconds)} s`, `${f0(b.fillRowsPerSec)} rows/s`, '']);
    rows.push([`candidate query uses ix_notification_status_due [${b.db}]`, b.candidateUsesIndex ? 'yes' : 'NO', '', '']);
  }
  if (http) {
    for (const r of http.routes) {
      rows.push([
        `http ${r.name}`,
        `${f0(r.reqPerSec)} req/s, p99 ${r.p99Ms} ms`,
        `${f0(http.baseline.reqPerSec)} req/s, p99 ${f1(http.baseline.p99Ms)} ms bare`,
        f2(r.ratio),
      ]);
    }
  }
  for (const d of disputes?.results ?? []) {
    for (const r of d.routes) {
      const problems = r.non2xx || r.errors ? ` !! ${r.non2xx} non-2xx, ${r.errors} errors` : '';
      rows.push([
        `http ${r.name} [${d.db}]`,
        `${f0(r.reqPerSec)} req/s, p99 ${r.p99Ms} ms${problems}`,
        `${f0(d.baseline.reqPerSec)} req/s, p99 ${f1(d.baseline.p99Ms)} ms bare Koa PK SELECT`,
        f2(r.ratio),
      ]);
    }
    if (!d.check.ok) {
      rows.push([`disputes check [${d.db}]`, `!! ${d.check.disputes} rows, ${d.check.created} counted 201, ${d.check.distinctSerials} serials`, '', '']);
    }
  }
  return table(rows);
}

async function main(): Promise<number> {
  const started = Date.now();
  let outbox: OutboxBenchResult | null = null;
  let http: HttpResult | null = null;
  let disputes: DisputesBenchResult | null = null;
  let failed = false;
  try {
    outbox = await runOutboxBench();
  } catch (err) {
    failed = true;
    console.error('\noutbox benchmark failed:', err);
  }
  try {
    http = await runHttpBench();
  } catch (err) {
    failed = true;
    console.error('\nHTTP benchmark failed:', err);
  }
  try {
    disputes = await runDisputesBench();
    // Errors under load are a failure, not drift: the run says so in its exit code too.
    if (disputes.results.some((d) => !d.check.ok || [d.baseline, ...d.routes].some((r) => r.non2xx || r.errors))) failed = true;
  } catch (err) {
    failed = true;
    console.error('\ndisputes benchmark failed:', err);
  }
  await cleanupAll();
  console.log(`\nsummary (${f0((Date.now() - started) / 1000)} s, ${new Date().toISOString()})\n`);
  console.log(summary(outbox, http, disputes));
  for (const s of [...(outbox?.skipped ?? []), ...(disputes?.skipped ?? [])]) console.log(`skipped ${s}`);
  return failed ? 1 : 0;
}

const maxMinutes = Number(process.env.BENCH_MAX_MINUTES ?? 30);
const watchdog = setTimeout(() => {
  console.error(`\nbenchmark still running after ${maxMinutes} minutes: stopping`);
  void cleanupAll().finally(() => process.exit(2));
}, maxMinutes * 60_000);
watchdog.unref();

// `on`, not `once`: Ctrl-C reaches this process twice (from the terminal and
// relayed by tsx), and a second signal without a handler would kill it mid-cleanup.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.error(`\n${signal}: cleaning up`);
    void cleanupAll().finally(() => process.exit(130));
  });
}

main().then(
  (code) => process.exit(code),
  async (err) => {
    console.error(err);
    await cleanupAll();
    process.exit(1);
  },
);
