import Router from '@koa/router';
import type { Context } from 'koa';
import { DomainError } from '../../domain/errors';
import { verifyAndDecrypt } from '../wecom/wecom-crypto';
import {
  answered, echostrOf, readBody, refusalsLogged, WECOM_USERID, type WecomRouteDeps,
} from '../wecom/wecom-inbound';
import type { InboundText } from '../../domain/inbound-messages';
import { encryptOfEnvelope, parseWecomXml } from '../wecom/wecom-xml';
import { staff } from '../../texts/staff.texts';

// Way 2: the self-built app's callback (接收消息). WeCom checks the URL with a
// GET whose echostr we decrypt and echo; messages come as POSTed XML whose
// <Encrypt> holds the real message, sealed with the corp id as receive id.
// A text message goes the one inbound path (bot/inbound-text.ts) in the
// background; its answer leaves through the outbox as an app message. WeCom
// waits five seconds and then retries, so the POST is answered at once with
// an empty body, and each MsgId is acted on once.

export interface WecomAppCallbackConfig {
  token: string;
  aesKey: string;
  corpId: string;
}

const badMessage = () => new DomainError('WECOM_BAD_MESSAGE', staff.wecom.messageIncomplete, 400);

export function wecomCallbackRoutes(
  deps: WecomRouteDeps & { app: WecomAppCallbackConfig; parseXml?: typeof parseWecomXml },
): Router {
  const router = new Router();
  const parseXml = deps.parseXml ?? parseWecomXml;
  const { token, aesKey, corpId } = deps.app;
  const open = (ctx: Context, encrypt: unknown) =>
    verifyAndDecrypt({
      token, aesKey, receiveId: corpId, encrypt, now: deps.now(), maxSkewS: deps.maxSkewS,
      signature: ctx.query.msg_signature, timestamp: ctx.query.timestamp, nonce: ctx.query.nonce,
    });

  router.get('/wecom/callback', (ctx) =>
    refusalsLogged(ctx, 'wecom-app', async () => {
      const echo = open(ctx, echostrOf(ctx));
      ctx.type = 'text/plain';
      ctx.body = echo;
    }),
  );

  router.post('/wecom/callback', (ctx) =>
    refusalsLogged(ctx, 'wecom-app', async () => {
      // Signature first, XML after: only a message WeCom signed reaches the parser.
      const encrypt = encryptOfEnvelope(await readBody(ctx));
      const message = parseXml(open(ctx, encrypt), { insideCiphertext: true });
      // Events (entering the app, menu clicks) and pictures, voice, … are not commands.
      if (message.MsgType !== 'text') return answered(ctx);
      const from = message.FromUserName;
      const msgId = message.MsgId;
      const text = message.Content;
      if (!from || !WECOM_USERID.test(from) || !msgId || !/^[0-9A-Za-z_-]{1,64}$/.test(msgId) || text === undefined) throw badMessage();
      answered(ctx);
      // App messages are one-to-one: the answer goes back to the speaker as an app message.
      const inbound: InboundText = {
        source: 'wecom-app', messageId: msgId, speakerUserId: from, chatKind: 'direct', text,
        replyTarget: { kind: 'outbox', notice: (answer) => ({ channel: 'wecom-app', target: from, message: { msgtype: 'text', content: answer } }) },
      };
      deps.background.run(ctx.state.log ?? deps.logger, { source: 'wecom-app', msgId }, () => deps.inbound(inbound));
    }),
  );
  return router;
}
