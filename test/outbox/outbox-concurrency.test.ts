import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import pino from 'pino';
import { In } from 'typeorm';
import { Notification } from '../../entities';
import { WecomWebhookChannel } from '../../server/channels/wecom-webhook/wecom-webhook.channel';
import { httpJson } from '../../server/clients/http-json';
import { fixedClock } from '../../server/domain/clock';
import { createOutbox } from '../../server/domain/outbox/outbox-service';
import type { RateLimit } from '../../server/jobs/outbox-claim';
import { runOutboxTick, type TickResult } from '../../server/jobs/outbox-sender.job';
import { cleanEnv, ROOT, spawnFuyuan } from '../helpers/cli.helper';
import { eachDb, type TestDb } from '../helpers/databases';
import { startFakeWecom, type FakeWecom } from '../fakes/wecom-api.fake';

// Several senders on one database, a sender killed mid-batch, and WeCom's
// twenty messages a minute per robot. Each sender runs in a worker thread
// with a DataSource of its own, as a server process would: on SQLite a
// connection waiting for the file lock blocks its whole thread, which must
// not be the thread that serves the fake WeCom.

const SEND = 'POST /cgi-bin/webhook/send';
const T0 = '2026-11-26T02:00:00.000Z';
const SECOND = 1000;
const silent = pino({ level: 'silent' });

interface Instance {
  tick(now: Date): Promise<TickResult>;
  close(): Promise<void>;
}

interface InstanceOpts {
  fake: FakeWecom;
  rateLimit?: RateLimit | null;
  batchSize?: number;
}

const WORKER = `
const { parentPort, workerData: d } = require('node:worker_threads');
require(d.tsx);
const { openDatabase } = require(d.root + '/server/db/data-source.ts');
const { runOutboxTick } = require(d.root + '/server/jobs/outbox-sender.job.ts');
const { WecomWebhookChannel } = require(d.root + '/server/channels/wecom-webhook/wecom-webhook.channel.ts');
const { httpJson } = require(d.root + '/server/clients/http-json.ts');
const { fixedClock } = require(d.root + '/server/domain/clock.ts');
const pino = require(d.pino);
openDatabase(d.target).then((db) => {
  const clock = fixedClock(0);
  const channels = { 'wecom-webhook': new WecomWebhookChannel({ apiBase: d.apiBase, timeoutMs: 60000 }, httpJson) };
  const deps = { db, clock, logger: pino({ level: 'silent' }), channels, maxAttempts: 5, rateLimit: d.rateLimit, batchSize: d.batchSize };
  parentPort.on('message', (m) => {
    if (m === 'close') return void db.destroy().then(() => parentPort.postMessage({ closed: true }));
    clock.set(m);
    runOutboxTick(deps, new Date(m)).then(
      (result) => parentPort.postMessage({ result }),
      (e) => parentPort.postMessage({ error: String((e && e.stack) || e) }),
    );
  });
  parentPort.postMessage({ ready: true });
}, (e) => parentPort.postMessage({ error: String(e.stack) }));
`;

async function inWorker(db: TestDb, o: InstanceOpts): Promise<Instance> {
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: {
      root: ROOT, tsx: require.resolve('tsx/cjs'), pino: require.resolve('pino'),
      target: db.target, apiBase: o.fake.url, rateLimit: o.rateLimit, batchSize: o.batchSize,
    },
  });
  // One request at a time: each answer settles the oldest waiting call.
  const waiting: Array<{ ok(v: any): void; fail(e: Error): void }> = [];
  const call = <T>(message?: unknown) =>
    new Promise<T>((ok, fail) => {
      waiting.push({ ok, fail });
      if (message !== undefined) worker.postMessage(message);
    });
  worker.on('message', (m: { error?: string }) => (m.error ? waiting.shift()?.fail(new Error(m.error)) : waiting.shift()?.ok(m)));
  worker.on('error', (e) => waiting.shift()?.fail(e));
  await call();
  return {
    tick: async (now) => (await call<{ result: TickResult }>(now.toISOString())).result,
    close: async () => {
      await call('close').catch(() => undefined);
      await worker.terminate();
    },
  };
}

async function withSenders(db: TestDb, o: Omit<InstanceOpts, 'fake'>, fn: (fake: FakeWecom, senders: Instance[], clock: ReturnType<typeof fixedClock>) => Promise<void>) {
  const clock = fixedClock(T0);
  const fake = await startFakeWecom({ clock });
  const senders = await Promise.all([inWorker(db, { ...o, fake }), inWorker(db, { ...o, fake })]);
  try {
    await fn(fake, senders, clock);
  } finally {
    for (const s of senders) await s.close();
    await fake.close();
  }
}

async function enqueueMany(db: TestDb, clock: ReturnType<typeof fixedClock>, rows: Array<{ key: string; robot: string }>) {
  const outbox = createOutbox({ db: db.ds, clock });
  await db.ds.transaction(async (em) => {
    for (const r of rows) {
      await outbox.enqueue(em, { channel: 'wecom-webhook', target: r.robot, message: { msgtype: 'text', content: `row ${r.key}` }, dueAt: clock.now(), dedupeKey: r.key });
    }
  });
}

// How many times each dedupe key reached the fake, from the messages it accepted.
function deliveries(fake: FakeWecom, robots: string[]): Map<string, number> {
  const seen = new Map<string, number>();
  for (const robot of robots) {
    for (const m of fake.webhookMessages(robot)) {
      const key = /^row (\S+)$/.exec(m.text.content)![1]!;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
  }
  return seen;
}

eachDb('two senders on one database deliver 500 rows: every one exactly once, none lost', async (t, db) => {
  await withSenders(db, { rateLimit: null, batchSize: 40 }, async (fake, senders, clock) => {
    // 50 robots of 10 rows: the fake's own 20-a-minute limit never comes into it.
    const robots = Array.from({ length: 50 }, (_, i) => `robot-${i}`);
    robots.forEach((r) => fake.registerWebhook(r));
    await enqueueMany(db, clock, Array.from({ length: 500 }, (_, i) => ({ key: `k${i}`, robot: robots[i % 50]! })));

    const started = performance.now();
    const claimed = [0, 0];
    const errors: string[] = [];
    let rounds = 0;
    const open = () => db.ds.getRepository(Notification).countBy({ status: In(['pending', 'sending']) });
    while (rounds < 40 && (await open()) > 0) {
      rounds++;
      const results = await Promise.allSettled(senders.map((s) => s.tick(clock.now())));
      results.forEach((r, i) => (r.status === 'fulfilled' ? (claimed[i]! += r.value.claimed) : errors.push(String(r.reason))));
    }
    t.log(`${rounds} rounds, ${performance.now() - started} ms; claimed ${claimed.join(' + ')}`);
    t.deepEqual(errors, [], 'no tick failed');
    t.is(claimed[0]! + claimed[1]!, 500, 'no row was claimed twice');
    t.true(claimed[0]! > 0 && claimed[1]! > 0, 'both senders did part of the work');

    const rows = await db.ds.getRepository(Notification).find();
    t.deepEqual(rows.filter((r) => r.status !== 'sent' || r.attempts !== 1).map((r) => [r.dedupeKey, r.status, r.attempts]), []);
    const seen = deliveries(fake, robots);
    t.is(seen.size, 500, 'no loss');
    t.deepEqual([...seen].filter(([, n]) => n !== 1), [], 'no duplicate');
    t.false(fake.callsTo(SEND).some((c) => (c.answer as { errcode?: number })?.errcode !== 0));
  });
});

// In the environment of an operator's shell, without anything of ours that could leak in.
const cli = (args: string[], env: Record<string, string>) => spawnFuyuan(args, cleanEnv(env));

eachDb('a sender killed while it holds claimed rows loses nothing: after the lease the next tick sends the rest', async (t, db) => {
  const clock = fixedClock(T0);
  const fake = await startFakeWecom({ clock });
  const dataDir = mkdtempSync(join(tmpdir(), 'fuyuan-crash-'));
  const env = {
    WECOM_API_BASE: fake.url,
    FUYUAN_ADMIN_TOKEN: 'crash-test-admin-token-0123456789',
    FUYUAN_DATA_KEY: '11'.repeat(32),
    ...(db.kind === 'mysql' ? { DATABASE_URL: db.target.url!, FUYUAN_DATA_DIR: dataDir } : { FUYUAN_DATA_DIR: dirname(db.target.sqlitePath) }),
  };
  let first: ReturnType<typeof cli> | undefined;
  try {
    const robots = ['robot-a', 'robot-b'];
    robots.forEach((r) => fake.registerWebhook(r));
    await enqueueMany(db, clock, Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, robot: robots[i % 2]! })));
    const repo = db.ds.getRepository(Notification);

    // Four sends go through; the next call on each robot's queue hangs in WeCom.
    fake.failNext(SEND, { delayMs: 0 }, 4);
    const holds = [fake.hold(SEND), fake.hold(SEND)];
    first = cli(['tick', '--now', T0], env);
    const died = first.exit.then(() => Promise.reject(new Error(`tick exited early\n${first!.stdout()}\n${first!.stderr()}`)));
    await Promise.race([Promise.all(holds.map((h) => h.reached)), died]);
    first.child.kill('SIGKILL');
    t.is((await first.exit).signal, 'SIGKILL');

    const count = async (status: Notification['status']) => repo.countBy({ status });
    t.deepEqual([await count('sent'), await count('sending'), await count('pending')], [4, 16, 0], 'killed holding 16 claimed rows');
    const held = fake.callsTo(SEND).filter((c) => c.injected === 'hold');
    const inFlight = held.map((c) => /^row (\S+)$/.exec((c.body as any).text.content)![1]!);
    t.is(inFlight.length, 2);
    // The worst case: WeCom went on to deliver what was in flight when the sender died.
    holds.forEach((h) => h.release());
    for (let i = 0; i < 1000 && held.some((c) => c.status === undefined); i++) await new Promise((r) => setImmediate(r));
    t.deepEqual(held.map((c) => c.status), [200, 200]);

    // Within the lease nobody touches the rows…
    clock.set(new Date(Date.parse(T0) + 119 * SECOND));
    const early = await runOutboxTick({ db: db.ds, clock, logger: silent, maxAttempts: 5, channels: { 'wecom-webhook': new WecomWebhookChannel({ apiBase: fake.url, timeoutMs: 60_000 }, httpJson) } }, clock.now());
    t.is(early.claimed, 0);
    // …after it, the sender started again takes them over.
    clock.set(new Date(Date.parse(T0) + 121 * SECOND));
    const again = cli(['tick', '--now', clock.now().toISOString()], env);
    const exit = await again.exit;
    t.is(exit.code, 0, again.stderr());
    t.regex(again.stdout(), /claimed 16, sent 16, retrying 0, failed 0/);

    const rows = await repo.find();
    t.true(rows.every((r) => r.status === 'sent'), 'everything is sent');
    const summary = (r: Notification) => `${r.attempts} attempt(s), sent at +${(r.sentAt!.getTime() - Date.parse(T0)) / SECOND} s`;
    const groups = new Map<string, number>();
    for (const r of rows) groups.set(summary(r), (groups.get(summary(r)) ?? 0) + 1);
    t.deepEqual([...groups].sort(), [['1 attempt(s), sent at +0 s', 4], ['2 attempt(s), sent at +121 s', 16]]);
    const seen = deliveries(fake, robots);
    t.is(seen.size, 20, 'nothing lost');
    const duplicated = [...seen].filter(([, n]) => n > 1).map(([k]) => k);
    t.true(duplicated.every((k) => inFlight.includes(k)), `only what was in flight may arrive twice: ${duplicated.join(', ')}`);
    t.true([...seen.values()].every((n) => n <= 2));
  } finally {
    if (first && first.child.exitCode === null && first.child.signalCode === null) first.child.kill('SIGKILL');
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

eachDb('20 a minute per robot, counted across two senders: 100 rows take four minutes, none fail, other robots go on', async (t, db) => {
  await withSenders(db, {}, async (fake, senders, clock) => {
    fake.registerWebhook('busy-robot');
    fake.registerWebhook('quiet-robot');
    await enqueueMany(db, clock, Array.from({ length: 100 }, (_, i) => ({ key: `x${String(i).padStart(3, '0')}`, robot: 'busy-robot' })));
    await enqueueMany(db, clock, Array.from({ length: 5 }, (_, i) => ({ key: `y${i}`, robot: 'quiet-robot' })));

    let deferred = 0;
    for (let s = 0; s <= 300; s += 15) {
      clock.set(new Date(Date.parse(T0) + s * SECOND));
      // Five more for the quiet robot while the busy one is held back.
      if (s === 90) await enqueueMany(db, clock, Array.from({ length: 5 }, (_, i) => ({ key: `z${i}`, robot: 'quiet-robot' })));
      for (const r of await Promise.all(senders.map((x) => x.tick(clock.now())))) deferred += r.deferred;
    }

    const accepted = fake.callsTo(SEND).filter((c) => (c.answer as { errcode?: number }).errcode === 0);
    t.false(fake.callsTo(SEND).some((c) => (c.answer as { errcode?: number }).errcode === 45009), 'WeCom never had to refuse');
    const at = (robot: string) => accepted.filter((c) => c.query.key === robot).map((c) => (c.at.getTime() - Date.parse(T0)) / SECOND);
    const busy = at('busy-robot');
    const histogram: Record<number, number> = {};
    for (const s of busy) histogram[s] = (histogram[s] ?? 0) + 1;
    t.log(`busy robot, sends per second of fake time: ${JSON.stringify(histogram)}; held back ${deferred} times`);
    t.deepEqual(histogram, { 0: 20, 60: 20, 120: 20, 180: 20, 240: 20 }, 'a full minute apart, twenty at a time');
    t.true(busy.every((s) => busy.filter((u) => u > s - 60 && u <= s).length <= 20), 'never more than 20 in any 60 s');
    t.true(Math.max(...busy) - Math.min(...busy) >= 240);
    t.true(deferred > 0);
    // Order across windows is not promised: with two senders each may hold part of a robot's backlog.
    t.is(new Set(fake.webhookMessages('busy-robot').map((m) => m.text.content)).size, 100, 'each row once');

    const quiet = at('quiet-robot');
    t.is(quiet.length, 10);
    t.true(quiet.slice(0, 5).every((s) => s <= 15), `the quiet robot's first rows were not starved: ${quiet.join(',')}`);
    t.deepEqual(quiet.slice(5), [90, 90, 90, 90, 90]);

    const rows = await db.ds.getRepository(Notification).find();
    t.deepEqual(rows.filter((r) => r.status !== 'sent' || r.attempts !== 1).map((r) => [r.dedupeKey, r.status, r.attempts]), [], 'none failed, none retried');
  });
});
