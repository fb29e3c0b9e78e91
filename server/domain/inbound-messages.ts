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
