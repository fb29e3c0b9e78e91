import type { DataSource, EntityManager } from 'typeorm';
import { Agency, Notification, User } from '../../../entities';
import { fitToChannel } from '../outbox/message-limits';
import type { ChannelMessages, ChannelName } from '../outbox/messages';
import { groupNotice, staffOf } from '../outbox/recipients';
import { AUDIENCE_CHANNEL, parseAudience, type Audience, type AudienceMessage } from './audience';
import { staff } from '../../texts/staff.texts';

// Turns a reminder's audience into the person or chat holding that role now,
// just before it is sent: an agency whose head or group changed since the
// reminder was planned has the new one told. Someone who cannot be reached
// (no head named, no WeCom account, no openid) still has the message written
// to the console channel, as recipients.ts does, rather than lost.

export type Delivery = { [C in ChannelName]: { channel: C; target: string; message: ChannelMessages[C] } }[ChannelName];

export async function resolveAudience(em: EntityManager, audience: Audience, m: AudienceMessage): Promise<Delivery> {
  const staffMessage = { msgtype: m.markdown ? ('markdown' as const) : ('text' as const), content: m.text };
  switch (audience.kind) {
    case 'agency-group':
    case 'agency-head': {
      const agency = await em.findOneBy(Agency, { id: audience.agencyId });
      if (!agency) return { channel: 'console', target: staff.outbox.consoleAgencyId(audience.agencyId), message: staffMessage };
      const head = audience.kind === 'agency-head' && agency.headUserId ? await activeUser(em, agency.headUserId) : null;
      if (head) return { ...staffOf(head), message: staffMessage };
      const mention = m.mentionUserId ? (await activeUser(em, m.mentionUserId))?.wecomUserId : null;
      // No head named: the agency's group hears it instead.
      return groupNotice(agency, m.text, mention) as Delivery;
    }
    case 'user': {
      const user = await activeUser(em, audience.userId);
      return user ? { ...staffOf(user), message: staffMessage } : { channel: 'console', target: staff.outbox.consoleUserId(audience.userId), message: staffMessage };
    }
    case 'resident': {
      const user = await em.findOneBy(User, { id: audience.userId });
      if (user?.wechatOpenid && m.subscribe) return { channel: 'wx-subscribe', target: user.wechatOpenid, message: m.subscribe };
      return { channel: 'console', target: staff.outbox.consoleResidentId(audience.userId), message: staffMessage };
    }
  }
}

async function activeUser(em: EntityManager, id: number): Promise<User | null> {
  const u = await em.findOneBy(User, { id });
  return u?.active ? u : null;
}

// For the sender, on the rows it has just claimed (status 'sending', its
// lease token): every audience row becomes a row of its concrete channel in
// place, a long text's further parts become rows of their own, and a row
// whose channel another process sends (a Wechaty room) is handed back to the
// queue for it. Returns the rows to send now.
export async function resolveClaimedAudience(
  db: DataSource,
  rows: Notification[],
  token: string,
  available: (channel: string) => boolean,
): Promise<Notification[]> {
  const out: Notification[] = [];
  for (const row of rows) {
    if (row.channel !== AUDIENCE_CHANNEL) {
      out.push(row);
      continue;
    }
    const audience = parseAudience(row.target);
    const resolved: Delivery = audience
      ? await resolveAudience(db.manager, audience, row.payload as unknown as AudienceMessage)
      : { channel: 'console', target: row.target.slice(0, 200), message: { msgtype: 'text', content: String((row.payload as { text?: unknown }).text ?? '') } };
    const [first, ...rest] = fitToChannel(resolved.channel, resolved.message as never) as unknown as Array<Record<string, unknown>>;
    const here = available(resolved.channel);
    const kept = await db.transaction(async (em) => {
      const mine = { id: row.id, leaseToken: token, status: 'sending' as const };
      const change = here
        ? { channel: resolved.channel, target: resolved.target, payload: first! }
        : { channel: resolved.channel, target: resolved.target, payload: first!, status: 'pending' as const, leaseToken: null, leaseUntil: null };
      const r = await em.update(Notification, mine, change as never);
      if (!r.affected) return false;
      for (const [i, payload] of rest.entries()) {
        await em.insert(Notification, {
          ...row, id: undefined, channel: resolved.channel, target: resolved.target, payload, status: 'pending',
          leaseToken: null, leaseUntil: null, creditUserId: null, dedupeKey: `${row.dedupeKey}#${i + 2}`,
        } as never);
      }
      return here;
    });
    if (kept) out.push(Object.assign(row, { channel: resolved.channel, target: resolved.target, payload: first! }));
  }
  return out;
}
