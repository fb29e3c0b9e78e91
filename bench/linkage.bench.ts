import { loadavg } from 'node:os';
import { Agency, LinkageItem, type LinkageItemStatus, type LinkageItemType, LINKAGE_ITEM_TYPES } from '../entities';
import { insertRows } from '../server/db/bulk-insert';
import { listOpenForAgency, openCountStatement, openForAgencyQuery, openPageIdsStatement } from '../server/domain/linkage/linkage-queries';
import { benchDbKinds, explain, openBenchDb, sweepLeftovers, type BenchDb, type DbKind } from './kit/bench-databases';
import { runAsMain, runCleanups } from './kit/cleanup';
import { envInt } from './kit/env-knobs';
import { f0, f1, f2 } from './kit/report';

// One agency's open linkage items with a million items in the table (`npm run
// bench`, or `npx tsx bench/linkage.bench.ts`): BENCH_LINKAGE_ROWS rows
// (1,000,000) over 60 agencies, most long answered or closed as in a district
// after some years (and one agency that never answers: ~17,000 open), then
// listOpenForAgency (toAgencyId = ?, status IN the open ones, by dueAt, a page
// of 20, and the count) for the busiest ordinary agency and for that one: the
// median of BENCH_LINKAGE_RUNS runs (30) and the plans; beside it, in turns run
// by run, the one-query form (IN + ORDER BY dueAt LIMIT 20) on the
// ix_linkage_item_to_status the migration replaced (recreated here).
// BENCH_LINKAGE=0 skips it.

export interface LinkageAgencyCase {
  // The busiest receiving agency of an ordinary district, and one with a backlog of open items.
  label: string;
  agencyId: number;
  open: number;
  // listOpenForAgency end to end (TypeORM included), and its SQL alone beside the one-query form on the old index.
  listMs: number;
  nowSqlMs: number;
  beforeSqlMs: number;
}

export interface LinkageDbResult {
  db: DbKind;
  rows: number;
  fillSeconds: number;
  cases: LinkageAgencyCase[];
  plans: { now: string[]; before: string[]; count: string[] };
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

// Nine in ten items are done; the open ones are the most recent. Except at
// one agency (every 59th item), which has never answered anything: a backlog.
const backlogItem = (i: number) => i % (AGENCIES - 1) === 0;
function statusOf(i: number, ageDays: number): LinkageItemStatus {
  if (backlogItem(i)) return (['registered', 'transferred', 'assigned'] as const)[i % 3];
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
const OLD_INDEX = 'ix_linkage_item_to_status';

// The list as it would be read without the migration: one `status IN (…)
// ORDER BY dueAt, id LIMIT 20` on (toAgencyId, status), held to that index.
function beforeQuery(db: BenchDb, agencyId: number): [string, unknown[]] {
  const [sql, params] = openForAgencyQuery(db.ds.manager, agencyId).orderBy('l.dueAt', 'ASC').addOrderBy('l.id', 'ASC').limit(20).getQueryAndParameters();
  const hint = db.kind === 'sqlite' ? `INDEXED BY ${OLD_INDEX}` : `FORCE INDEX (${OLD_INDEX})`;
  return [sql.replace(/FROM (\S+) (\S+) WHERE/, `FROM $1 $2 ${hint} WHERE`), params];
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

// The three ways to one page, in turns run by run, so the drift of a shared
// machine falls on all alike: listOpenForAgency as the service calls it; its
// SQL alone (the page's ids, its rows by id, the count); and the one-query
// form on the old index with the same count.
async function measure(db: BenchDb, label: string, agencyId: number, runs: number): Promise<LinkageAgencyCase> {
  const em = db.ds.manager;
  const [idsSql, idsParams] = openPageIdsStatement(em, agencyId, { page: 1, pageSize: 20 });
  const [countSql, countParams] = openCountStatement(em, agencyId);
  const [oldSql, oldParams] = beforeQuery(db, agencyId);
  const service = () => listOpenForAgency(em, agencyId, { page: 1, pageSize: 20 });
  const q = db.kind === 'mysql' ? (x: string) => `\`${x}\`` : (x: string) => `"${x}"`;
  const nowSql = async () => {
    const ids = ((await em.query(idsSql, idsParams)) as Array<{ id: number }>).map((r) => Number(r.id));
    if (ids.length) await em.query(`SELECT * FROM ${q('linkage_item')} WHERE ${q('id')} IN (${ids.map(() => '?').join(', ')})`, ids);
    return em.query(countSql, countParams);
  };
  const beforeSql = async () => {
    const rows: Array<Record<string, unknown>> = await em.query(oldSql, oldParams);
    const [count] = await em.query(countSql, countParams);
    return { ids: rows.map((r) => Number(r.l_id)), total: Number(count.n) };
  };
  // Both warm the cache, and must agree.
  const first = await service();
  const old = await beforeSql();
  await nowSql();
  if (JSON.stringify(first.items.map((i) => i.id)) !== JSON.stringify(old.ids) || first.total !== old.total) {
    throw new Error(`the merged page differs from ORDER BY dueAt: ${first.items.map((i) => i.id)} vs ${old.ids}`);
  }
  const times = { list: [] as number[], now: [] as number[], before: [] as number[] };
  for (let r = 0; r < runs; r++) {
    times.list.push(await timed(service));
    times.now.push(await timed(nowSql));
    times.before.push(await timed(beforeSql));
  }
  return { label, agencyId, open: first.total, listMs: median(times.list), nowSqlMs: median(times.now), beforeSqlMs: median(times.before) };
}

async function benchOne(kind: DbKind, rows: number, runs: number): Promise<LinkageDbResult> {
  const db = await openBenchDb(kind);
  try {
    const fillSeconds = await fill(db, rows);
    const q = kind === 'mysql' ? (x: string) => `\`${x}\`` : (x: string) => `"${x}"`;
    // The index the table had before 1765238400000-linkage-open-index, beside the one it has now.
    await db.ds.query(`CREATE INDEX ${q(OLD_INDEX)} ON ${q('linkage_item')} (${q('toAgencyId')}, ${q('status')})`);
    await db.ds.query(kind === 'mysql' ? 'ANALYZE TABLE `linkage_item`' : 'ANALYZE');
    const byAgency: Array<{ a: number; n: number }> = await db.ds.query(`SELECT ${q('toAgencyId')} AS a, COUNT(*) AS n FROM ${q('linkage_item')} GROUP BY 1 ORDER BY 2 DESC`);
    const backlog = (await db.ds.getRepository(Agency).find({ select: { id: true }, order: { id: 'ASC' }, take: 2 }))[1]!.id;
    const busiest = Number(byAgency.find((r) => Number(r.a) !== backlog)!.a);
    console.log(`  [${kind}] filled ${f0(rows)} items over ${AGENCIES} agencies in ${f1(fillSeconds)} s (${f0(rows / fillSeconds)} rows/s), then ${OLD_INDEX} beside ${NEW_INDEX}`);
    const cases = [await measure(db, 'busiest agency', busiest, runs), await measure(db, 'agency with a backlog', backlog, runs)];
    const load = `load average ${loadavg()[0]!.toFixed(1)}`;
    for (const c of cases) {
      console.log(`  [${kind}] ${c.label} (${f0(c.open)} open): listOpenForAgency ${f2(c.listMs)} ms; its SQL ${f2(c.nowSqlMs)} ms; one query on ${OLD_INDEX} ${f2(c.beforeSqlMs)} ms (medians of ${runs}, in turns, ${load})`);
    }
    const em = db.ds.manager;
    const [idsSql, idsParams] = openPageIdsStatement(em, busiest, { page: 1, pageSize: 20 });
    const [countSql, countParams] = openCountStatement(em, busiest);
    const [oldSql, oldParams] = beforeQuery(db, busiest);
    const plans = {
      now: await explain(db.ds, kind, idsSql, idsParams, true),
      before: await explain(db.ds, kind, oldSql, oldParams, true),
      count: await explain(db.ds, kind, countSql, countParams, true),
    };
    for (const line of plans.now) console.log(`      the page's ids:        ${line}`);
    for (const line of plans.count) console.log(`      the count:             ${line}`);
    for (const line of plans.before) console.log(`      one query, old index:  ${line}`);
    return { db: kind, rows, fillSeconds, cases, plans, usesIndex: plans.now.some((l) => l.includes(NEW_INDEX)) && plans.count.some((l) => l.includes('ix_linkage_item_to_status')) };
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
