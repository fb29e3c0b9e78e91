import 'reflect-metadata';
import { MoreThan } from 'typeorm';
import { Hearing } from '../entities';
import { fixedClock } from '../server/domain/clock';
import { readCalendarTable } from '../server/domain/hearings/calendar-table';
import { createHearingImport } from '../server/domain/hearings/hearing-import';
import { readHearingRows } from '../server/domain/hearings/hearing-rows';
import { ADMIN_TOKEN_PRINCIPAL } from '../server/domain/principal';
import { benchDbKinds, openBenchDb, sweepLeftovers, type DbKind } from './kit/bench-databases';
import { runAsMain } from './kit/cleanup';
import { envInt } from './kit/env-knobs';
import { f0, f1, f2 } from './kit/report';

// The court calendar import (`npm run bench`, or `npx tsx bench/hearings.bench.ts`):
// a CSV of BENCH_HEARING_ROWS rows (default 100,000) imported into an empty
// database, then the same file again (which must write nothing). Baseline in
// the same run: reading and checking the same file without a database, so the
// ratio shows what the database part costs. Goals (issue 12): ≤ 15 s for the
// first import on SQLite, ≤ 10 s for the re-import.

export interface HearingImportResult {
  db: DbKind;
  rows: number;
  parseSeconds: number;
  importSeconds: number;
  reimportSeconds: number;
  reimportWroteNothing: boolean;
}

export function calendarCsv(rows: number): Buffer {
  const lines = ['案号,庭次,开庭时间,案由,法庭,承办法官,当事人'];
  for (let i = 1; i <= rows; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const hour = String(8 + (i % 9)).padStart(2, '0');
    lines.push(`（2026）陕0602民初${i}号,${1 + (i % 3)},2026-12-${day} ${hour}:00,民间借贷纠纷,第${1 + (i % 6)}法庭,法官${i % 40},原告${i}、被告${i}`);
  }
  return Buffer.from(lines.join('\n'), 'utf8');
}

const seconds = async (fn: () => Promise<unknown>) => {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
};

export async function runHearingsBench(): Promise<{ results: HearingImportResult[]; skipped: string[] }> {
  const rows = envInt('BENCH_HEARING_ROWS', 100_000, 1, 100_000);
  const { kinds, skipped, mysqlUrl } = benchDbKinds('hearing import on mysql');
  await sweepLeftovers(mysqlUrl);
  const file = calendarCsv(rows);
  const ctx = { actor: ADMIN_TOKEN_PRINCIPAL, requestId: 'bench' };
  const results: HearingImportResult[] = [];
  for (const kind of kinds) {
    console.log(`\nhearing import benchmark on ${kind}: ${f0(rows)} rows, ${f1(file.length / 1024 / 1024)} MB`);
    const parseSeconds = await seconds(async () => readHearingRows(await readCalendarTable(file)));
    const db = await openBenchDb(kind);
    try {
      const clock = fixedClock('2026-12-01T02:00:00Z');
      const importer = createHearingImport({ db: db.ds, clock });
      let first = { created: 0 };
      const importSeconds = await seconds(async () => (first = await importer.import(file, {}, ctx)));
      // Anything the second import writes carries the later time.
      clock.advance(3600_000);
      let again = { unchanged: 0, created: 0, rescheduled: 0, updated: 0 };
      const reimportSeconds = await seconds(async () => (again = await importer.import(file, {}, ctx)));
      const touched = await db.ds.manager.countBy(Hearing, { updatedAt: MoreThan(new Date('2026-12-01T02:30:00Z')) });
      const reimportWroteNothing = again.unchanged === first.created && again.created + again.rescheduled + again.updated === 0 && touched === 0;
      const r = { db: kind, rows, parseSeconds, importSeconds, reimportSeconds, reimportWroteNothing };
      console.log(`  read and check only (baseline): ${f2(parseSeconds)} s`);
      console.log(`  first import:  ${f2(importSeconds)} s (${f0(rows / importSeconds)} rows/s, ×${f2(importSeconds / parseSeconds)} of the baseline), ${f0(first.created)} created`);
      console.log(`  same file again: ${f2(reimportSeconds)} s (×${f2(reimportSeconds / parseSeconds)}), ${reimportWroteNothing ? 'nothing written' : '!! something was written'}`);
      results.push(r);
    } finally {
      await db.close();
    }
  }
  return { results, skipped };
}

if (require.main === module) runAsMain(async () => ((await runHearingsBench()).results.every((r) => r.reimportWroteNothing) ? 0 : 1), { maxMinutes: 20 });
