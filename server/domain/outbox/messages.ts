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
  // The development stand-in prints whatever it is given.
  console: WecomWebhookMessage | WecomAppMessage | WxSubscribeMessage;
}

export type ChannelName = keyof ChannelMessages;
export const CHANNEL_NAMES: readonly ChannelName[] = ['wecom-webhook', 'wecom-app', 'wx-subscribe', 'console'];
