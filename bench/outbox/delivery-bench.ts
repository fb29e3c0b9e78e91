import type { DataSource } from 'typeorm';
import { Notification } from '../../entities';
import type { Channel } from '../../server/channels/channel';
import type { WecomWebhookMessage } from '../../server/domain/outbox/messages';
import { runOutboxTick, type TickResult } from '../../server/jobs/outbox-sender.job';
import type { FakeWecom } from '../../test/fakes/wecom-api.fake';
import type { BenchDb, DbKind } from '../kit/bench-databases';
import { f0, f2 } from '../kit/report';
import { BATCH_SIZE, CONCURRENCY, drainQueues, enqueueRows, freshRobots, ms, senderDeps, statusCounts } from './sender-fixtures';

// (a) of the outbox benchmark (bench/outbox.bench.ts), delivery throughput: N
// due rows for a few group robots, rate limits off, ticks back to back until
// all are sent to the fake WeCom webhook over loopback. Baseline in the same
// run: the same number of POSTs sent directly with the same channel class and
// the same concurrency, no database.

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

// Ticks back to back until everything of this run is sent; bounded in count and time.
async function tickUntilSent(ds: DataSource, channel: Channel<'wecom-webhook'>, run: string, n: number): Promise<{ total: TickResult; ticks: number; ms: number; sendErrors: string[] }> {
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
  const total: TickResult = { claimed: 0, sent: 0, retrying: 0, failed: 0, deferred: 0, lost: 0 };
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
  return { total, ticks, ms: senderMs, sendErrors };
}

export async function deliveryBench(db: BenchDb, fake: FakeWecom, n: number): Promise<DeliveryResult> {
  const { ds } = db;
  const { run, keys, channel } = freshRobots(fake);
  const message = (i: number, kind: string): WecomWebhookMessage => ({
    msgtype: 'text',
    content: `【基准 ${kind}】第 ${i} 条提醒：宝塔区人民法院定于明日 9:00 开庭，请按时出庭应诉。`,
  });
  const byKey = (items: number[]) => keys.map((_, k) => items.filter((i) => i % keys.length === k));
  const all = Array.from({ length: n }, (_, i) => i);

  // The rows, written the way domain code writes them.
  const dueAt = new Date(Date.now() - 1000);
  const t1 = process.hrtime.bigint();
  await enqueueRows(ds, keys, n, 250, (i) => ({ message: message(i, 'outbox'), dueAt, dedupeKey: `bench:${run}:deliver:${i}` }));
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

  const { total, ticks, ms: senderMs, sendErrors } = await tickUntilSent(ds, channel, run, n);

  const contents = keys.flatMap((k) => fake.webhookMessages(k).slice(before.get(k)).map((m) => String(m.text?.content)));
  const counts = await statusCounts(ds, `WHERE dedupeKey LIKE 'bench:${run}:deliver:%'`);
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

export function printDelivery(r: DeliveryResult): void {
  console.log(`  delivery [${r.db}]: ${r.n} rows, ${r.robots} robots, batch ${r.batchSize}, concurrency ${r.concurrency}, rate limits off`);
  console.log(`    enqueue (outbox.enqueue, 250 a transaction): ${f0(r.enqueuePerSec)} rows/s`);
  console.log(`    baseline (channel.send, no database):       ${f0(r.baselinePerSec)} POST/s`);
  console.log(`    outbox sender (${r.ticks} ticks):                 ${f0(r.senderPerSec)} notifications/s  → ratio ${f2(r.ratio)} of baseline`);
  console.log(`    check: ${r.delivered} delivered, ${r.duplicates} duplicates, ${r.notSent} not sent, ${r.retried} retried`);
  for (const e of r.retryErrors) console.log(`    retried after: ${e}`);
}
