import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { types, type Contact, type Message, type Room, type Wechaty } from 'wechaty';
import { systemClock } from '../../server/domain/clock';
import { claimOnce } from '../../server/domain/inbound-messages';
import { parseCommand, type CommandSpec } from '../command-parser';
import { commandTable, STRANGER_REPLY, type Conversation } from '../conversation';

// Way 3 into the conversation core: a Wechaty bot in the committees' and
// agencies' group chats (and in one-to-one chats).
//
// Who is speaking: the talker's Wechaty contact id is taken as their WeCom
// userid, which is how staff are registered (user.wecomUserId). With a WeCom
// puppet (a WeCom account through wechaty-puppet-service) the contact id of a
// member of the corp is their WeCom userid. With another puppet the ids are
// that puppet's own: register those instead (a message from an unknown
// contact is logged with its id, for exactly that).
//
// What is handled: every direct text message, and in a room only a text that
// @-mentions the bot or starts with a known command, so the bot stays out of
// people's conversations. Its own messages and anything but text are ignored.
// The answer goes back where the message came from: in a room, @-mentioning
// the speaker; otherwise to the speaker directly.

export interface WechatyAdapterDeps {
  conversation: Conversation;
  db: DataSource;
  logger: Logger;
  // The command table the conversation uses (default: the standard one).
  commands?: readonly CommandSpec[];
  now?: () => Date;
  // After an answer: the command may have written to the outbox, so run the sender now.
  onHandled?: () => void;
}

export const FAILURE_REPLY = '抱歉，系统暂时出了点问题，请稍后再试。';

// Returns a function that detaches the adapter again.
export function attachWechaty(bot: Wechaty, deps: WechatyAdapterDeps): () => void {
  const commands = deps.commands ?? commandTable();
  const now = deps.now ?? (() => systemClock.now());
  const log = deps.logger;

  const onMessage = (msg: Message) => {
    handle(msg).catch((err: unknown) => log.error({ err, messageId: msg.id }, 'wechaty: message not handled'));
  };
  // Wechaty emits 'error' for lookups that fail (a room it cannot find); an
  // EventEmitter without a listener would throw it instead.
  const onError = (err: unknown) => log.warn({ err }, 'wechaty: error');

  async function handle(msg: Message): Promise<void> {
    if (msg.self()) return;
    if (msg.type() !== types.Message.Text) return;
    const talker = msg.talker();
    const room = msg.room();
    let text = msg.text();
    if (room) {
      if (await msg.mentionSelf()) text = await withoutSelfMention(bot, room, text);
      else if (!startsWithCommand(text, commands)) return;
    }
    if (!(await claimOnce(deps.db, 'wechaty', msg.id, now()))) {
      log.info({ messageId: msg.id }, 'wechaty: message seen before, skipped');
      return;
    }

    let answer: string | null;
    try {
      answer = await deps.conversation.handle({ from: talker.id, text, via: 'wechaty' });
    } catch (err) {
      log.error({ err, messageId: msg.id }, 'wechaty: the conversation failed');
      answer = FAILURE_REPLY;
    }
    if (answer === STRANGER_REPLY) {
      log.info({ contactId: talker.id, name: talker.name(), roomId: room?.id }, 'wechaty: message from a contact no user has as wecomUserId');
    }
    if (answer) await say(room, talker, answer);
    deps.onHandled?.();
  }

  bot.on('message', onMessage as never);
  bot.on('error', onError as never);
  return () => {
    bot.off('message', onMessage as never);
    bot.off('error', onError as never);
  };
}

async function say(room: Room | undefined, talker: Contact, text: string): Promise<void> {
  if (room) await room.say(text, talker);
  else await talker.say(text);
}

// A room message is for the bot without an @ when it begins with a command
// (well formed or not: a malformed one is answered with its usage).
export function startsWithCommand(text: string, commands: readonly CommandSpec[]): boolean {
  const parsed = parseCommand(text, commands);
  return parsed.ok || parsed.error === 'usage';
}

// "@机器人 回复 …" or "回复 … @机器人": the bot's own @ taken out, by the name
// the room shows for it. Other people's mentions stay in the text.
async function withoutSelfMention(bot: Wechaty, room: Room, text: string): Promise<string> {
  const self = bot.currentUser;
  const names = [await room.alias(self).catch(() => undefined), self.name()].filter((n): n is string => !!n);
  let out = text;
  for (const name of names) {
    out = out.replace(new RegExp(`[@＠]${escapeRegExp(name)}(?:[\\s\\u2005\\u3000]|$)`, 'g'), ' ');
  }
  return out.trim();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
