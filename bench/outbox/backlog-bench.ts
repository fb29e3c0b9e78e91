import { In, type DataSource } from 'typeorm';
import { Notification } from '../../entities';
import type { Channel } from '../../server/channels/channel';
import { runOutboxTick } from '../../server/jobs/outbox-sender.job';
import type { FakeWecom } from '../../test/fakes/wecom-api.fake';
import { explain, type BenchDb, type DbKind } from '../kit/bench-databases';
import { f0, f1, f2 } from '../kit/report';
import { captureQueries, enqueueRows, freshRobots, median, ms, senderDeps, statusCounts } from './sender-fixtures';

// (b) of the outbox benchmark (bench/outbox.bench.ts), tick cost with a big
// backlog: BENCH_ROWS pending rows due in the future plus 100 due now; the
// median of 5 ticks, against the same tick over an outbox that holds only the
// 100 due rows, and the query plans of what a tick runs.

export interface TickTiming {
  medianMs: number;
  allMs: number[];
  statements: number;
  sent: number;
  // Ticks that did not send every due row (a transient failure), if any.
  short: string[];
}

export interface TickScenario {
  key: 'webhook' | 'limited' | 'dbOnly' | 'dbOnlyNormal' | 'idle';
  label: string;
  without: TickTiming;
  with: TickTiming;
}

export interface BacklogResult {
  db: DbKind;
  requestedRows: number;
  filledRows: number;
  fillSeconds: number;
  fillRowsPerSec: number;
  due: number;
  // Each measured in the same run on the same database, before and after the fill.
  scenarios: TickScenario[];
  candidateUsesIndex: boolean;
  plans: string[];
}

const INDEX = 'ix_notification_status_due';
const DUE_ROWS = 100;
const TICKS = 5;

const toSql = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

// Raw multi-row INSERTs of future pending rows, in transactions of 50k rows,
// until `rows` are in or the time budget is spent.
async function fillBacklog(db: BenchDb, keys: string[], run: string, rows: number, budgetMs: number): Promise<{ filled: number; ms: number }> {
  const q = db.kind === 'sqlite' ? (s: string) => `"${s}"` : (s: string) => `\`${s}\``;
  const columns = [
    'channel', 'target', 'payload', 'dueAt', 'status', 'attempts', 'leaseUntil', 'leaseToken',
    'lastError', 'dedupeKey', 'subjectType', 'subjectId', 'sentAt', 'createdAt',
  ].map(q).join(', ');
  // 250 rows a statement: one statement blocks the event loop for a few ms only,
  // so Ctrl-C is handled at once (tsx's CLI SIGKILLs a child that takes longer than 60 ms to react).
  const perStatement = 250;
  const perTransaction = 200;
  const now = Date.now();
  const createdAt = `'${toSql(new Date(now))}'`;
  const firstDue = now + 24 * 3600_000;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + budgetMs;
  let filled = 0;
  while (filled < rows && Date.now() < deadline) {
    await db.ds.transaction(async (em) => {
      for (let s = 0; s < perTransaction && filled < rows; s++) {
        const values: string[] = [];
        const end = Math.min(rows, filled + perStatement);
        for (let i = filled; i < end; i++) {
          // Due over the coming days, one every ~second, for the same robots as the due rows.
          const due = `'${toSql(new Date(firstDue + i * 997))}'`;
          const payload = `'{"msgtype":"text","content":"开庭提醒 #${i}：请按时出庭。"}'`;
          values.push(
            `('wecom-webhook', '${keys[i % keys.length]}', ${payload}, ${due}, 'pending', 0, NULL, NULL, NULL, ` +
              `'bench:${run}:backlog:${i}', 'hearing', ${i % 50_000}, NULL, ${createdAt})`,
          );
        }
        await em.query(`INSERT INTO ${q('notification')} (${columns}) VALUES ${values.join(', ')}`);
        filled = end;
      }
    });
  }
  return { filled, ms: ms(started) };
}

// Puts the due rows back as they were before a tick sent them.
async function rearm(ds: DataSource, ids: number[]): Promise<void> {
  await ds.getRepository(Notification).update(
    { id: In(ids) },
    { status: 'pending', dueAt: new Date(Date.now() - 1000), attempts: 0, leaseUntil: null, leaseToken: null, lastError: null, sentAt: null },
  );
}

// The median of TICKS ticks, the due rows re-armed before each (none when `ids` is empty: an idle tick).
async function timeTicks(ds: DataSource, channel: Channel, ids: number[], limited: boolean): Promise<TickTiming> {
  const deps = senderDeps(ds, channel, limited);
  if (ids.length) await rearm(ds, ids);
  await runOutboxTick(deps, new Date()); // warm-up: statement cache, pages
  const times: number[] = [];
  let statements = 0;
  let sent = 0;
  const short: string[] = [];
  for (let i = 0; i < TICKS; i++) {
    if (ids.length) await rearm(ds, ids);
    const t = process.hrtime.bigint();
    const { result, queries } = await captureQueries(ds, () => runOutboxTick(deps, new Date()));
    times.push(ms(t));
    statements = queries.length;
    sent = result.sent;
    // A transient send failure leaves a row for its retry; the timing stands, the shortfall is shown.
    if (result.sent !== ids.length) short.push(`${result.sent}/${ids.length} sent (${JSON.stringify(result)})`);
  }
  return { medianMs: median(times), allMs: times, statements, sent, short };
}

// The plan of every distinct statement of a tick with due rows and of an idle one.
async function explainTick(db: BenchDb, channel: Channel, ids: number[], limited: boolean): Promise<{ plans: string[]; candidateUsesIndex: boolean }> {
  await rearm(db.ds, ids);
  const deps = senderDeps(db.ds, channel, limited);
  const { queries } = await captureQueries(db.ds, async () => {
    await runOutboxTick(deps, new Date());
    await runOutboxTick(deps, new Date());
  });
  const seen = new Set<string>();
  const plans: string[] = [];
  let candidateUsesIndex = false;
  for (const { sql, params } of queries) {
    if (!/^\s*(SELECT|UPDATE)/i.test(sql)) continue;
    const shape = sql.replace(/\s+/g, ' ').replace(/IN \([^)]*\)/g, 'IN (…)').replace(/\b\d+\b/g, 'N');
    if (seen.has(shape)) continue;
    seen.add(shape);
    const lines = await explain(db.ds, db.kind, sql, params, true);
    // The candidate query: due pending rows in order.
    const isCandidate = /^\s*SELECT/i.test(sql) && /"?`?status`?"?\s*=\s*\?/.test(sql) && /dueAt`?"?\s*<=\s*\?/.test(sql);
    if (isCandidate && lines.some((l) => l.includes(INDEX))) candidateUsesIndex = true;
    const short = shape.length > 220 ? `${shape.slice(0, 217)}…` : shape;
    plans.push(`${isCandidate ? '[candidate] ' : ''}${short}\n      → ${lines.join('\n      → ')}`);
  }
  return { plans, candidateUsesIndex };
}

export async function backlogBench(db: BenchDb, fake: FakeWecom, rows: number, fillBudgetMs: number): Promise<BacklogResult> {
  const { ds } = db;
  const { run, keys, channel } = freshRobots(fake);

  // The 100 due rows, through the outbox service.
  await enqueueRows(ds, keys, DUE_ROWS, DUE_ROWS, (i) => ({
    message: { msgtype: 'text', content: `到期提醒 #${i}` },
    dueAt: new Date(Date.now() - 1000),
    dedupeKey: `bench:${run}:due:${i}`,
  }));
  const ids = (await ds.getRepository(Notification).find({ select: { id: true }, where: { target: In(keys) } })).map((r) => r.id);
  if (ids.length !== DUE_ROWS) throw new Error(`expected ${DUE_ROWS} due rows, found ${ids.length}`);

  // What a tick is made of, measured before and after the fill: the ratio is
  // what the backlog adds. The instant channel leaves only the database's part;
  // on SQLite the same again with synchronous=NORMAL shows what the per-row
  // commits (one fsync each under the default FULL) cost.
  const instant: Channel = { name: 'wecom-webhook', send: async () => ({ ok: true }) };
  const plan: Array<Omit<TickScenario, 'without' | 'with'> & { channel: Channel; limited: boolean; due: boolean }> = [
    { key: 'webhook', label: `${DUE_ROWS} due → fake webhook, limits off`, channel, limited: false, due: true },
    { key: 'limited', label: `${DUE_ROWS} due → fake webhook, limits on (20/min)`, channel, limited: true, due: true },
    { key: 'dbOnly', label: `${DUE_ROWS} due → instant channel (database only)`, channel: instant, limited: false, due: true },
    ...(db.kind === 'sqlite'
      ? [{ key: 'dbOnlyNormal' as const, label: `${DUE_ROWS} due → instant, synchronous=NORMAL`, channel: instant, limited: false, due: true }]
      : []),
    { key: 'idle', label: 'idle tick (nothing due), limits on', channel, limited: true, due: false },
  ];
  const measure = async (p: (typeof plan)[number]) => {
    if (p.key !== 'dbOnlyNormal') return timeTicks(ds, p.channel, p.due ? ids : [], p.limited);
    await ds.query('PRAGMA synchronous = NORMAL');
    try {
      return await timeTicks(ds, p.channel, ids, p.limited);
    } finally {
      await ds.query('PRAGMA synchronous = FULL');
    }
  };
  const without: TickTiming[] = [];
  for (const p of plan) without.push(await measure(p));

  const fill = await fillBacklog(db, keys, run, rows, fillBudgetMs);
  const scenarios: TickScenario[] = [];
  for (const [i, p] of plan.entries()) scenarios.push({ key: p.key, label: p.label, without: without[i]!, with: await measure(p) });
  const explained = await explainTick(db, channel, ids, true);
  const pending = (await statusCounts(ds)).pending ?? 0;
  if (pending < fill.filled) throw new Error(`backlog: ${pending} pending rows, expected at least ${fill.filled}`);

  return {
    db: db.kind,
    requestedRows: rows,
    filledRows: fill.filled,
    fillSeconds: fill.ms / 1000,
    fillRowsPerSec: fill.filled / (fill.ms / 1000),
    due: DUE_ROWS,
    scenarios,
    candidateUsesIndex: explained.candidateUsesIndex,
    plans: explained.plans,
  };
}

export function printBacklog(r: BacklogResult): void {
  const t = (x: TickTiming) => `${f1(x.medianMs).padStart(7)} ms`;
  const partial = r.filledRows < r.requestedRows ? ` — time budget spent, ${f0(r.requestedRows)} asked` : '';
  console.log(`  backlog [${r.db}]: filled ${f0(r.filledRows)} future pending rows in ${f1(r.fillSeconds)} s (${f0(r.fillRowsPerSec)} rows/s)${partial}`);
  console.log(`    one tick, median of ${TICKS}           no backlog   with ${f0(r.filledRows)}   ratio   (runs with backlog; statements)`);
  for (const s of r.scenarios) {
    console.log(
      `    ${s.label.padEnd(44)} ${t(s.without)}   ${t(s.with)}   ×${f2(s.with.medianMs / s.without.medianMs)}` +
        `   (${s.with.allMs.map(f1).join(', ')}; ${s.with.statements})`,
    );
    for (const x of [...s.without.short, ...s.with.short]) console.log(`      !! a tick fell short: ${x}`);
  }
  console.log(`    candidate query uses ${INDEX}: ${r.candidateUsesIndex ? 'yes' : 'NO'}`);
  console.log(`    plans of a tick with ${r.due} due and of an idle tick (rate limits on):`);
  for (const p of r.plans) console.log(`    - ${p}`);
}
