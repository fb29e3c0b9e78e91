import { IsNull, Not, type DataSource, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { Notification, type NotificationStatus } from '../../../entities';
import { isUniqueViolation } from '../../db/db-errors';
import { existingValues, insertRows } from '../../db/bulk-insert';
import { pageWindow } from '../paging';
import { recordAudit, type AuditContext } from '../audit';
import type { Clock } from '../clock';
import { DomainError, errors } from '../errors';
import { redact } from '../../clients/http-json';
import { fitToChannel } from './message-limits';
import type { ChannelMessages, ChannelName, SubscribeTemplate } from './messages';
import { giveBackCredits, spendCredit } from '../subscription-service';
import { staff } from '../../texts/staff.texts';

// The outbox: domain code never sends, it writes rows here in the transaction
// of the change that causes them, and the sender job delivers them later. A
// change that rolls back takes its messages with it; one that commits cannot
// lose them.

export interface Subject {
  type: string;
  id: number;
}

export interface NewNotification<C extends ChannelName = ChannelName> {
  channel: C;
  target: string;
  message: ChannelMessages[C];
  dueAt: Date;
  // The same reminder written twice (a retried request, two instances) is one row.
  dedupeKey: string;
  subject?: Subject;
  // A subscribe message spends one of this resident's credits for its template
  // when the row is written (none left: nothing is written) and gives it back
  // if the row is cancelled.
  credit?: { userId: number; template: SubscribeTemplate };
  // How many parts a long text may be split into before the rest is trimmed
  // (default MAX_PARTS): a weekly digest lists everything, a reminder is short.
  maxParts?: number;
}

const MAX_DEDUPE_KEY = 180; // room for a "#n" part suffix within the 191-character column
// Rows a statement: 200 × 15 columns stays far below SQLite's limit of bound parameters.
const ENQUEUE_BATCH = 200;

function checkKey(key: string) {
  if (key.length === 0 || key.length > MAX_DEDUPE_KEY) {
    throw new Error(`outbox dedupe key must be 1–${MAX_DEDUPE_KEY} characters: ${key.slice(0, 40)}…`);
  }
}

export function createOutbox({ db, clock }: { db: DataSource; clock: Clock }) {
  const api = {
    // Returns how many rows were written: 0 when this dedupe key exists already
    // (whatever its status: a key names one message for good, so a re-plan
    // writes under a new plan version, see reminders/), or when a credit was
    // asked for and the resident has none; more than 1 when a long text had
    // to be split into parts.
    async enqueue<C extends ChannelName>(em: EntityManager, n: NewNotification<C>): Promise<number> {
      checkKey(n.dedupeKey);
      if (await em.existsBy(Notification, { dedupeKey: n.dedupeKey })) return 0;
      const parts = fitToChannel(n.channel, n.message, n.maxParts);
      const now = clock.now();
      if (n.credit && !(await spendCredit(em, n.credit.userId, n.credit.template, now))) return 0;
      try {
        for (const [i, message] of parts.entries()) {
          await em.save(em.create(Notification, {
            channel: n.channel,
            target: n.target,
            payload: message as unknown as Record<string, unknown>,
            dueAt: n.dueAt,
            status: 'pending',
            attempts: 0,
            leaseUntil: null,
            leaseToken: null,
            lastError: null,
            dedupeKey: i === 0 ? n.dedupeKey : `${n.dedupeKey}#${i + 1}`,
            subjectType: n.subject?.type ?? null,
            subjectId: n.subject?.id ?? null,
            creditUserId: i === 0 ? n.credit?.userId ?? null : null,
            sentAt: null,
            createdAt: now,
          }));
        }
      } catch (err) {
        // Another transaction wrote the same key between our check and insert.
        if (isUniqueViolation(err)) {
          if (n.credit) await giveBackCredits(em, n.credit.userId, n.credit.template, 1, now);
          return 0;
        }
        throw err;
      }
      return parts.length;
    },

    // Many rows at once (reminder plans for many subjects): the same rules as
    // enqueue, in multi-row INSERTs. A row that holds a credit or must be
    // split, or a batch that meets a key written meanwhile, goes one by one.
    // `newSubject`: every key names a subject made in this transaction (a
    // dispute being filed), so none can be taken yet and the SELECT that
    // looks is skipped; a key taken after all still falls back row by row.
    async enqueueMany(em: EntityManager, list: NewNotification[], opts: { newSubject?: boolean } = {}): Promise<number> {
      let written = 0;
      const simple: NewNotification[] = [];
      for (const n of list) {
        if (n.credit || fitToChannel(n.channel, n.message, n.maxParts).length > 1) written += await api.enqueue(em, n);
        else simple.push(n);
      }
      const now = clock.now();
      for (let i = 0; i < simple.length; i += ENQUEUE_BATCH) {
        const batch = simple.slice(i, i + ENQUEUE_BATCH);
        for (const n of batch) checkKey(n.dedupeKey);
        const taken = opts.newSubject ? new Set<unknown>() : await existingValues(em, Notification, 'dedupeKey', batch.map((n) => n.dedupeKey));
        const fresh = [...new Map(batch.filter((n) => !taken.has(n.dedupeKey)).map((n) => [n.dedupeKey, n])).values()];
        if (!fresh.length) continue;
        try {
          await insertRows(em, Notification, fresh.map((n) => ({
            channel: n.channel, target: n.target, payload: n.message as unknown as Record<string, unknown>, dueAt: n.dueAt,
            status: 'pending' as const, attempts: 0, leaseUntil: null, leaseToken: null, lastError: null, dedupeKey: n.dedupeKey,
            subjectType: n.subject?.type ?? null, subjectId: n.subject?.id ?? null, creditUserId: null, sentAt: null, createdAt: now,
          })) as never);
          written += fresh.length;
        } catch (err) {
          if (!isUniqueViolation(err)) throw err;
          for (const n of fresh) written += await api.enqueue(em, n);
        }
      }
      return written;
    },

    // A rescheduled hearing or a closed dispute: what has not left yet never
    // will, and the subscribe credits those rows held go back to their residents.
    async cancel(em: EntityManager, subject: Subject, reason = 'cancelled'): Promise<number> {
      const cancelled = { status: 'cancelled' as const, lastError: reason, leaseUntil: null, leaseToken: null };
      const pending = { subjectType: subject.type, subjectId: subject.id, status: 'pending' as const };
      const holding = await em.find(Notification, { where: { ...pending, creditUserId: Not(IsNull()) } });
      let n = 0;
      for (const row of holding) {
        // Row by row, on its status: one a sender claimed meanwhile keeps its credit.
        const r = await em.update(Notification, { id: row.id, status: 'pending' }, cancelled);
        if (!r.affected) continue;
        n++;
        const template = heldTemplate(row);
        if (template) await giveBackCredits(em, row.creditUserId!, template, 1, clock.now());
      }
      const result = await em.update(Notification, pending, cancelled);
      return n + (result.affected ?? 0);
    },

    async list(filter: { status?: NotificationStatus; channel?: string; page: number; pageSize: number }) {
      const where: FindOptionsWhere<Notification> = {};
      if (filter.status) where.status = filter.status;
      if (filter.channel) where.channel = filter.channel;
      const [rows, total] = await db.getRepository(Notification).findAndCount({
        where,
        order: { id: 'DESC' },
        ...pageWindow(filter),
      });
      return { items: rows.map(notificationView), total };
    },

    // An admin sends a failed (or cancelled) row again, with a fresh set of attempts.
    async retry(id: number, ctx: AuditContext) {
      return db.transaction(async (em) => {
        const row = await em.findOneBy(Notification, { id });
        if (!row) throw errors.notFound(staff.outbox.notification);
        if (row.status !== 'failed' && row.status !== 'cancelled') {
          throw new DomainError('NOT_RETRYABLE', staff.outbox.notRetryable(STATUS_LABELS[row.status]), 409, {
            status: row.status,
          });
        }
        const now = clock.now();
        await em.update(
          Notification,
          { id, status: row.status },
          { status: 'pending', attempts: 0, dueAt: now, leaseUntil: null, leaseToken: null },
        );
        await recordAudit(em, ctx, { action: 'notification.retry', subjectType: 'notification', subjectId: id }, now);
        return notificationView(await em.findOneByOrFail(Notification, { id }));
      });
    },
  };
  return api;
}

// The template whose credit a row holds: a subscribe message's own, or the
// one an audience row for a resident will be sent as.
function heldTemplate(row: Notification): string | null {
  const p = row.payload as { template?: unknown; subscribe?: { template?: unknown } } | null;
  const t = p?.template ?? p?.subscribe?.template;
  return typeof t === 'string' ? t : null;
}

export const STATUS_LABELS: Record<NotificationStatus, string> = staff.outbox.statuses;

export function notificationView(n: Notification) {
  return {
    id: n.id,
    channel: n.channel,
    target: maskTarget(n.channel, n.target),
    payload: payloadView(n.payload),
    status: n.status,
    attempts: n.attempts,
    dueAt: n.dueAt.toISOString(),
    sentAt: n.sentAt?.toISOString() ?? null,
    lastError: n.lastError,
    dedupeKey: n.dedupeKey,
    subject: n.subjectType ? { type: n.subjectType, id: n.subjectId } : null,
    createdAt: n.createdAt.toISOString(),
  };
}

// A robot image (a report chart) is shown by its md5 and size: its base64
// would make one listed row megabytes long.
function payloadView(p: Record<string, unknown>): Record<string, unknown> {
  if (p?.msgtype !== 'image' || typeof p.base64 !== 'string') return p;
  const { base64, ...rest } = p;
  return { ...rest, bytes: Buffer.byteLength(base64, 'base64') };
}

// Some targets are credentials: a webhook key lets anyone post into the
// group, a robot's response_url lets anyone answer in its name. Show only
// enough to tell two apart.
function maskTarget(channel: string, target: string): string {
  if (channel === 'wecom-webhook') return maskKey(target);
  if (channel === 'wecom-bot-reply') return redact(target);
  return target;
}

function maskKey(key: string): string {
  return key.length <= 8 ? '****' : `${key.slice(0, 4)}****${key.slice(-4)}`;
}

export type Outbox = ReturnType<typeof createOutbox>;
