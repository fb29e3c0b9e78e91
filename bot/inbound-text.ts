import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Via } from '../entities';
import { claimOnce, messageKey, type InboundSource, type InboundText, type InboundTextHandler } from '../server/domain/inbound-messages';
import type { Services } from '../server/services';
import { STRANGER_REPLY, type Answer, type Conversation } from './conversation';
import { staff } from '../server/texts/staff.texts';

// The one path of a chat message into the product, whichever way it came in
// (server/http/routes/wecom-bot.routes.ts, wecom-callback.routes.ts,
// bot/wechaty/wechaty-adapter.ts; each only decodes and says where an answer
// goes): acted on once, the conversation core, the answer to the reply
// target, the private part of it to the speaker as a WeCom app message, and
// the outbox sender kicked when anything was written.

export interface InboundTextDeps {
  db: DataSource;
  services: Services;
  conversation: Conversation;
  logger: Logger;
  now: () => Date;
  // Runs the outbox sender now, so an answer need not wait for the next tick.
  kickOutbox: () => void;
}

export const FAILURE_REPLY = staff.bot.failureReply;

const VIA: Record<InboundSource, Via> = { 'wecom-bot': 'wecom', 'wecom-app': 'wecom', wechaty: 'wechaty' };

export function createInboundText(deps: InboundTextDeps): InboundTextHandler {
  return async function handleInboundText(m: InboundText): Promise<void> {
    const about = { source: m.source, messageId: m.messageId, ...m.logContext };
    const log = deps.logger;
    if (!(await claimOnce(deps.db, m.source, m.messageId, deps.now()))) {
      log.info(about, 'chat message seen before: ignored');
      return;
    }

    let answer: Answer | null;
    try {
      answer = await deps.conversation.answer({ from: m.speakerUserId, text: m.text, via: VIA[m.source], chat: m.chatKind });
    } catch (err) {
      // The speaker hears that something went wrong rather than nothing.
      log.error({ err, ...about }, 'chat: the conversation failed');
      answer = { reply: FAILURE_REPLY };
    }
    if (!answer) return;
    if (answer.reply === STRANGER_REPLY) {
      log.info({ ...about, speakerUserId: m.speakerUserId }, 'chat message from someone no user has as wecomUserId');
    }

    const target = m.replyTarget;
    if (target.kind === 'none') log.warn(about, `chat: the answer is not sent: ${target.why}`);
    if (target.kind === 'say') await target.say(answer.reply);
    const key = messageKey(m.messageId);
    const { outbox } = deps.services;
    const written = await deps.db.transaction(async (em) => {
      let n = 0;
      if (target.kind === 'outbox') {
        n += await outbox.enqueue(em, { ...target.notice(answer.reply), dueAt: deps.now(), dedupeKey: `${m.source}-reply:${key}` } as Parameters<typeof outbox.enqueue>[1]);
      }
      // Details for the speaker's eyes only: an app message to them, whatever chat the question came from.
      if (answer.privately) {
        n += await outbox.enqueue(em, {
          channel: 'wecom-app', target: m.speakerUserId, message: { msgtype: 'text', content: answer.privately },
          dueAt: deps.now(), dedupeKey: `${m.source}-private:${key}`,
        });
      }
      return n;
    });
    if (written || target.kind === 'say') deps.kickOutbox();
  };
}
