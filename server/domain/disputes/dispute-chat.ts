import { Like, MoreThan, MoreThanOrEqual, type EntityManager } from 'typeorm';
import { DisputeEntry, Notification, User, type Dispute } from '../../../entities';
import type { Clock } from '../clock';
import { DomainError } from '../errors';
import { BYTE_LIMITS, trimToBytes } from '../outbox/message-limits';
import type { Outbox } from '../outbox/outbox-service';
import { staffOf } from '../outbox/recipients';
import { lockRow } from '../row-lock';
import { chatCard, chatDigestCard } from './dispute-notices';
import { resident } from '../../texts/resident.texts';

// How fast a resident's chat may run, and how often it reaches the mediator.
// Both are counted in the database, so they hold across server instances.

export const CHAT_LIMITS = {
  // Messages one resident may post in any minute, over all their disputes.
  perMinute: 10,
  minuteMs: 60_000,
  // At most one card a dispute in this long to its mediator.
  cardEveryMs: 5 * 60_000,
} as const;

// Before a resident's message is written. Their user row is locked first, so
// two posts at once cannot both see the ninth message and both pass.
export async function checkChatRate(em: EntityManager, residentId: number, now: Date): Promise<void> {
  await lockRow(em, User, residentId);
  const recent = await em.count(DisputeEntry, {
    where: { authorId: residentId, kind: 'message', at: MoreThan(new Date(now.getTime() - CHAT_LIMITS.minuteMs)) },
  });
  if (recent >= CHAT_LIMITS.perMinute) {
    throw new DomainError('RATE_LIMITED', resident.chat.tooFast(CHAT_LIMITS.perMinute), 429);
  }
}

const chatKey = (d: Dispute, firstEntryId: number) => `dispute:${d.id}:chat:${firstEntryId}`;
const firstEntryOf = (key: string) => Number(/:chat:(\d+)/.exec(key)?.[1]);
// The digest must stay one row, which can then be revised in place: never split.
const fit = (content: string) => trimToBytes(content, BYTE_LIMITS['wecom-app'].text, '\n…');

// The mediator hears of a resident's message at once when no card went to
// them in the last five minutes; otherwise the message joins the one card
// due when those five minutes end, which is revised while it waits. The
// caller holds the dispute's row, so one dispute's posts take turns here.
export async function tellMediator(
  em: EntityManager,
  deps: { outbox: Outbox; clock: Clock },
  d: Dispute,
  mediator: User,
  entry: DisputeEntry,
): Promise<void> {
  const now = deps.clock.now();
  const last = await em.findOne(Notification, {
    where: { subjectType: 'dispute', subjectId: d.id, dedupeKey: Like(`dispute:${d.id}:chat:%`) },
    order: { dueAt: 'DESC', id: 'DESC' },
  });
  const subject = { type: 'dispute', id: d.id } as const;
  if (!last || last.dueAt.getTime() <= now.getTime() - CHAT_LIMITS.cardEveryMs) {
    await deps.outbox.enqueue(em, {
      ...staffOf(mediator), message: { msgtype: 'text', content: chatCard(d, entry.body) },
      dueAt: now, dedupeKey: chatKey(d, entry.id), subject,
    });
    return;
  }
  if (last.status === 'pending' && last.dueAt > now) {
    // The waiting digest: rewritten with everything since its first message.
    // Conditional, as a sender may claim it meanwhile; then a new one follows it.
    const bodies = await residentMessagesSince(em, d, firstEntryOf(last.dedupeKey));
    const revised = await em.update(
      Notification,
      { id: last.id, status: 'pending' },
      { payload: { msgtype: 'text', content: fit(chatDigestCard(d, bodies)) } },
    );
    if ((revised.affected ?? 0) > 0) return;
  }
  await deps.outbox.enqueue(em, {
    ...staffOf(mediator), message: { msgtype: 'text', content: fit(chatDigestCard(d, [entry.body])) },
    dueAt: new Date(Math.max(last.dueAt.getTime() + CHAT_LIMITS.cardEveryMs, now.getTime())), dedupeKey: chatKey(d, entry.id), subject,
  });
}

async function residentMessagesSince(em: EntityManager, d: Dispute, firstEntryId: number): Promise<string[]> {
  const entries = await em.find(DisputeEntry, {
    select: { id: true, body: true },
    where: { disputeId: d.id, kind: 'message', authorId: d.residentId, id: MoreThanOrEqual(firstEntryId) },
    order: { id: 'ASC' },
  });
  return entries.map((e) => e.body);
}
