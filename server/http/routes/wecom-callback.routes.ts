import { createHash } from 'node:crypto';
import Router from '@koa/router';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Context } from 'koa';
import type { Logger } from 'pino';
import type { Background } from '../background';
import type { DataSource } from 'typeorm';
import { InboundMessage } from '../../../entities';
import type { Conversation } from '../../../bot/conversation';
import { isUniqueViolation } from '../../db/db-errors';
import { DomainError } from '../../domain/errors';
import type { Services } from '../../services';
import { verifyAndDecrypt } from '../wecom/wecom-crypto';

// Way 2: the self-built app's callback (接收消息). WeCom checks the URL with a
// GET whose echostr we decrypt and echo; messages come as POSTed XML whose
// <Encrypt> holds the real message, sealed with the corp id as receive id.
// A text message goes to the conversation core in the background; its answer
// leaves through the outbox as an app message. WeCom waits five seconds and
// then retries, so the POST is answered at once with an empty body, and each
// MsgId is acted on once.

export const WECOM_BODY_LIMIT = 64 * 1024;

// A WeCom user id: letters, digits, "_", "-", "@", "." (never "|", which would
// address several people at once in an app message).
export const WECOM_USERID = /^[A-Za-z0-9_.@-]{1,64}$/;

export interface WecomRouteDeps {
  db: DataSource;
  services: Services;
  logger: Logger;
  conversation: Conversation;
  kickOutbox: () => void;
  background: Background;
  now: () => Date;
  maxSkewS: number;
}

export interface WecomAppCallbackConfig {
  token: string;
  aesKey: string;
  corpId: string;
}

const badRequest = (message = '企业微信回调的内容格式不正确') => new DomainError('WECOM_BAD_REQUEST', message, 400);
const badXml = () => new DomainError('WECOM_BAD_XML', '企业微信回调的 XML 格式不正确', 400);
const badMessage = () => new DomainError('WECOM_BAD_MESSAGE', '企业微信回调的消息缺少必要字段', 400);

export function wecomCallbackRoutes(deps: WecomRouteDeps & { app: WecomAppCallbackConfig }): Router {
  const router = new Router();
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
      const envelope = parseWecomXml(await readBody(ctx));
      const message = parseWecomXml(open(ctx, envelope.Encrypt), { insideCiphertext: true });
      // Events (entering the app, menu clicks) and pictures, voice, … are not commands.
      if (message.MsgType !== 'text') return answered(ctx);
      const from = message.FromUserName;
      const msgId = message.MsgId;
      const text = message.Content;
      if (!from || !WECOM_USERID.test(from) || !msgId || !/^[0-9A-Za-z_-]{1,64}$/.test(msgId) || text === undefined) throw badMessage();
      if (!(await claimOnce(deps.db, 'wecom-app', msgId, deps.now()))) {
        ctx.state.log?.info({ source: 'wecom-app', msgId }, 'wecom message seen before: ignored');
        return answered(ctx);
      }
      answered(ctx);
      deps.background.run(ctx.state.log ?? deps.logger, { source: 'wecom-app', msgId }, async () => {
        const reply = await deps.conversation.handle({ from, text, via: 'wecom' });
        if (!reply) return;
        const written = await deps.db.transaction((em) =>
          deps.services.outbox.enqueue(em, {
            channel: 'wecom-app',
            target: from,
            message: { msgtype: 'text', content: reply },
            dueAt: deps.now(),
            dedupeKey: `wecom-app-reply:${messageKey(msgId)}`,
          }),
        );
        if (written) deps.kickOutbox();
      });
    }),
  );
  return router;
}

// ---- shared by both callbacks ----

// 200 with an empty body: WeCom takes it as "received, no passive reply".
export function answered(ctx: Context): void {
  ctx.status = 200;
  ctx.type = 'text/plain';
  ctx.body = '';
}

// Refusals are logged with their code (the access log has only the status),
// then answered by the error handler as 4xx JSON.
export async function refusalsLogged(ctx: Context, source: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof DomainError && err.status < 500) {
      ctx.state.log?.warn({ source, code: err.code, ip: ctx.ip }, `wecom callback refused: ${err.message}`);
    }
    throw err;
  }
}

// The query decoder turns a "+" that was not percent-encoded into a space;
// base64 has no spaces, so they can only be pluses.
export function echostrOf(ctx: Context): unknown {
  const v = ctx.query.echostr;
  return typeof v === 'string' ? v.replace(/ /g, '+') : v;
}

// The raw body, at most WECOM_BODY_LIMIT bytes of UTF-8. The JSON body parser
// of the API does not run for these routes (they are mounted before it).
export async function readBody(ctx: Context, limit = WECOM_BODY_LIMIT): Promise<string> {
  const tooLarge = () => {
    // The rest of the body is not read; the connection cannot be reused.
    ctx.set('connection', 'close');
    return new DomainError('PAYLOAD_TOO_LARGE', '提交的内容过大', 413);
  };
  const declared = ctx.request.length;
  if (declared !== undefined && declared > limit) throw tooLarge();
  const encoding = ctx.get('content-encoding').toLowerCase();
  if (encoding && encoding !== 'identity') throw new DomainError('UNSUPPORTED_MEDIA_TYPE', '不支持的内容编码', 415);
  const req = ctx.req;
  const body = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (err: Error | null) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onAborted);
      if (err) reject(err);
      else resolve(Buffer.concat(chunks));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.pause();
      done(tooLarge());
    };
    const onEnd = () => done(null);
    const onError = () => done(badRequest('请求内容读取失败'));
    const onAborted = () => done(badRequest('请求内容读取失败'));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onAborted);
  });
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw badRequest('请求内容不是 UTF-8 文本');
  }
}

const xml = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false, // a MsgId is a 64-bit number: keep it a string
  trimValues: false,
  cdataPropName: '#cdata',
});

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

// Only the five predefined entities and character references, in one pass:
// nothing is looked up, nothing expands into more markup.
function decodeText(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});/g, (m, name: string) => {
    if (name[0] !== '#') return PREDEFINED[name]!;
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : m;
  });
}

// The children of <xml> that hold text, by name. A document type (and so any
// entity declaration) is refused before parsing: no expansion, no external
// entity, whatever the parser would have done.
export function parseWecomXml(text: string, opts: { insideCiphertext?: boolean } = {}): Record<string, string | undefined> {
  // Inside the decrypted message, a chat text may say "<!DOCTYPE" in a CDATA section; that is content, not markup.
  const markup = opts.insideCiphertext ? text.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '') : text;
  if (/<!DOCTYPE|<!ENTITY/i.test(markup)) throw new DomainError('WECOM_XML_REFUSED', '企业微信回调的 XML 含有文档类型或实体声明，已拒绝', 400);
  if (XMLValidator.validate(text) !== true) throw badXml();
  let doc: unknown;
  try {
    doc = xml.parse(text);
  } catch {
    throw badXml();
  }
  const root = (doc as { xml?: unknown } | null)?.xml;
  if (!root || typeof root !== 'object' || Array.isArray(root)) throw badXml();
  const out: Record<string, string | undefined> = Object.create(null);
  for (const [name, value] of Object.entries(root as Record<string, unknown>)) {
    if (typeof value === 'string') out[name] = decodeText(value).trim();
    else if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1) {
      const cdata = (value as Record<string, unknown>)['#cdata'];
      if (typeof cdata === 'string') out[name] = cdata;
      else if (Array.isArray(cdata) && cdata.every((c) => typeof c === 'string')) out[name] = cdata.join('');
    }
  }
  return out;
}

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

