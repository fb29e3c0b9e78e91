import { randomBytes } from 'node:crypto';
import pino from 'pino';
import type { DataSource, Logger as OrmLogger } from 'typeorm';
import type { Channel } from '../../server/channels/channel';
import { WecomWebhookChannel } from '../../server/channels/wecom-webhook/wecom-webhook.channel';
import { httpJson } from '../../server/clients/http-json';
import { systemClock, type Clock } from '../../server/domain/clock';
import type { WecomWebhookMessage } from '../../server/domain/outbox/messages';
import { createOutbox } from '../../server/domain/outbox/outbox-service';
import { WECOM_ROBOT_LIMIT, type OutboxSenderDeps } from '../../server/jobs/outbox-sender.job';
import type { FakeWecom } from '../../test/fakes/wecom-api.fake';

// What both parts of the outbox benchmark use: robots on the fake WeCom, the
// sender's settings, timing and statement capture.

export const ROBOTS = 5; // 20 due rows each: the 100 due fit WeCom's 20 a minute, so the limited tick sends them all
export const CONCURRENCY = 4; // the sender's default
export const BATCH_SIZE = 100; // the sender's default

// The fake robot enforces WeCom's 20 messages a minute on its clock; this one
// moves a minute on at every reading, so the fake never limits and the
// benchmark measures the sender, not the limit.
export function racingClock(): Clock {
  let t = Date.now();
  return { now: () => new Date((t += 61_000)) };
}

const silentLogger = pino({ level: 'silent' });

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function ms(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

// ROBOTS group robots of a fresh run on the fake, and the real channel class to them.
export function freshRobots(fake: FakeWecom): { run: string; keys: string[]; channel: WecomWebhookChannel } {
  const run = randomBytes(3).toString('hex');
  const keys = Array.from({ length: ROBOTS }, (_, i) => `bench-${run}-robot-${i}`);
  for (const k of keys) fake.registerWebhook(k);
  return { run, keys, channel: new WecomWebhookChannel({ apiBase: fake.url, timeoutMs: 10_000 }, httpJson) };
}

// `n` rows for the robots in turn, written the way domain code writes them
// (outbox.enqueue), `perTransaction` rows a transaction.
export async function enqueueRows(
  ds: DataSource,
  keys: string[],
  n: number,
  perTransaction: number,
  row: (i: number) => { message: WecomWebhookMessage; dueAt: Date; dedupeKey: string },
): Promise<void> {
  const outbox = createOutbox({ db: ds, clock: systemClock });
  for (let start = 0; start < n; start += perTransaction) {
    await ds.transaction(async (em) => {
      for (let i = start; i < Math.min(n, start + perTransaction); i++) {
        await outbox.enqueue(em, { channel: 'wecom-webhook', target: keys[i % keys.length]!, ...row(i) });
      }
    });
  }
}

// The sender's scheduling: one queue per target, sent in order, CONCURRENCY
// queues at a time. The baseline uses it too, so both sides have the same parallelism.
export async function drainQueues<T>(queues: T[][], concurrency: number, send: (item: T) => Promise<void>): Promise<void> {
  const left = [...queues];
  const workers = Array.from({ length: Math.min(concurrency, left.length) }, async () => {
    for (let q = left.shift(); q; q = left.shift()) {
      for (const item of q) await send(item);
    }
  });
  await Promise.all(workers);
}

// Every statement a DataSource runs while `fn` runs, with its bound parameters.
export async function captureQueries<T>(ds: DataSource, fn: () => Promise<T>): Promise<{ result: T; queries: Array<{ sql: string; params: unknown[] }> }> {
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

export function senderDeps(ds: DataSource, channel: Channel, limited: boolean): OutboxSenderDeps {
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

export async function statusCounts(ds: DataSource, where = ''): Promise<Record<string, number>> {
  const rows: Array<{ status: string; n: number | string }> = await ds.query(
    `SELECT status, COUNT(*) AS n FROM notification ${where} GROUP BY status`,
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
