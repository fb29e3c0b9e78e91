import type { Contact, Room, Wechaty } from 'wechaty';
import type { RoomDirectory } from '../../domain/agency-service';
import { DomainError } from '../../domain/errors';
import type { WechatyRoomMessage } from '../../domain/outbox/messages';
import { fromThrown, permanent, sent, transient, type Channel, type SendOutcome } from '../channel';
import { staff } from '../../texts/staff.texts';

// Posts into a room (a WeChat or WeCom group) through the Wechaty bot of this
// process (`npm run bot`). The target is the room's id; the people to @ are
// given by contact id, which with a WeCom puppet is their WeCom userid. Only
// members of the room can be mentioned: anyone else is left out of the @ list,
// and the text still goes.
export class WechatyRoomChannel implements Channel<'wechaty-room'> {
  readonly name = 'wechaty-room' as const;

  constructor(private readonly bot: Wechaty) {}

  async send(target: string, message: WechatyRoomMessage): Promise<SendOutcome> {
    // Not logged in yet (scanning, reconnecting): the room is there, the bot is not.
    if (!loggedIn(this.bot)) return transient('the Wechaty bot is not logged in');
    let room: Room | undefined;
    try {
      room = await this.bot.Room.find({ id: target });
    } catch (err) {
      return fromThrown(err);
    }
    // Wechaty answers "not found" for a room the bot is not in (left, removed, a wrong id).
    if (!room) return permanent(`room ${target} not found: the bot is not in it (bind the agency to a room the bot is in)`);
    try {
      const wanted = new Set(message.mentionIds ?? []);
      const mentions: Contact[] = wanted.size ? (await room.memberAll()).filter((m) => wanted.has(m.id)) : [];
      await room.say(message.text, ...mentions);
      return sent;
    } catch (err) {
      return fromThrown(err);
    }
  }
}

// Wechaty's `isLoggedIn` throws before the puppet has started.
function loggedIn(bot: Wechaty): boolean {
  try {
    return bot.isLoggedIn;
  } catch {
    return false;
  }
}

// The bot's rooms, for binding an agency to a room by its topic (RoomDirectory).
export function wechatyRoomDirectory(bot: Wechaty): RoomDirectory {
  const ready = () => {
    if (!loggedIn(bot)) throw new DomainError('BOT_NOT_READY', staff.wecom.wechatyNotReady, 503);
  };
  const describe = async (room: Room) => ({ id: room.id, topic: await room.topic() });
  return {
    async findById(id) {
      ready();
      const room = await bot.Room.find({ id });
      return room ? describe(room) : null;
    },
    async findByTopic(topic) {
      ready();
      const rooms = await bot.Room.findAll({ topic });
      return Promise.all(rooms.map(describe));
    },
  };
}
