import type { Via } from '../../entities';

// The conversation core as its callers see it: the WeCom callbacks (server/http)
// and the Wechaty adapter hand it a speaker's text and send back its answer.
// The core itself is in bot/conversation.ts; the HTTP app receives one as a
// dependency, so server/http never imports the bot.

export interface Incoming {
  // The speaker's WeCom user id, which is how staff are known.
  from: string;
  text: string;
  via: Via;
}

export interface Conversation {
  // The reply to send back, or null when there is nothing to say (an empty message).
  handle(incoming: Incoming): Promise<string | null>;
}
