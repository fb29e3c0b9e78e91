import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { Notification } from '../../entities';
import type { Channel, SendOutcome } from '../channels/channel';
import type { Clock } from '../domain/clock';
import { claimDue, extendLease, type RateLimit } from './outbox-claim';
import { resolveClaimedAudience } from '../domain/reminders/audience-resolver';

// One pass of the outbox sender: claim what is due, send it, record what
// happened. A function of its dependencies and "now", so tests and the
// `fuyuan tick` command run exactly what the scheduler runs.

export interface OutboxSenderDeps {
  db: DataSource;
  // The time a message actually left, which the rate limit counts from.
  clock: Clock;
  channels: Partial<Record<string, Channel>>;
  logger: Logger;
  maxAttempts: number;
  batchSize?: number;
  leaseMs?: number;
  // null turns rate limiting off (benchmarks); the default is WeCom's 20 a minute per robot.
  rateLimit?: RateLimit | null;
  // How many targets are sent to at once; one target's rows go in order.
  concurrency?: number;
  // Channels another process sends (see ClaimOptions.skipChannels).
  skipChannels?: readonly string[];
}

export interface TickResult {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
  deferred: number;
  // Claimed rows another sender took over while this one was busy with
  // earlier ones (its lease ran out): left to that sender, not counted here.
  lost: number;
}

export const WECOM_ROBOT_LIMIT: RateLimit = { perTarget: { 'wecom-webhook': 20 }, windowMs: 60_000 };

const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 60 * 60_000;

// 30 s, 1 min, 2 min, … capped at an hour: a flapping API gets room to recover.
export function backoffMs(attempt: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
}

export async function runOutboxTick(deps: OutboxSenderDeps, now: Date): Promise<TickResult> {
  const leaseMs = deps.leaseMs ?? 120_000;
  const claim = await claimDue(deps.db, now, {
    batchSize: deps.batchSize ?? 100,
    leaseMs,
    rateLimit: deps.rateLimit === undefined ? WECOM_ROBOT_LIMIT : deps.rateLimit,
    skipChannels: deps.skipChannels,
  });
  const result: TickResult = { claimed: claim.rows.length, sent: 0, retrying: 0, failed: 0, deferred: claim.deferred, lost: 0 };
  if (!claim.rows.length) return result;

  // Reminders addressed to a role become rows of a concrete channel here.
  const rows = await resolveClaimedAudience(deps.db, claim.rows, claim.token, (c) => !!deps.channels[c]);
  const byTarget = new Map<string, Notification[]>();
  for (const row of rows) {
    const key = `${row.channel}\u0000${row.target}`;
    byTarget.set(key, [...(byTarget.get(key) ?? []), row]);
  }
  const queues = [...byTarget.values()];
  const workers = Array.from({ length: Math.min(deps.concurrency ?? 4, queues.length) }, async () => {
    for (let rows = queues.shift(); rows; rows = queues.shift()) {
      for (const row of rows) {
        // 100 rows of up to three 5 s calls can outlast a 120 s lease: each
        // send renews it first, and a row another sender has claimed since is
        // skipped rather than sent a second time.
        if (!(await extendLease(deps.db, row.id, claim.token, deps.clock.now(), leaseMs))) {
          result.lost++;
          continue;
        }
        const outcome = await deliver(deps, row);
        const status = await record(deps, row, claim.token, outcome, now);
        result[status]++;
      }
    }
  });
  // Every worker finishes before the tick does, even when one fails: a stop
  // that waits on this tick must not close the database under the others.
  const failed = (await Promise.allSettled(workers)).find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  if (result.lost) deps.logger.warn({ lost: result.lost }, 'outbox tick: rows were taken over by another sender after this lease ran out');
  if (result.failed || result.retrying) deps.logger.warn(result, 'outbox tick: some sends did not go through');
  else deps.logger.debug(result, 'outbox tick');
  return result;
}

async function deliver(deps: OutboxSenderDeps, row: Notification): Promise<SendOutcome> {
  const channel = deps.channels[row.channel];
  if (!channel) return { ok: false, retry: false, error: `no channel "${row.channel}" is configured` };
  try {
    return await channel.send(row.target, row.payload as never);
  } catch (err) {
    // A channel should answer with an outcome; one that throws is treated as a transient fault.
    return { ok: false, retry: true, error: err instanceof Error ? err.message : String(err) };
  }
}

// Marks the row, but only while this claim still holds it: a sender that was
// too slow and lost its lease to another must not overwrite that one's result.
async function record(
  deps: OutboxSenderDeps,
  row: Notification,
  token: string,
  outcome: SendOutcome,
  now: Date,
): Promise<'sent' | 'retrying' | 'failed' | 'lost'> {
  const repo = deps.db.getRepository(Notification);
  const mine = { id: row.id, leaseToken: token, status: 'sending' as const };
  const done = { leaseUntil: null, leaseToken: null };
  // Only a mark that found the row still ours counts: otherwise the row is
  // another sender's now, and so is its result.
  const marked = async (changes: Partial<Pick<Notification, 'status' | 'sentAt' | 'lastError' | 'dueAt'>>) => ((await repo.update(mine, { ...done, ...changes })).affected ?? 0) > 0;
  if (outcome.ok) return (await marked({ status: 'sent', sentAt: deps.clock.now(), lastError: null })) ? 'sent' : 'lost';
  const error = outcome.error.slice(0, 1000);
  if (!outcome.retry || row.attempts >= deps.maxAttempts) {
    if (!(await marked({ status: 'failed', lastError: error }))) return 'lost';
    deps.logger.error({ notification: row.id, channel: row.channel, attempts: row.attempts, error }, 'notification failed');
    return 'failed';
  }
  const delay = Math.max(backoffMs(row.attempts), outcome.retryAfterMs ?? 0);
  return (await marked({ status: 'pending', dueAt: new Date(now.getTime() + delay), lastError: error })) ? 'retrying' : 'lost';
}
