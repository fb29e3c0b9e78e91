import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import pino from 'pino';
import { In, type DataSource, type Logger as OrmLogger } from 'typeorm';
import { Notification } from '../entities';
import type { Channel } from '../server/channels/channel';
import { WecomWebhookChannel } from '../server/channels/wecom-webhook/wecom-webhook.channel';
import { httpJson } from '../server/clients/http-json';
import { isMysqlUrl, migrate, openDatabase } from '../server/db/data-source';
import { systemClock, type Clock } from '../server/domain/clock';
import { createOutbox } from '../server/domain/outbox/outbox-service';
import type { WecomWebhookMessage } from '../server/domain/outbox/messages';
import { runOutboxTick, WECOM_ROBOT_LIMIT, type OutboxSenderDeps, type TickResult } from '../server/jobs/outbox-sender.job';
import { startFakeWecom, type FakeWecom } from '../test/fakes/wecom-api.fake';

// The outbox benchmark (`npm run bench`, or `npx tsx bench/outbox.bench.ts`).
//
// (a) Delivery throughput: N due rows for a few group robots, rate limits off,
//     ticks back to back until all are sent to the fake WeCom webhook over
//     loopback. Baseline in the same run: the same number of POSTs sent
//     directly with the same channel class and the same concurrency, no database.
// (b) Tick cost with a big backlog: BENCH_ROWS (default 1,000,000) pending rows
//     due in the future plus 100 due now; the median of 5 ticks, against the
//     same tick over an outbox that holds only the 100 due rows, and the query
//     plans of what a tick runs.
//
// On a temporary SQLite file, and on MySQL/MariaDB too when BENCH_DATABASE_URL
// or TEST_DATABASE_URL names a loopback server (a fresh database
// fuyuan_bench_<hex> is created and dropped). Everything it creates it removes;
// what a killed run left behind (its process gone) is removed by the next run.
//
// Knobs: BENCH_N (delivery rows, 2000), BENCH_ROWS (backlog, 1000000),
// BENCH_FILL_SECONDS (time budget of one backlog fill, 300). BENCH_ROWS=0 skips (b).

export type DbKind = 'sqlite' | 'mysql';

export interface DeliveryResult {
  db: DbKind;
  n: number;
  robots: number;
  concurrency: number;
  batchSize: number;
  enqueuePerSec: number;
  baselinePerSec: number;
  senderPerSec: number;
  ratio: number;
  ticks: number;
  // Sends that failed transiently and went again after their backoff.
  retried: number;
  retryErrors: string[];
  delivered: number;
  duplicates: number;
  notSent: number;
}

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

export interface OutboxBenchResult {
  delivery: DeliveryResult[];
  backlog: BacklogResult[];
  skipped: string[];
}

const INDEX = 'ix_notification_status_due';
const DUE_ROWS = 100;
const ROBOTS = 5; // 20 due rows each: the 100 due fit WeCom's 20 a minute, so the limited tick sends them all
const CONCURRENCY = 4; // the sender's default
const BATCH_SIZE = 100; // the sender's default
const TICKS = 5;

function envInt(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

// ---------------------------------------------------------------------------
// Cleanup: whatever a step creates registers its removal at once, so an error
// or a signal half-way still leaves no temp dir, database or socket behind.

const cleanups: Array<{ name: string; run: () => Promise<void> }> = [];

function onCleanup(name: string, fn: () => Promise<void> | void): () => Promise<void> {
  let done = false;
  const entry = {
    name,
    run: async () => {
      if (done) return;
      done = true;
      const i = cleanups.indexOf(entry);
      if (i >= 0) cleanups.splice(i, 1);
      await fn();
    },
  };
  cleanups.push(entry);
  return entry.run;
}

// Runs every pending cleanup, newest first; used by the normal path and by signal handlers.
export async function cleanupOutboxBench(): Promise<void> {
  for (const entry of [...cleanups].reverse()) {
    try {
      await entry.run();
    } catch (err) {
      console.error(`  cleanup "${entry.name}" failed: ${(err as Error).message}`);
    }
  }
}

// ---------------------------------------------------------------------------
// Databases

interface BenchDb {
  kind: DbKind;
  ds: DataSource;
  close: () => Promise<void>;
}

export function benchMysqlUrl(): string | undefined {
  const url = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  return isMysqlUrl(url) ? url : undefined;
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]' || host === '::1';
}

async function dropMysqlDatabase(serverUrl: URL, name: string): Promise<void> {
  const u = new URL(serverUrl.toString());
  u.pathname = '/';
  const conn = await createConnection({ uri: u.toString(), connectTimeout: 5000 });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await conn.end();
  }
}

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

// A run killed outright (SIGKILL, a crash of the machine) cannot clean up after
// itself; the next one removes what it left: temp dirs and databases named by
// this benchmark whose creating process no longer exists. Nothing else is touched.
async function sweepLeftovers(mysqlUrl: string | undefined): Promise<string[]> {
  const swept: string[] = [];
  for (const entry of readdirSync(tmpdir())) {
    const m = /^fuyuan-bench-(?:http-)?(\d+)-[A-Za-z0-9]{6}$/.exec(entry);
    if (m && Number(m[1]) !== process.pid && processGone(Number(m[1]))) {
      rmSync(join(tmpdir(), entry), { recursive: true, force: true });
      swept.push(join(tmpdir(), entry));
    }
  }
  if (mysqlUrl) {
    const u = new URL(mysqlUrl.replace(/^mariadb:/i, 'mysql:'));
    u.pathname = '/';
    const conn = await createConnection({ uri: u.toString(), connectTimeout: 5000 });
    try {
      const [rows] = await conn.query(`SHOW DATABASES LIKE 'fuyuan\\_bench\\_%'`);
      for (const row of rows as Array<Record<string, string>>) {
        const name = Object.values(row)[0]!;
        const m = /^fuyuan_bench_([0-9a-f]{8})[0-9a-f]{6}$/.exec(name);
        if (m && parseInt(m[1]!, 16) !== process.pid && processGone(parseInt(m[1]!, 16))) {
          await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
          swept.push(`database ${name}`);
        }
      }
    } finally {
      await conn.end();
    }
  }
  return swept;
}

async function openBenchDb(kind: DbKind): Promise<BenchDb> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `fuyuan-bench-${process.pid}-`));
    let ds: DataSource | undefined;
    const close = onCleanup(`sqlite ${dir}`, async () => {
      if (ds?.isInitialized) await ds.destroy();
      rmSync(dir, { recursive: true, force: true });
    });
    ds = await openDatabase({ sqlitePath: join(dir, 'fuyuan.sqlite') });
    await migrate(ds);
    return { kind, ds, close };
  }
  const base = benchMysqlUrl();
  if (!base) throw new Error('no MySQL URL');
  const url = new URL(base.replace(/^mariadb:/i, 'mysql:'));
  // The creator's pid in the name, so a later run can tell a leftover from a database in use.
  const name = `fuyuan_bench_${process.pid.toString(16).padStart(8, '0')}${randomBytes(3).toString('hex')}`;
  url.pathname = `/${name}`;
  let ds: DataSource | undefined;
  // Registered before the database exists: a failure while creating or migrating still drops it.
  const close = onCleanup(`mysql database ${name}`, async () => {
    if (ds?.isInitialized) await ds.destroy();
    await dropMysqlDatabase(url, name);
  });
  ds = await openDatabase({ url: url.toString(), sqlitePath: '' });
  await migrate(ds);
  return { kind, ds, close };
}

// ---------------------------------------------------------------------------
// Helpers

// The fake robot enforces WeCom's 20 messages a minute on its clock; this one
// moves a minute on at every reading, so the fake never limits and the
// benchmark measures the sender, not the limit.
function racingClock(): Clock {
  let t = Date.now();
  return { now: () => new Date((t += 61_000)) };
}

const silentLogger = pino({ level: 'silent' });

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function ms(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

const toSql = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

function robotKeys(run: string): string[] {
  return Array.from({ length: ROBOTS }, (_, i) => `bench-${run}-robot-${i}`);
}

// The sender's scheduling: one queue per target, sent in order, CONCURRENCY
// queues at a time. The baseline uses it too, so both sides have the same parallelism.
async function drainQueues<T>(queues: T[][], concurrency: number, send: (item: T) => Promise<void>): Promise<void> {
  const left = [...queues];
  const workers = Array.from({ length: Math.min(concurrency, left.length) }, async () => {
    for (let q = left.shift(); q; q = left.shift()) {
      for (const item of q) await send(item);
    }
  });
  await Promise.all(workers);
}

// Every statement a DataSource runs while `fn` runs, with its bound parameters.
async function captureQueries<T>(ds: DataSource, fn: () => Promise<T>): Promise<{ result: T; queries: Array<{ sql: string; params: unknown[] }> }> {
  const original = ds.logger;
  const queries: Array<{ sql: string; params: unknown[] }> = [];
  const spy = Object.create(original) as OrmLogger;
  spy.logQuery = (sql, params, qr) => {
    queries.push({ sql, params: Array.isArray(params) ? [...params] : [] });
    return original.logQuery(sql, params, qr);
  };
  ds.logger = spy;
  try {
    return { result: await fn(), queries };
  } finally {
    ds.logger = original;
  }
}

function senderDeps(ds: DataSource, channel: Channel, limited: boolean): OutboxSenderDeps {
  return {
    db: ds,
    clock: systemClock,
    channels: { 'wecom-webhook': channel },
    logger: silentLogger,
    maxAttempts: 5,
    batchSize: BATCH_SIZE,
    concurrency: CONCURRENCY,
    rateLimit: limited ? WECOM_ROBOT_LIMIT : null,
  };
}

async function statusCounts(ds: DataSource, where = ''): Promise<Record<string, number>> {
  const rows: Array<{ status: string; n: number | string }> = await ds.query(
    `SELECT status, COUNT(*) AS n FROM notification ${where} GROUP BY status`,
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

// ---------------------------------------------------------------------------
// (a) Delivery throughput

async function deliveryBench(db: BenchDb, fake: FakeWecom, n: number): Promise<DeliveryResult> {
  const { ds } = db;
  const run = randomBytes(3).toString('hex');
  const keys = robotKeys(run);
  for (const k of keys) fake.registerWebhook(k);
  const channel = new WecomWebhookChannel({ apiBase: fake.url, timeoutMs: 10_000 }, httpJson);
  const message = (i: number, kind: string): WecomWebhookMessage => ({
    msgtype: 'text',
    content: `【基准 ${kind}】第 ${i} 条提醒：宝塔区人民法院定于明日 9:00 开庭，请按时出庭应诉。`,
  });
  const byKey = (items: number[]) => keys.map((_, k) => items.filter((i) => i % keys.length === k));
  const all = Array.from({ length: n }, (_, i) => i);

  // The rows, written the way domain code writes them.
  const outbox = createOutbox({ db: ds, clock: systemClock });
  const dueAt = new Date(Date.now() - 1000);
  const t1 = process.hrtime.bigint();
  for (let start = 0; start < n; start += 250) {
    await ds.transaction(async (em) => {
      for (let i = start; i < Math.min(n, start + 250); i++) {
        await outbox.enqueue(em, {
          channel: 'wecom-webhook',
          target: keys[i % keys.length]!,
          message: message(i, 'outbox'),
          dueAt,
          dedupeKey: `bench:${run}:deliver:${i}`,
        });
      }
    });
  }
  const enqueueMs = ms(t1);

  // Warm-up: connections, JIT, the fake's routes. Right before the baseline
  // and the sender, so neither starts on sockets left idle long enough for the
  // fake (5 s keep-alive) to close them under it (ECONNRESET, then a retry).
  await drainQueues(byKey(all.slice(0, 100)), CONCURRENCY, async (i) => {
    await channel.send(keys[i % keys.length]!, message(i, 'warm-up'));
  });

  // Baseline: the same POSTs, the same channel class and parallelism, no database.
  let failedBaseline = 0;
  const t0 = process.hrtime.bigint();
  await drainQueues(byKey(all), CONCURRENCY, async (i) => {
    const outcome = await channel.send(keys[i % keys.length]!, message(i, 'baseline'));
    if (!outcome.ok) failedBaseline++;
  });
  const baselineMs = ms(t0);
  if (failedBaseline) throw new Error(`baseline: ${failedBaseline} sends failed`);
  const before = new Map(keys.map((k) => [k, fake.webhookMessages(k).length]));

  // Ticks back to back until everything is sent; bounded in count and time.
  // The channel is watched only to say why a send failed (the row forgets once it succeeds).
  const sendErrors: string[] = [];
  const watched: Channel<'wecom-webhook'> = {
    name: 'wecom-webhook',
    send: async (target, msg) => {
      const outcome = await channel.send(target, msg);
      if (!outcome.ok) sendErrors.push(outcome.error);
      return outcome;
    },
  };
  const deps = senderDeps(ds, watched, false);
  // httpJson keeps only a redacted message; the cause (a socket error code) comes from fetch itself.
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
    try {
      return await realFetch(...args);
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      sendErrors.push(`fetch: ${(err as Error).message}${cause ? ` (cause: ${cause.code ?? ''} ${cause.message ?? ''})` : ''}`);
      throw err;
    }
  };
  const maxTicks = Math.ceil(n / BATCH_SIZE) * 3 + 10;
  const deadline = Date.now() + 120_000;
  let ticks = 0;
  const total: TickResult = { claimed: 0, sent: 0, retrying: 0, failed: 0, deferred: 0 };
  const t2 = process.hrtime.bigint();
  // A send that failed transiently comes back after its backoff (30 s and up);
  // rather than wait, the ticks' "now" jumps to when it is due. Such retries
  // are counted and reported with their errors.
  let skewMs = 0;
  const mine = `dedupeKey LIKE 'bench:${run}:deliver:%'`;
  while (total.sent < n && ticks < maxTicks && Date.now() < deadline) {
    const r = await runOutboxTick(deps, new Date(Date.now() + skewMs));
    ticks++;
    for (const k of Object.keys(total) as Array<keyof TickResult>) total[k] += r[k];
    if (r.claimed > 0) continue;
    const [next] = await ds.getRepository(Notification).createQueryBuilder('n').select(['n.id', 'n.dueAt'])
      .where(mine.replace('dedupeKey', 'n.dedupeKey')).andWhere("n.status = 'pending'").orderBy('n.dueAt', 'ASC').limit(1).getMany();
    if (!next) break;
    skewMs = Math.max(skewMs, next.dueAt.getTime() - Date.now() + 1);
  }
  const senderMs = ms(t2);
  globalThis.fetch = realFetch;

  const contents = keys.flatMap((k) => fake.webhookMessages(k).slice(before.get(k)).map((m) => String(m.text?.content)));
  const counts = await statusCounts(ds, `WHERE ${mine}`);
  return {
    db: db.kind,
    n,
    robots: keys.length,
    concurrency: CONCURRENCY,
    batchSize: BATCH_SIZE,
    enqueuePerSec: n / (enqueueMs / 1000),
    baselinePerSec: n / (baselineMs / 1000),
    senderPerSec: total.sent / (senderMs / 1000),
    ratio: total.sent / (senderMs / 1000) / (n / (baselineMs / 1000)),
    ticks,
    retried: total.retrying,
    retryErrors: [...new Set(sendErrors)],
    delivered: contents.length,
    duplicates: contents.length - new Set(contents).size,
    notSent: n - (counts.sent ?? 0),
  };
}

// ---------------------------------------------------------------------------
// (b) Tick cost with a big backlog

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
    const lines: string[] = [];
    if (db.kind === 'sqlite') {
      const rows: Array<{ detail: string }> = await db.ds.query(`EXPLAIN QUERY PLAN ${sql}`, params);
      lines.push(...rows.map((r) => r.detail));
    } else {
      const rows: Array<Record<string, unknown>> = await db.ds.query(`EXPLAIN ${sql}`, params);
      lines.push(
        ...rows.map((r) => `table=${r.table} type=${r.type} key=${r.key ?? 'NULL'} rows=${r.rows} ${r.Extra ? `extra=${r.Extra}` : ''}`.trim()),
      );
    }
    // The candidate query: due pending rows in order.
    const isCandidate = /^\s*SELECT/i.test(sql) && /"?`?status`?"?\s*=\s*\?/.test(sql) && /dueAt`?"?\s*<=\s*\?/.test(sql);
    if (isCandidate && lines.some((l) => l.includes(INDEX))) candidateUsesIndex = true;
    const short = shape.length > 220 ? `${shape.slice(0, 217)}…` : shape;
    plans.push(`${isCandidate ? '[candidate] ' : ''}${short}\n      → ${lines.join('\n      → ')}`);
  }
  return { plans, candidateUsesIndex };
}

async function backlogBench(db: BenchDb, fake: FakeWecom, rows: number, fillBudgetMs: number): Promise<BacklogResult> {
  const { ds } = db;
  const run = randomBytes(3).toString('hex');
  const keys = robotKeys(run);
  for (const k of keys) fake.registerWebhook(k);
  const channel = new WecomWebhookChannel({ apiBase: fake.url, timeoutMs: 10_000 }, httpJson);

  // The 100 due rows, through the outbox service.
  const outbox = createOutbox({ db: ds, clock: systemClock });
  await ds.transaction(async (em) => {
    for (let i = 0; i < DUE_ROWS; i++) {
      await outbox.enqueue(em, {
        channel: 'wecom-webhook',
        target: keys[i % keys.length]!,
        message: { msgtype: 'text', content: `到期提醒 #${i}` },
        dueAt: new Date(Date.now() - 1000),
        dedupeKey: `bench:${run}:due:${i}`,
      });
    }
  });
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

// ---------------------------------------------------------------------------

const f0 = (x: number) => Math.round(x).toLocaleString('en-US');
const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);

function printDelivery(r: DeliveryResult): void {
  console.log(`  delivery [${r.db}]: ${r.n} rows, ${r.robots} robots, batch ${r.batchSize}, concurrency ${r.concurrency}, rate limits off`);
  console.log(`    enqueue (outbox.enqueue, 250 a transaction): ${f0(r.enqueuePerSec)} rows/s`);
  console.log(`    baseline (channel.send, no database):       ${f0(r.baselinePerSec)} POST/s`);
  console.log(`    outbox sender (${r.ticks} ticks):                 ${f0(r.senderPerSec)} notifications/s  → ratio ${f2(r.ratio)} of baseline`);
  console.log(`    check: ${r.delivered} delivered, ${r.duplicates} duplicates, ${r.notSent} not sent, ${r.retried} retried`);
  for (const e of r.retryErrors) console.log(`    retried after: ${e}`);
}

function printBacklog(r: BacklogResult): void {
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

export async function runOutboxBench(): Promise<OutboxBenchResult> {
  const n = envInt('BENCH_N', 2000, 1, 1_000_000);
  const rows = envInt('BENCH_ROWS', 1_000_000, 0, 100_000_000);
  const fillBudgetMs = envInt('BENCH_FILL_SECONDS', 300, 1, 3600) * 1000;
  const kinds: DbKind[] = ['sqlite'];
  const skipped: string[] = [];
  const mysqlUrl = benchMysqlUrl();
  if (mysqlUrl) {
    const host = new URL(mysqlUrl.replace(/^mariadb:/i, 'mysql:')).hostname;
    if (isLoopback(host)) kinds.push('mysql');
    else skipped.push(`mysql: ${host} is not a loopback address; the benchmark only targets 127.0.0.1`);
  } else {
    skipped.push('mysql: set BENCH_DATABASE_URL or TEST_DATABASE_URL (mysql://…) to include it');
  }

  const swept = await sweepLeftovers(kinds.includes('mysql') ? mysqlUrl : undefined);
  for (const x of swept) console.log(`  removed a leftover of a killed run: ${x}`);

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
    await cleanupOutboxBench();
  }
  for (const s of skipped) console.log(`  skipped ${s}`);
  return result;
}

if (require.main === module) {
  // `on`, not `once`: Ctrl-C arrives twice (terminal and tsx), and a second one
  // without a handler would kill the process in the middle of its cleanup.
  let stopping = false;
  const abort = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`\n${signal}: cleaning up`);
    void cleanupOutboxBench().finally(() => process.exit(130));
  };
  process.on('SIGINT', () => abort('SIGINT'));
  process.on('SIGTERM', () => abort('SIGTERM'));
  runOutboxBench()
    .then(() => process.exit(0))
    .catch(async (err) => {
      console.error(err);
      await cleanupOutboxBench();
      process.exit(1);
    });
}
