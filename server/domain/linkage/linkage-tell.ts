import type { EntityManager } from 'typeorm';
import { Dispute, DisputeEntry, User, type LinkageItem, type Via } from '../../../entities';
import { replyNotice } from '../disputes/dispute-notices';
import type { Outbox } from '../outbox/outbox-service';
import { AUDIENCE_CHANNEL, audienceKey, audienceTarget, type Audience, type AudienceMessage } from '../reminders/audience';
import { residentFeedbackText } from './linkage-notices';

// Telling people about an item at once. Agencies are named by role (their
// group, their head), resolved when the row is sent as planned reminders are,
// so a head named in between is the one who hears it.

export const itemSubject = (id: number) => ({ type: 'linkage', id });

export async function tell(outbox: Outbox, em: EntityManager, item: Pick<LinkageItem, 'id'>, audience: Audience, message: AudienceMessage, key: string, now: Date) {
  return outbox.enqueue(em, {
    channel: AUDIENCE_CHANNEL, target: audienceTarget(audience), message, dueAt: now,
    dedupeKey: `linkage:${item.id}:${key}:${audienceKey(audience)}`, subject: itemSubject(item.id),
  });
}

// An agency's group card (markdown), and the same to its head when one is named.
export async function tellAgency(outbox: Outbox, em: EntityManager, item: Pick<LinkageItem, 'id'>, agency: { id: number; headUserId: number | null }, card: string, key: string, now: Date, mention?: number | null) {
  await tell(outbox, em, item, { kind: 'agency-group', agencyId: agency.id }, { text: card, markdown: true, mentionUserId: mention ?? null }, key, now);
  if (agency.headUserId) await tell(outbox, em, item, { kind: 'agency-head', agencyId: agency.id }, { text: card, markdown: true }, key, now);
}

// A resident's administrative dispute: the agency's answer joins the
// dispute's timeline in plain words, and reaches the resident as the
// dispute's reply notice when they hold a subscribe credit for it.
export async function feedbackToResident(
  deps: { outbox: Outbox },
  em: EntityManager,
  item: LinkageItem,
  agencyName: string,
  note: string,
  author: { id: number | null; via: Via },
  now: Date,
) {
  if (!item.disputeId) return;
  const d = await em.findOneBy(Dispute, { id: item.disputeId });
  if (!d) return;
  const body = residentFeedbackText(agencyName, note);
  const entry = await em.save(em.create(DisputeEntry, {
    disputeId: d.id, kind: 'message', authorId: author.id, body, via: author.via, meta: { linkageItemId: item.id, action: 'feedback' }, at: now,
  }));
  await em.update(Dispute, { id: d.id }, { updatedAt: now });
  const resident = await em.findOneBy(User, { id: d.residentId });
  if (!resident?.wechatOpenid) return;
  const notice = replyNotice(d, { name: agencyName, role: 'official' }, note, now);
  const message = { ...notice, data: { ...notice.data, replier: [...agencyName].slice(0, 20).join('') } };
  await deps.outbox.enqueue(em, {
    channel: 'wx-subscribe', target: resident.wechatOpenid, message, dueAt: now, dedupeKey: `dispute:${d.id}:entry:${entry.id}`,
    subject: { type: 'dispute', id: d.id }, credit: { userId: resident.id, template: message.template },
  });
}
