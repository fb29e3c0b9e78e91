import type { Via } from '../../entities';

// The conversation core as its callers see it: the one inbound chat path
// (bot/inbound-text.ts, which the WeCom callbacks and the Wechaty adapter
// use) hands it a speaker's text and sends back its answer. The core itself is
// in bot/conversation.ts, built in server/wiring.ts.

export type ChatKind = 'group' | 'direct';

export interface Incoming {
  // The speaker's WeCom user id, which is how staff are known.
  from: string;
  text: string;
  via: Via;
  // A group chat is read by everyone in it (default: a one-to-one chat).
  chat?: ChatKind;
}

// What the bot says back: `reply` where the question was asked, and
// `privately`, when set, to the asker alone (details a group must not read).
export interface Answer {
  reply: string;
  privately?: string;
}

export interface Conversation {
  answer(incoming: Incoming): Promise<Answer | null>;
  // The reply where the question was asked, or null when there is nothing to say (an empty message).
  handle(incoming: Incoming): Promise<string | null>;
}
