import { disputesFailed, runDisputesBench, type DisputesBenchResult } from './disputes.bench';
import { runHearingsBench, type HearingImportResult } from './hearings.bench';
import { runHttpBench, type HttpResult } from './http.bench';
import { linkageFailed, runLinkageBench, type LinkageBenchResult } from './linkage.bench';
import { runAsMain, runCleanups } from './kit/cleanup';
import { f0, f1, f2, table } from './kit/report';
import { runOutboxBench, type OutboxBenchResult } from './outbox.bench';
import { remindersFailed, runRemindersBench, withinBudget, type RemindersBenchResult } from './reminders.bench';
import { reportsFailed, runReportsBench, type ReportsBenchResult } from './reports.bench';
import { runStartupBench, startupRows, type StartupBenchResult } from './startup.bench';

// `npm run bench`: the outbox benchmark, then the HTTP one, then the disputes
// one (filing and reading disputes against a bare primary-key SELECT), the
// reminders one (bulk planning, the overdue sweep on its index), the court
// calendar import, one agency's open linkage items among a million, the
// disputes report over a million disputes, start-up time and memory (tsx
// against the compiled build), then a summary.
// Every figure is printed next to a baseline measured in the same run, since
// on a small shared machine absolute numbers drift from one run to the next.
// Bounded: BENCH_MAX_MINUTES (default 30) stops the whole run, cleaning up.

function summary(outbox: OutboxBenchResult | null, http: HttpResult | null, disputes: DisputesBenchResult | null, reminders: RemindersBenchResult | null, hearings: HearingImportResult[], linkage: LinkageBenchResult | null, reports: ReportsBenchResult | null, startup: StartupBenchResult | null): string {
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
        `${f0(r.baseline.reqPerSec)} req/s, p99 ${f1(r.baseline.p99Ms)} ms ${r.baseline.name}`,
        f2(r.ratio),
      ]);
    }
    if (!d.check.ok) {
      rows.push([`disputes check [${d.db}]`, `!! ${d.check.disputes} rows, ${d.check.created} counted 201, ${d.check.distinctSerials} serials`, '', '']);
    }
  }
  for (const r of reminders?.results ?? []) {
    rows.push([`reminders.planMany, ${f0(r.subjects)} subjects [${r.db}]`, `${f1(r.planSeconds)} s`, `${f0(r.plansPerSec)} plans/s`, withinBudget(r) ? '' : '!! over 10 s / 100k']);
    if (r.rows) {
      rows.push([`overdue sweep, ${f0(r.rows)} pending rows, 100 due [${r.db}]`, `${f1(r.sweepMs)} ms`, r.usesIndex ? 'uses ix_reminder_plan_due' : 'NO INDEX', '']);
    }
  }
  for (const h of hearings) {
    rows.push([`hearing import, ${f0(h.rows)} rows [${h.db}]`, `${f1(h.importSeconds)} s`, `${f1(h.parseSeconds)} s read only`, `×${f2(h.importSeconds / h.parseSeconds)}`]);
    rows.push([`hearing re-import, same file [${h.db}]`, `${f1(h.reimportSeconds)} s${h.reimportWroteNothing ? '' : ' !! wrote rows'}`, `${f1(h.parseSeconds)} s read only`, `×${f2(h.reimportSeconds / h.parseSeconds)}`]);
  }
  for (const r of linkage?.results ?? []) {
    for (const c of r.cases) {
      rows.push([
        `linkage open items, ${c.label} (${f0(c.open)} open of ${f0(r.rows)}), page of 20 + count [${r.db}]`,
        `${f2(c.listMs)} ms (SQL ${f2(c.nowSqlMs)} ms)${r.usesIndex ? '' : ' !! not on ix_linkage_item_to_status_due'}`,
        `${f2(c.beforeSqlMs)} ms one query on ix_linkage_item_to_status`,
        `×${f2(c.nowSqlMs / c.beforeSqlMs)}`,
      ]);
    }
  }
  for (const r of reports?.results ?? []) {
    rows.push([
      `disputes report, ${f0(r.rows)} disputes [${r.db}]`,
      `${f0(r.medianMs)} ms (first ${f0(r.firstMs)} ms)`,
      `${f0(r.baselineMs)} ms COUNT(*) of the range${r.usesIndex ? '' : ' !! overdue not on ix_dispute_overdue'}`,
      `×${f2(r.medianMs / r.baselineMs)}${r.db === 'mysql' && r.medianMs > 1000 ? ' !! over 1 s' : ''}`,
    ]);
  }
  if (startup) rows.push(...startupRows(startup));
  return table(rows);
}

async function main(): Promise<number> {
  const started = Date.now();
  let outbox: OutboxBenchResult | null = null;
  let http: HttpResult | null = null;
  let disputes: DisputesBenchResult | null = null;
  let hearings: HearingImportResult[] = [];
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
    if (disputesFailed(disputes)) failed = true;
  } catch (err) {
    failed = true;
    console.error('\ndisputes benchmark failed:', err);
  }
  let reminders: RemindersBenchResult | null = null;
  try {
    reminders = await runRemindersBench();
    if (remindersFailed(reminders)) failed = true;
  } catch (err) {
    failed = true;
    console.error('\nreminders benchmark failed:', err);
  }
  try {
    const h = await runHearingsBench();
    hearings = h.results;
    if (!hearings.every((r) => r.reimportWroteNothing)) failed = true;
  } catch (err) {
    failed = true;
    console.error('\nhearing import benchmark failed:', err);
  }
  let linkage: LinkageBenchResult | null = null;
  try {
    linkage = await runLinkageBench();
    if (linkageFailed(linkage)) failed = true;
  } catch (err) {
    failed = true;
    console.error('\nlinkage benchmark failed:', err);
  }
  let reports: ReportsBenchResult | null = null;
  try {
    reports = await runReportsBench();
    if (reportsFailed(reports)) failed = true;
  } catch (err) {
    failed = true;
    console.error('\nreports benchmark failed:', err);
  }
  let startup: StartupBenchResult | null = null;
  try {
    startup = await runStartupBench();
    // Errors under the read load fail the run; a missed goal is flagged in the summary.
    if (startup.results.some((r) => r.read.non2xx || r.read.errors)) failed = true;
  } catch (err) {
    failed = true;
    console.error('\nstart-up benchmark failed:', err);
  }
  await runCleanups();
  console.log(`\nsummary (${f0((Date.now() - started) / 1000)} s, ${new Date().toISOString()})\n`);
  console.log(summary(outbox, http, disputes, reminders, hearings, linkage, reports, startup));
  for (const s of [...(outbox?.skipped ?? []), ...(disputes?.skipped ?? []), ...(reminders?.skipped ?? []), ...(linkage?.skipped ?? []), ...(reports?.skipped ?? [])]) console.log(`skipped ${s}`);
  return failed ? 1 : 0;
}

runAsMain(main, { maxMinutes: Number(process.env.BENCH_MAX_MINUTES ?? 30) });
