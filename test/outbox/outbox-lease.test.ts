import pino from 'pino';
import { Notification } from '../../entities';
import { sent, type Channel, type SendOutcome } from '../../server/channels/channel';
import { openDatabase } from '../../server/db/data-source';
import { fixedClock } from '../../server/domain/clock';
import { createOutbox } from '../../server/domain/outbox/outbox-service';
import type { WecomWebhookMessage } from '../../server/domain/outbox/messages';
import { runOutboxTick, type OutboxSenderDeps } from '../../server/jobs/outbox-sender.job';
import { eachDb } from '../helpers/databases';

// A sender whose batch outlasts its lease: while it waits on a slow channel
// the clock passes the lease, a second sender (its own connection) claims the
// same rows again and sends them. The first must then not send what is no
// longer its own, nor count it as sent.

const T0 = '2026-11-26T02:00:00.000Z';
const LEASE_MS = 120_000;
const silent = pino({ level: 'silent' });

// Every delivery, whichever sender made it.
type Delivered = Array<{ sender: string; content: string }>;

// Answers at once, except the first send, which waits until the test lets it go.
function slowOnce(sender: string, log: Delivered) {
  let release!: () => void;
  let reached!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const arrived = new Promise<void>((r) => (reached = r));
  let first = true;
  const channel: Channel<'wecom-webhook'> = {
    name: 'wecom-webhook',
    async send(_target: string, message: WecomWebhookMessage): Promise<SendOutcome> {
      if (first) {
        first = false;
        reached();
        await gate;
      }
      log.push({ sender, content: 'content' in message ? message.content : '' });
      return sent;
    },
  };
  return { channel, release, arrived };
}

eachDb('a sender that outlasts its lease sends nothing another sender has claimed again, and counts only what it marked', async (t, db) => {
  const clock = fixedClock(T0);
  const outbox = createOutbox({ db: db.ds, clock });
  await db.ds.transaction(async (em) => {
    for (let i = 1; i <= 4; i++) {
      await outbox.enqueue(em, { channel: 'wecom-webhook', target: 'robot-1', message: { msgtype: 'text', content: `消息${i}` }, dueAt: clock.now(), dedupeKey: `lease-${i}` });
    }
  });
  const other = await openDatabase(db.target);
  try {
    const log: Delivered = [];
    const slow = slowOnce('A', log);
    const fast = slowOnce('B', log);
    fast.release();
    const deps = (name: string, ds: typeof db.ds, channel: Channel): OutboxSenderDeps => ({
      db: ds, clock, logger: silent, maxAttempts: 5, leaseMs: LEASE_MS, rateLimit: null, channels: { 'wecom-webhook': channel },
    });

    // A claims all four and hangs on the first send.
    const a = runOutboxTick(deps('A', db.ds, slow.channel), clock.now());
    await slow.arrived;
    // Past A's lease, B claims the four again and sends them.
    clock.advance(LEASE_MS + 1000);
    const b = await runOutboxTick(deps('B', other, fast.channel), clock.now());
    t.like(b, { claimed: 4, sent: 4, lost: 0 });
    // A's first call comes back at last; it must go no further.
    slow.release();
    const resultA = await a;
    t.like(resultA, { claimed: 4, sent: 0, lost: 4 });

    const times = new Map<string, number>();
    for (const d of log) times.set(d.content, (times.get(d.content) ?? 0) + 1);
    // The send A was in when its lease ran out cannot be called back; nothing after it may go twice.
    t.deepEqual(Object.fromEntries(times), { 消息1: 2, 消息2: 1, 消息3: 1, 消息4: 1 });
    t.deepEqual(log.filter((d) => d.sender === 'A').map((d) => d.content), ['消息1']);

    const rows = await db.ds.getRepository(Notification).find({ order: { id: 'ASC' } });
    t.deepEqual(rows.map((r) => [r.dedupeKey, r.status, r.attempts]), [1, 2, 3, 4].map((i) => [`lease-${i}`, 'sent', 2]));
    t.true(rows.every((r) => r.sentAt!.getTime() === Date.parse(T0) + LEASE_MS + 1000), 'sent as B recorded it');
  } finally {
    await other.destroy();
  }
});

eachDb('each send renews the lease from the time it starts, so a long batch keeps its rows', async (t, db) => {
  const clock = fixedClock(T0);
  const outbox = createOutbox({ db: db.ds, clock });
  await db.ds.transaction(async (em) => {
    for (let i = 1; i <= 2; i++) {
      await outbox.enqueue(em, { channel: 'wecom-webhook', target: 'robot-1', message: { msgtype: 'text', content: `消息${i}` }, dueAt: clock.now(), dedupeKey: `renew-${i}` });
    }
  });
  const other = await openDatabase(db.target);
  try {
    const log: Delivered = [];
    // Each send takes 100 s of the injected clock: the second ends 200 s after the claim, past its first lease.
    const slow: Channel<'wecom-webhook'> = {
      name: 'wecom-webhook',
      async send(_target, message) {
        clock.advance(100_000);
        // Another sender looks in while this send is under way: every row is still leased.
        const peek = await runOutboxTick({ db: other, clock, logger: silent, maxAttempts: 5, leaseMs: LEASE_MS, rateLimit: null, channels: {} }, clock.now());
        t.is(peek.claimed, 0, `nothing to take over at +${(clock.now().getTime() - Date.parse(T0)) / 1000} s`);
        log.push({ sender: 'A', content: 'content' in message ? message.content : '' });
        return sent;
      },
    };
    const result = await runOutboxTick({ db: db.ds, clock, logger: silent, maxAttempts: 5, leaseMs: LEASE_MS, rateLimit: null, channels: { 'wecom-webhook': slow } }, clock.now());
    t.like(result, { claimed: 2, sent: 2, lost: 0 });
    t.deepEqual(log.map((d) => d.content), ['消息1', '消息2']);
  } finally {
    await other.destroy();
  }
});
