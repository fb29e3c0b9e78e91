import Router from '@koa/router';
import type { Context } from 'koa';
import { DomainError } from '../../domain/errors';
import { BYTE_LIMITS, trimToBytes } from '../../domain/outbox/message-limits';
import { verifyAndDecrypt } from '../wecom/wecom-crypto';
import {
  answered, echostrOf, readBody, refusalsLogged, WECOM_USERID, type WecomRouteDeps,
} from '../wecom/wecom-inbound';
import type { InboundText } from '../../domain/inbound-messages';
import { mentionOf } from '../../domain/outbox/markdown-text';
import { staff } from '../../texts/staff.texts';

// Way 1: the intelligent robot (智能机器人) in officials' group chats. The URL
// is checked with a GET like the app's; each message is POSTed as JSON
// {"encrypt": …} sealed with an empty receive id, and decrypts to JSON:
//   {msgid, aibotid, chatid?, chattype: "single"|"group", from: {userid},
//    response_url, msgtype: "text", text: {content: "@机器人 回复 JF-… …"}}
// (developer.work.weixin.qq.com/document/path/100719). The answer goes back
// once, through the message's response_url (document/path/101138: POST
// {msgtype: "markdown", markdown: {content}}, usable once, for an hour), via
// the outbox; the POST itself is answered at once with an empty body. What
// happens to the text is the one inbound path (bot/inbound-text.ts).

export interface WecomBotCallbackConfig {
  token: string;
  aesKey: string;
}

const badRequest = () => new DomainError('WECOM_BAD_REQUEST', staff.wecom.botNotEncrypted, 400);
const badMessage = () => new DomainError('WECOM_BAD_MESSAGE', staff.wecom.botMessageIncomplete, 400);

const str = (v: unknown, max: number): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseJson(text: string, error: () => DomainError): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw error();
  }
  if (!isObject(value)) throw error();
  return value;
}

// The notification target column holds 255 characters.
const MAX_RESPONSE_URL = 255;
const TRIMMED = staff.wecom.botReplyTrimmed;

export function wecomBotRoutes(deps: WecomRouteDeps & { bot: WecomBotCallbackConfig }): Router {
  const router = new Router();
  const { token, aesKey } = deps.bot;
  const open = (ctx: Context, encrypt: unknown) =>
    verifyAndDecrypt({
      token, aesKey, receiveId: '', encrypt, now: deps.now(), maxSkewS: deps.maxSkewS,
      signature: ctx.query.msg_signature, timestamp: ctx.query.timestamp, nonce: ctx.query.nonce,
    });

  router.get('/wecom/bot', (ctx) =>
    refusalsLogged(ctx, 'wecom-bot', async () => {
      const echo = open(ctx, echostrOf(ctx));
      ctx.type = 'text/plain';
      ctx.body = echo;
    }),
  );

  router.post('/wecom/bot', (ctx) =>
    refusalsLogged(ctx, 'wecom-bot', async () => {
      const envelope = parseJson(await readBody(ctx), badRequest);
      const message = parseJson(open(ctx, envelope.encrypt), badMessage);
      // Stream refreshes, events, pictures, voice, files: nothing to answer.
      if (message.msgtype !== 'text') return answered(ctx);
      const msgId = str(message.msgid, 128);
      const from = isObject(message.from) ? str(message.from.userid, 64) : undefined;
      const text = isObject(message.text) && typeof message.text.content === 'string' ? message.text.content : undefined;
      if (!msgId || /\s/.test(msgId) || !from || !WECOM_USERID.test(from) || text === undefined) throw badMessage();
      const target = str(message.response_url, MAX_RESPONSE_URL);
      const group = message.chattype === 'group';
      answered(ctx);
      const inbound: InboundText = {
        source: 'wecom-bot', messageId: msgId, speakerUserId: from, chatKind: group ? 'group' : 'direct', text,
        logContext: { chattype: message.chattype },
        replyTarget: target
          ? {
              kind: 'outbox',
              // A response_url takes one message: a long answer is cut, not split.
              // In a group the answer names whom it answers: several people may be asking at once.
              notice: (answer) => ({
                channel: 'wecom-bot-reply', target,
                message: { msgtype: 'markdown', content: trimToBytes([group && mentionOf(from), answer].filter(Boolean).join(' '), BYTE_LIMITS['wecom-bot-reply'].markdown, TRIMMED) },
              }),
            }
          : { kind: 'none', why: 'a WeCom robot message without a usable response_url' },
      };
      deps.background.run(ctx.state.log ?? deps.logger, { source: 'wecom-bot', msgId }, () => deps.inbound(inbound));
    }),
  );
  return router;
}
