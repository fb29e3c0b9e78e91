import type { AudienceMessage } from '../reminders/audience';

// What each channel carries. Domain code builds these; the channels turn them
// into the wire format of their API.

export type WecomWebhookMessage =
  | { msgtype: 'text'; content: string; mentionedList?: string[]; mentionedMobileList?: string[] }
  | { msgtype: 'markdown'; content: string }
  | { msgtype: 'image'; base64: string; md5: string };

export interface WecomAppMessage {
  msgtype: 'text' | 'markdown';
  content: string;
}

// The intelligent robot's answer to one message, POSTed once to that
// message's response_url (the target).
export interface WecomBotReplyMessage {
  msgtype: 'markdown';
  content: string;
}

// A post into a WeChat/WeCom room through the Wechaty bot (`npm run bot`):
// plain text, and the contacts (by Wechaty contact id, which with a WeCom
// puppet is the WeCom userid) the bot @-mentions in it.
export interface WechatyRoomMessage {
  text: string;
  mentionIds?: string[];
}

// Subscribe messages use templates chosen in the mini-program's admin console;
// `data` holds our field names, the channel maps them to the template's keys.
export const SUBSCRIBE_TEMPLATES = ['hearing_reminder', 'dispute_reply', 'dispute_status'] as const;
export type SubscribeTemplate = (typeof SUBSCRIBE_TEMPLATES)[number];

export interface WxSubscribeMessage {
  template: SubscribeTemplate;
  page?: string;
  data: Record<string, string>;
}

export interface ChannelMessages {
  'wecom-webhook': WecomWebhookMessage;
  'wecom-app': WecomAppMessage;
  'wx-subscribe': WxSubscribeMessage;
  'wechaty-room': WechatyRoomMessage;
  'wecom-bot-reply': WecomBotReplyMessage;
  // Not a channel: a reminder for a role, resolved to one of the above when sent.
  audience: AudienceMessage;
  // The development stand-in prints whatever it is given.
  console: WecomWebhookMessage | WecomAppMessage | WxSubscribeMessage;
}

export type ChannelName = keyof ChannelMessages;
export const CHANNEL_NAMES: readonly ChannelName[] = ['wecom-webhook', 'wecom-app', 'wx-subscribe', 'wechaty-room', 'wecom-bot-reply', 'console', 'audience'];
