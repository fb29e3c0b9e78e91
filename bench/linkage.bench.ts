import { Agency, LinkageItem, type LinkageItemStatus, type LinkageItemType, LINKAGE_ITEM_TYPES } from '../entities';
import { insertRows } from '../server/db/bulk-insert';
import { headOfStatusQuery, listOpenForAgency, openForAgencyQuery } from '../server/domain/linkage/linkage-queries';
import { benchDbKinds, explain, openBenchDb, sweepLeftovers, type BenchDb, type DbKind } from './kit/bench-databases';
import { runAsMain, runCleanups } from './kit/cleanup';
import { envInt } from './kit/env-knobs';
import { f0, f1, f2 } from './kit/report';

// One agency's open linkage items with a million items in the table (`npm run
// bench`, or `npx tsx bench/linkage.bench.ts`): BENCH_LINKAGE_ROWS rows
// (1,000,000) over 60 agencies, most long answered or closed as in a district
// after some years, then listOpenForAgency (toAgencyId = ?, status IN the open
// ones, by dueAt, a page of 20, and the count): the median of
// BENCH_LINKAGE_RUNS runs (30) and the plan each database chose, first with
// the indexes the migrations make (ix_linkage_item_to_status_due), then with
// the ix_linkage_item_to_status it replaced, to show what it buys.
// BENCH_LINKAGE=0 skips it.

export interface LinkageCase {
  indexes: string;
  listMs: number;
  plan: string[];
  countPlan: string[];
}

export interface LinkageDbResult {
  db: DbKind;
  rows: number;
  fillSeconds: number;
  open: number;
  cases: LinkageCase[];
  usesIndex: boolean;
}

export interface LinkageBenchResult {
  results: LinkageDbResult[];
  skipped: string[];
}

const AGENCIES = 60;
const BATCH = 1000;
const PER_TX = 20;
const NEW_INDEX = 'ix_linkage_item_to_status_due';
const NOW = new Date('2026-12-01T02:00:00.000Z');
const DAY_MS = 86_400_000;

// Nine in ten items are done; the open ones are the most recent.
function statusOf(i: number, ageDays: number): LinkageItemStatus {
  if (ageDays < 90 && i % 3 === 0) return (['registered', 'transferred', 'assigned'] as const)[i % 9 / 3];
  if (ageDays < 30) return 'assigned';
  return i % 5 === 0 ? 'answered' : 'closed';
}

async function fill(db: BenchDb, rows: number): Promise<number> {
  const t0 = performance.now();
  const agencies = Array.from({ length: AGENCIES }, (_, k) => ({
    name: `基准单位${k + 1}`, shortName: null, aliases: [], documentPrefix: null, kind: k === 0 ? 'court' as const : 'government' as const,
    parentId: null, categories: [], villages: [], wecomWebhookKey: null, wechatyRoomId: null, headUserId: null, createdAt: NOW,
  }));
  await insertRows(db.ds.manager, Agency, agencies);
  const ids = (await db.ds.getRepository(Agency).find({ select: { id: true }, order: { id: 'ASC' } })).map((a) => a.id);
  const types = LINKAGE_ITEM_TYPES as readonly LinkageItemType[];
  for (let done = 0; done < rows; ) {
    await db.ds.transaction(async (em) => {
      for (let b = 0; b < PER_TX && done < rows; b++) {
        const end = Math.min(rows, done + BATCH);
        const batch: Array<Partial<LinkageItem>> = [];
        for (let i = done; i < end; i++) {
          // Spread over five years, newest last.
          const ageDays = Math.floor(((rows - i) / rows) * 5 * 365);
          const created = new Date(NOW.getTime() - ageDays * DAY_MS - (i % 86_400) * 1000);
          const status = statusOf(i, ageDays);
          const due = new Date(created.getTime() + (15 + (i % 46)) * DAY_MS);
          const done_ = status === 'answered' || status === 'closed';
          batch.push({
            type: types[i % types.length]!, documentNumber: i % 4 === 0 ? `基建〔${2021 + Math.floor(i / 200_000)}〕${i}号` : null,
            title: `基准事项 ${i}`, body: '基准正文', fromAgencyId: ids[0]!, toAgencyId: ids[1 + ((i * 7) % (AGENCIES - 1))]!,
            assigneeId: null, status, dueAt: due, dueKind: 'working', dueDays: 15,
            answeredAt: done_ ? new Date(due.getTime() - (i % 10) * DAY_MS) : null, disputeId: null, createdAt: created, updatedAt: created,
          });
        }
        await insertRows(em, LinkageItem, batch);
        done = end;
      }
    });
  }
  return (performance.now() - t0) / 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(db: BenchDb, agencyId: number, runs: number, indexes: string): Promise<LinkageCase & { total: number }> {
  const em = db.ds.manager;
  // One of the three per-status reads the list merges (they differ only in the status).
  const [listSql, listParams] = headOfStatusQuery(em, agencyId, 'assigned', 20).getQueryAndParameters();
  const [countSql, countParams] = openForAgencyQuery(em, agencyId).select('COUNT(*)', 'n').getQueryAndParameters();
  const plan = await explain(db.ds, db.kind, listSql, listParams, true);
  const countPlan = await explain(db.ds, db.kind, countSql, countParams, true);
  let total = 0;
  await listOpenForAgency(em, agencyId, { page: 1, pageSize: 20 }); // warm the cache
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    total = (await listOpenForAgency(em, agencyId, { page: 1, pageSize: 20 })).total;
    times.push(performance.now() - t0);
  }
  return { indexes, listMs: median(times), plan, countPlan, total };
}

// The index the table had before 1765238400000-linkage-open-index, instead of the one it has now.
async function backToOldIndex(db: BenchDb) {
  const [t, old, now] = db.kind === 'sqlite' ? ['"linkage_item"', '"ix_linkage_item_to_status"', `"${NEW_INDEX}"`] : ['`linkage_item`', '`ix_linkage_item_to_status`', `\`${NEW_INDEX}\``];
  await db.ds.query(`CREATE INDEX ${old} ON ${t} (${db.kind === 'sqlite' ? '"toAgencyId", "status"' : '`toAgencyId`, `status`'})`);
  await db.ds.query(db.kind === 'sqlite' ? `DROP INDEX ${now}` : `DROP INDEX ${now} ON ${t}`);
}

async function benchOne(kind: DbKind, rows: number, runs: number): Promise<LinkageDbResult> {
  const db = await openBenchDb(kind);
  try {
    const fillSeconds = await fill(db, rows);
    await db.ds.query(kind === 'mysql' ? 'ANALYZE TABLE `linkage_item`' : 'ANALYZE');
    // The busiest receiving agency: the case a list must stay fast for.
    const [busiest] = await db.ds.query(`SELECT ${kind === 'mysql' ? '`toAgencyId`' : '"toAgencyId"'} AS a, COUNT(*) AS n FROM ${kind === 'mysql' ? '`linkage_item`' : '"linkage_item"'} GROUP BY 1 ORDER BY 2 DESC LIMIT 1`);
    const agencyId = Number(busiest.a);
    console.log(`  [${kind}] filled ${f0(rows)} items over ${AGENCIES} agencies in ${f1(fillSeconds)} s (${f0(rows / fillSeconds)} rows/s); agency ${agencyId} receives ${f0(Number(busiest.n))}`);
    const cases: LinkageCase[] = [];
    let open = 0;
    const report = (c: LinkageCase & { total: number }) => {
      open = c.total;
      cases.push(c);
      console.log(`  [${kind}] ${c.indexes}: median ${f2(c.listMs)} ms for a page of 20 and the count (${f0(c.total)} open), ${runs} runs`);
      for (const line of c.plan) console.log(`      list:  ${line}`);
      for (const line of c.countPlan) console.log(`      count: ${line}`);
    };
    report(await measure(db, agencyId, runs, `with ${NEW_INDEX}`));
    await backToOldIndex(db);
    await db.ds.query(kind === 'mysql' ? 'ANALYZE TABLE `linkage_item`' : 'ANALYZE');
    report(await measure(db, agencyId, runs, 'ix_linkage_item_to_status (before the migration)'));
    const usesIndex = cases[0]!.plan.some((l) => l.includes(NEW_INDEX));
    return { db: kind, rows, fillSeconds, open, cases, usesIndex };
  } finally {
    await db.close();
  }
}

export async function runLinkageBench(): Promise<LinkageBenchResult> {
  if (envInt('BENCH_LINKAGE', 1, 0, 1) === 0) return { results: [], skipped: ['linkage: BENCH_LINKAGE=0'] };
  const rows = envInt('BENCH_LINKAGE_ROWS', 1_000_000, 1000, 100_000_000);
  const runs = envInt('BENCH_LINKAGE_RUNS', 30, 1, 10_000);
  const { kinds, skipped, mysqlUrl } = benchDbKinds('linkage on mysql');
  console.log(`\nlinkage benchmark: one agency's open items with ${f0(rows)} items in the table`);
  await sweepLeftovers(mysqlUrl);
  const results: LinkageDbResult[] = [];
  try {
    for (const kind of kinds) results.push(await benchOne(kind, rows, runs));
  } finally {
    await runCleanups();
  }
  for (const s of skipped) console.log(`  skipped ${s}`);
  return { results, skipped };
}

// The list off its index is a failure; its time is reported, not judged (a shared machine drifts).
export const linkageFailed = (r: LinkageBenchResult) => r.results.some((d) => !d.usesIndex);

if (require.main === module) runAsMain(async () => (linkageFailed(await runLinkageBench()) ? 1 : 0), { maxMinutes: 30 });
