import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_TOKEN_PRINCIPAL } from '../server/domain/principal';
import { fixedClock } from '../server/domain/clock';
import { disputeSummaryQueries } from '../server/domain/reports/disputes-report';
import { backfillDisputeStatsSql } from '../entities/migrations/1765310000000-dispute-stats.migration';
import { parsePeriod } from '../server/domain/reports/report-period';
import { createReportService } from '../server/domain/reports/report-service';
import { DISPUTE_CATEGORIES } from '../entities';
import { benchDbKinds, explain, openBenchDb, sweepLeftovers, type BenchDb, type DbKind } from './kit/bench-databases';
import { runAsMain, runCleanups } from './kit/cleanup';
import { envInt } from './kit/env-knobs';
import { f0, f1 } from './kit/report';

// The reports benchmark (`npm run bench`, or `npx tsx bench/reports.bench.ts`):
// the `disputes` report of 2026H2 over BENCH_REPORT_ROWS disputes (1,000,000)
// all filed in that half year, 95 villages of 19 townships, 10 committees
// (one per village and category, as routing picks), every state. Budget: 1 s on MariaDB. A summary
// table: the report reads dispute_stat and dispute_resolve_stat (filled here by
// the migration's own backfill statements, as production's were) and, live,
// the open disputes past their deadline on the covering index
// ix_dispute_overdue. The plans of its queries are printed. BENCH_REPORTS=0 skips it.

export interface ReportsDbResult {
  db: DbKind;
  rows: number;
  fillSeconds: number;
  firstMs: number;
  medianMs: number;
  baselineMs: number;
  usesIndex: boolean;
  plan: string[];
}

export interface ReportsBenchResult {
  results: ReportsDbResult[];
  skipped: string[];
}

const INDEX = 'ix_dispute_overdue';
const NOW = new Date('2027-01-05T02:00:00.000Z');
const PERIOD = parsePeriod({ half: '2026H2' });
const SPAN = PERIOD.to.getTime() - PERIOD.from.getTime();
const DAY = 86_400_000;
const toSql = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');
const secs = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e9;
// Of ten disputes: five resolved (one then sent for confirmation), two failed (one then to court), one withdrawn, two open.
const STATES = ['resolved', 'resolved', 'resolved', 'resolved', 'confirmation_requested', 'failed', 'litigation', 'withdrawn', 'submitted', 'mediating'];

async function fill(db: BenchDb, rows: number): Promise<number> {
  const q = db.kind === 'sqlite' ? (s: string) => `"${s}"` : (s: string) => `\`${s}\``;
  const created = toSql(NOW);
  const agencyCols = ['name', 'kind', 'parentId', 'categories', 'villages', 'aliases', 'createdAt'].map(q).join(', ');
  const villages: Array<{ id: number; name: string }> = [];
  const committees: number[] = [];
  const insertAgency = async (name: string, kind: string, parentId: number | null) => {
    await db.ds.query(`INSERT INTO ${q('agency')} (${agencyCols}) VALUES (?, ?, ?, '[]', '[]', '[]', ?)`, [name, kind, parentId, created]);
    const [{ id }] = await db.ds.query(`SELECT id FROM ${q('agency')} WHERE ${q('name')} = ?`, [name]);
    return Number(id);
  };
  for (let t = 1; t <= 19; t++) {
    const town = await insertAgency(`测试${t}镇`, 'township', null);
    for (let v = 1; v <= 5; v++) {
      const name = `测试${t}镇${v}村`;
      villages.push({ id: await insertAgency(name, 'village', town), name });
    }
  }
  for (let c = 1; c <= 10; c++) committees.push(await insertAgency(`测试第${c}调解委员会`, 'mediation_committee', null));
  await db.ds.query(`INSERT INTO ${q('user')} (${['role', 'name', 'villages', 'active', 'createdAt'].map(q).join(', ')}) VALUES ('resident', '测试群众', '[]', 1, ?)`, [created]);
  const [{ id: residentId }] = await db.ds.query(`SELECT id FROM ${q('user')} WHERE ${q('name')} = '测试群众'`);

  const cols = ['serial', 'residentId', 'category', 'description', 'village', 'villageId', 'placeUnmapped', 'callback', 'committeeId', 'status', 'deadlineAt', 'deadlineProvisional', 'closedAt', 'createdAt', 'updatedAt'].map(q).join(', ');
  const started = process.hrtime.bigint();
  for (let done = 0; done < rows; ) {
    await db.ds.transaction(async (em) => {
      for (let s = 0; s < 40 && done < rows; s++) {
        const end = Math.min(rows, done + 500);
        const values: string[] = [];
        for (let i = done; i < end; i++) {
          const at = new Date(PERIOD.from.getTime() + Math.floor((i / rows) * SPAN));
          const state = STATES[i % 10]!;
          const open = state === 'submitted' || state === 'mediating';
          const closed = open ? 'NULL' : `'${toSql(new Date(at.getTime() + (i % 41) * DAY + (i % 24) * 3_600_000))}'`;
          const deadline = `'${toSql(new Date(at.getTime() + 30 * DAY))}'`;
          const typed = i % 20 === 0;
          const vi = (i * 7) % villages.length;
          const v = villages[vi]!;
          const cat = i % DISPUTE_CATEGORIES.length;
          const village = typed ? `'某小区${i % 30}'` : `'${v.name}'`;
          // As routing does: the village and the category decide the committee.
          const committee = i % 50 === 0 ? 'NULL' : String(committees[(vi + cat) % committees.length]);
          values.push(`('B-${i}', ${residentId}, '${DISPUTE_CATEGORIES[cat]}', '测试', ${village}, ${typed ? 'NULL' : v.id}, ${typed ? 1 : 0}, 0, ${committee}, '${state}', ${deadline}, 0, ${closed}, '${toSql(at)}', '${toSql(at)}')`);
        }
        await em.query(`INSERT INTO ${q('dispute')} (${cols}) VALUES ${values.join(', ')}`);
        done = end;
      }
    });
  }
  return secs(started);
}

async function benchOne(kind: DbKind, rows: number): Promise<ReportsDbResult> {
  const db = await openBenchDb(kind);
  try {
    const fillSeconds = await fill(db, rows);
    console.log(`  [${kind}] filled ${f0(rows)} disputes in ${f1(fillSeconds)} s (load average ${loadavg()[0]!.toFixed(1)})`);
    // The summary as production has it: the migration's own backfill.
    const t0 = process.hrtime.bigint();
    for (const sql of backfillDisputeStatsSql(kind)) await db.ds.query(sql);
    const [{ n: statRows }] = await db.ds.query(`SELECT COUNT(*) AS n FROM ${kind === 'sqlite' ? '"dispute_stat"' : '`dispute_stat`'}`);
    console.log(`  [${kind}] backfilled the summary (${f0(Number(statRows))} dispute_stat rows) in ${f1(secs(t0))} s`);
    if (kind === 'mysql') await db.ds.query('ANALYZE TABLE `dispute`, `dispute_stat`, `dispute_resolve_stat`');
    else await db.ds.query('ANALYZE');
    const queries = Object.fromEntries(Object.entries(disputeSummaryQueries(db.ds, { first: '2026-07', end: '2027-01', from: PERIOD.from, to: PERIOD.to }, { all: true }, NOW))
      .filter((e): e is [string, NonNullable<(typeof e)[1]>] => e[1] !== null));
    const plan: string[] = [];
    let usesIndex = true;
    for (const [label, qb] of Object.entries(queries)) {
      const [sql, params] = qb.getQueryAndParameters();
      console.log(`  [${kind}] ${label}: ${sql.replace(/\s+/g, ' ')}`);
      const lines = await explain(db.ds, kind, sql, params, true);
      // The live pass must read the covering index, not the table or another index.
      if (label === 'overdue' && !lines.some((l) => l.includes(INDEX))) usesIndex = false;
      for (const line of lines) {
        console.log(`    ${line}`);
        plan.push(`${label}: ${line}`);
      }
    }
    for (const [label, qb] of Object.entries(queries)) {
      const t = performance.now();
      const n = (await qb.getRawMany()).length;
      console.log(`  [${kind}] ${label} alone: ${n} groups in ${f0(performance.now() - t)} ms`);
    }
    // The floor: counting the same range on the same index, no grouping.
    const baseline: number[] = [];
    for (let run = 0; run < 3; run++) {
      const t = performance.now();
      await db.ds.query(`SELECT COUNT(*) AS n FROM ${kind === 'sqlite' ? '"dispute"' : '`dispute`'} WHERE createdAt >= ? AND createdAt < ?`, [toSql(PERIOD.from), toSql(PERIOD.to)]);
      baseline.push(performance.now() - t);
    }
    const baselineMs = baseline.sort((a, b) => a - b)[1]!;
    console.log(`  [${kind}] baseline, COUNT(*) of the period's range: median ${f0(baselineMs)} ms`);
    const reports = createReportService({ db: db.ds, clock: fixedClock(NOW), reportFilesDir: join(tmpdir(), 'fuyuan-bench-reports') });
    const times: number[] = [];
    let filed = 0;
    for (let run = 0; run < 6; run++) {
      const t = performance.now();
      filed = (await reports.figures('disputes', PERIOD, ADMIN_TOKEN_PRINCIPAL)).totals.filed;
      times.push(performance.now() - t);
    }
    if (filed !== rows) throw new Error(`disputes report counted ${filed} of ${rows}`);
    const warm = times.slice(1).sort((a, b) => a - b);
    const result = { db: kind, rows, fillSeconds, firstMs: times[0]!, medianMs: warm[Math.floor(warm.length / 2)]!, baselineMs, usesIndex, plan };
    console.log(`  [${kind}] disputes report: first ${f0(result.firstMs)} ms, then median ${f0(result.medianMs)} ms (runs ${times.map(f0).join(', ')} ms; load average ${loadavg()[0]!.toFixed(1)})`);
    return result;
  } finally {
    await db.close();
  }
}

export async function runReportsBench(): Promise<ReportsBenchResult> {
  if (envInt('BENCH_REPORTS', 1, 0, 1) === 0) return { results: [], skipped: ['reports: BENCH_REPORTS=0'] };
  const rows = envInt('BENCH_REPORT_ROWS', 1_000_000, 1000, 100_000_000);
  const { kinds, skipped, mysqlUrl } = benchDbKinds('reports on mysql');
  console.log(`\nreports benchmark: the disputes report of 2026H2 over ${f0(rows)} disputes`);
  await sweepLeftovers(mysqlUrl);
  const results: ReportsDbResult[] = [];
  try {
    for (const kind of kinds) results.push(await benchOne(kind, rows));
  } finally {
    await runCleanups();
  }
  for (const s of skipped) console.log(`  skipped ${s}`);
  return { results, skipped };
}

// Off the covering index is a failure; time over budget is reported (a shared machine drifts), not failed.
export const reportsFailed = (r: ReportsBenchResult) => r.results.some((d) => !d.usesIndex);

if (require.main === module) runAsMain(async () => (reportsFailed(await runReportsBench()) ? 1 : 0));
