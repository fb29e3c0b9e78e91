import type { Logger } from 'pino';
import { types, type Message, type Room, type Wechaty } from 'wechaty';
import type { InboundTextHandler } from '../../server/domain/inbound-messages';
import { parseCommand, type CommandSpec } from '../command-parser';
import { commandTable } from '../conversation';

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
// the speaker; otherwise to the speaker directly. Everything between is the
// one inbound path (bot/inbound-text.ts).

export interface WechatyAdapterDeps {
  // Everything after decoding: acted on once, the conversation, the answer (bot/inbound-text.ts).
  inbound: InboundTextHandler;
  logger: Logger;
  // The command table the conversation uses (default: the standard one).
  commands?: readonly CommandSpec[];
}

// Returns a function that detaches the adapter again.
export function attachWechaty(bot: Wechaty, deps: WechatyAdapterDeps): () => void {
  const commands = deps.commands ?? commandTable();
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
    await deps.inbound({
      source: 'wechaty', messageId: msg.id, speakerUserId: talker.id, chatKind: room ? 'group' : 'direct', text,
      // The contact id is logged with a stranger's answer: it is what an admin registers.
      logContext: { contactId: talker.id, name: talker.name(), roomId: room?.id },
      // The bot in this process is the connection: the answer is said at once, in a room @-mentioning the speaker.
      replyTarget: { kind: 'say', say: (answer) => (room ? room.say(answer, talker) : talker.say(answer)).then(() => undefined) },
    });
  }

  bot.on('message', onMessage as never);
  bot.on('error', onError as never);
  return () => {
    bot.off('message', onMessage as never);
    bot.off('error', onError as never);
  };
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
