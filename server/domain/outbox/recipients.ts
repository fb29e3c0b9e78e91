import type { Agency, User } from '../../../entities';
import { mentionOf } from './markdown-text';
import type { ChannelMessages } from './messages';
import { staff } from '../../texts/staff.texts';

// Where a message for an agency's group or for a member of staff goes. An
// agency's group is its WeCom group robot (webhook key) if it has one, else
// the room bound to the Wechaty bot. An agency with neither and a person
// without a WeCom account still get their message written down: it goes to
// the console channel, which an operator sees in the log and in the outbox
// list, instead of vanishing.

export type GroupDelivery =
  | { channel: 'wecom-webhook'; target: string }
  | { channel: 'wechaty-room'; target: string }
  | { channel: 'console'; target: string };

type GroupAgency = Pick<Agency, 'name' | 'wecomWebhookKey' | 'wechatyRoomId'>;

export type StaffDelivery = { channel: 'wecom-app'; target: string } | { channel: 'console'; target: string };

export function groupOf(agency: GroupAgency): GroupDelivery {
  if (agency.wecomWebhookKey) return { channel: 'wecom-webhook', target: agency.wecomWebhookKey };
  if (agency.wechatyRoomId) return { channel: 'wechaty-room', target: agency.wechatyRoomId };
  return { channel: 'console', target: staff.outbox.consoleGroup(agency.name) };
}

// Whether the agency has a group chat the product can post into.
export function hasGroup(agency: GroupAgency): boolean {
  return groupOf(agency).channel !== 'console';
}

export function staffOf(user: Pick<User, 'name' | 'wecomUserId'>): StaffDelivery {
  return user.wecomUserId ? { channel: 'wecom-app', target: user.wecomUserId } : { channel: 'console', target: staff.outbox.consolePerson(user.name) };
}

// A markdown card for a group, mentioning the person who should act.
export function groupCard(content: string, mention?: string | null): ChannelMessages['wecom-webhook'] {
  const at = mentionOf(mention);
  return { msgtype: 'markdown', content: at ? `${content}\n${at}` : content };
}

export type GroupNotice =
  | { channel: 'wecom-webhook'; target: string; message: ChannelMessages['wecom-webhook'] }
  | { channel: 'wechaty-room'; target: string; message: ChannelMessages['wechaty-room'] }
  | { channel: 'console'; target: string; message: ChannelMessages['wecom-webhook'] };

// The card for the agency's group in the form its channel takes: markdown with
// `<@userid>` for the WeCom robot, plain text with a Wechaty @-mention for a
// bound room (a chat room shows markdown as its raw marks).
export function groupNotice(agency: GroupAgency, content: string, mention?: string | null): GroupNotice {
  const to = groupOf(agency);
  if (to.channel === 'wechaty-room') {
    return { ...to, message: { text: markdownToText(content), ...(mention ? { mentionIds: [mention] } : {}) } };
  }
  return { ...to, message: groupCard(content, mention) };
}

// The WeCom markdown the cards use (bold, quotes, coloured fonts, code) as plain text.
export function markdownToText(markdown: string): string {
  return markdown
    .replace(/<font[^>]*>([\s\S]*?)<\/font>/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/^> ?/gm, '');
}
