import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { InboundMessage } from '../../entities';
import { isUniqueViolation } from '../db/db-errors';

// Messages that arrive from chat (WeCom callbacks, Wechaty) are acted on once:
// WeCom retries what it thinks went unanswered, a puppet may deliver a message
// again after reconnecting.

// The unique index is case-insensitive on MySQL (utf8mb4_unicode_520_ci), and
// message ids are case-sensitive (a robot's msgid is base64): ids that are not
// plain digits are stored as their SHA-256, which has one case.
export function messageKey(id: string): string {
  return /^[0-9]{1,64}$/.test(id) ? id : `sha256:${createHash('sha256').update(id, 'utf8').digest('hex')}`;
}

// True the first time this message id is seen from this source; a retry of
// the same message (WeCom retries what it thinks went unanswered) is false.
export async function claimOnce(db: DataSource, source: string, id: string, now: Date): Promise<boolean> {
  try {
    await db.getRepository(InboundMessage).insert({ source, messageId: messageKey(id), receivedAt: now });
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

// One chat message as every way in hands it over, decoded: the WeCom robot's
// callback, the WeCom app's callback, the Wechaty bot. What happens next
// (acted on once, who is speaking, the conversation, the answer, the private
// details, the kick) is one function for all three: bot/inbound-text.ts.
export type InboundSource = 'wecom-bot' | 'wecom-app' | 'wechaty';

export interface InboundText {
  source: InboundSource;
  // The id the source gives the message, for acting on it once.
  messageId: string;
  // The speaker's WeCom userid (with Wechaty: their contact id, see bot/wechaty/).
  speakerUserId: string;
  // Anyone else in the chat reads a group answer; details go to the speaker privately.
  chatKind: 'group' | 'direct';
  text: string;
  replyTarget: ReplyTarget;
  // What the adapter knows that helps someone reading the log (a room id, a name).
  logContext?: Record<string, unknown>;
}

// An answer written to the outbox in its own transaction, for the WeCom sender.
export type ReplyNotice =
  | { channel: 'wecom-bot-reply'; target: string; message: { msgtype: 'markdown'; content: string } }
  | { channel: 'wecom-app'; target: string; message: { msgtype: 'text' | 'markdown'; content: string } };

// Where the answer goes, as the adapter that decoded the message knows it.
export type ReplyTarget =
  // A row for the outbox (WeCom: the robot's response_url, the app's user).
  | { kind: 'outbox'; notice(answer: string): ReplyNotice }
  // Said at once over the adapter's own live connection (the Wechaty bot is this process).
  | { kind: 'say'; say(answer: string): Promise<void> }
  // Nowhere to answer (a robot message without a usable response_url): logged, the rest still happens.
  | { kind: 'none'; why: string };

export type InboundTextHandler = (message: InboundText) => Promise<void>;
