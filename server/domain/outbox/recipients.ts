import type { Agency, User } from '../../../entities';
import type { ChannelMessages } from './messages';

// Where a message for an agency's group or for a member of staff goes. An
// agency without a robot key and a person without a WeCom account still get
// their message written down: it goes to the console channel, which an
// operator sees in the log and in the outbox list, instead of vanishing.

export type GroupDelivery =
  | { channel: 'wecom-webhook'; target: string }
  | { channel: 'console'; target: string };

export type StaffDelivery = { channel: 'wecom-app'; target: string } | { channel: 'console'; target: string };

export function groupOf(agency: Pick<Agency, 'name' | 'wecomWebhookKey'>): GroupDelivery {
  return agency.wecomWebhookKey
    ? { channel: 'wecom-webhook', target: agency.wecomWebhookKey }
    : { channel: 'console', target: `群:${agency.name}` };
}

export function staffOf(user: Pick<User, 'name' | 'wecomUserId'>): StaffDelivery {
  return user.wecomUserId ? { channel: 'wecom-app', target: user.wecomUserId } : { channel: 'console', target: `人:${user.name}` };
}

// A markdown card for a group, mentioning the person who should act.
export function groupCard(content: string, mention?: string | null): ChannelMessages['wecom-webhook'] {
  return { msgtype: 'markdown', content: mention ? `${content}\n<@${mention}>` : content };
}
