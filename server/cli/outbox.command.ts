import { parseArgs } from 'node:util';
import { LessThan, LessThanOrEqual } from 'typeorm';
import { NOTIFICATION_STATUSES, Notification, type NotificationStatus } from '../../entities';
import type { Config } from '../config';
import { fixedClock, systemClock } from '../domain/clock';
import { DomainError } from '../domain/errors';
import { ADMIN_TOKEN_PRINCIPAL } from '../domain/principal';
import { createOutbox, notificationView } from '../domain/outbox/outbox-service';
import { runOutboxTick } from '../jobs/outbox-sender.job';
import { createLogger } from '../logger';
import { openAndMigrate, outboxSenderDeps } from '../wiring';

// Operators' view of the outbox from a shell: one sender pass now (or at a
// time of their choosing), the rows, and a retry of a failed row.

const out = (line: string) => process.stdout.write(line + '\n');

function usage(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}

export async function tickCommand(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { now: { type: 'string' }, 'dry-run': { type: 'boolean' } }, strict: true });
  const now = values.now ? new Date(values.now) : systemClock.now();
  if (Number.isNaN(now.getTime())) return usage(`--now must be an ISO date and time, e.g. 2026-12-01T09:00:00+08:00 (got "${values.now}")`);
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const db = await openAndMigrate(config, logger);
  try {
    if (values['dry-run']) {
      const due = await db.getRepository(Notification).find({
        where: [{ status: 'pending', dueAt: LessThanOrEqual(now) }, { status: 'sending', leaseUntil: LessThan(now) }],
        order: { dueAt: 'ASC', id: 'ASC' },
        take: 100,
      });
      out(`${due.length} notification(s) due at ${now.toISOString()} (dry run: nothing sent)`);
      for (const n of due) out(line(n));
      return 0;
    }
    const clock = values.now ? fixedClock(now) : systemClock;
    const result = await runOutboxTick(outboxSenderDeps(config, db, logger, clock), now);
    out(`claimed ${result.claimed}, sent ${result.sent}, retrying ${result.retrying}, failed ${result.failed}, held by rate limit ${result.deferred}`);
    return result.failed > 0 ? 1 : 0;
  } finally {
    await db.destroy();
  }
}

export async function outboxCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { status: { type: 'string' }, channel: { type: 'string' }, limit: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const status = values.status as NotificationStatus | undefined;
  if (status && !NOTIFICATION_STATUSES.includes(status)) return usage(`--status must be one of ${NOTIFICATION_STATUSES.join(', ')}`);
  const limit = values.limit ? Number(values.limit) : 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return usage('--limit must be a whole number from 1 to 1000');
  if (positionals.length && !(positionals[0] === 'retry' && positionals.length === 2)) return usage('usage: fuyuan outbox [--status S] [--channel C] [--limit N] | fuyuan outbox retry ID');

  const logger = createLogger('warn');
  const db = await openAndMigrate(config, logger);
  try {
    const outbox = createOutbox({ db, clock: systemClock });
    if (positionals[0] === 'retry') {
      const id = Number(positionals[1]);
      if (!Number.isInteger(id) || id < 1) return usage(`not a notification id: "${positionals[1]}"`);
      try {
        const row = await outbox.retry(id, { actor: ADMIN_TOKEN_PRINCIPAL, requestId: 'cli' });
        out(`notification ${row.id} is pending again, due now`);
        return 0;
      } catch (err) {
        // A well-formed request the outbox refuses: not a usage error, so not exit 2.
        if (err instanceof DomainError) {
          process.stderr.write(`${err.code}: ${err.message}\n`);
          return 1;
        }
        throw err;
      }
    }
    const { items, total } = await outbox.list({ status, channel: values.channel, page: 1, pageSize: limit });
    out(`${total} notification(s)${status ? ` ${status}` : ''}${values.channel ? ` on ${values.channel}` : ''}; newest ${items.length}:`);
    for (const n of items) out(viewLine(n));
    return 0;
  } finally {
    await db.destroy();
  }
}

function line(n: Notification): string {
  return viewLine(notificationView(n));
}

function viewLine(n: ReturnType<typeof notificationView>): string {
  const error = n.lastError ? `  last error: ${n.lastError}` : '';
  return `#${n.id}  ${n.status.padEnd(9)} ${n.channel.padEnd(15)} → ${n.target}  due ${n.dueAt}  attempts ${n.attempts}${error}`;
}
