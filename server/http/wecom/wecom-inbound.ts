import type { Context } from 'koa';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { DomainError } from '../../domain/errors';
import type { InboundTextHandler } from '../../domain/inbound-messages';
import type { Background } from '../background';
import { common } from '../../texts/resident.texts';
import { staff } from '../../texts/staff.texts';

// What both WeCom callbacks (the app's XML, the robot's JSON) share: the
// body read with its limit, the empty answer, refusals logged with their
// code. What happens to a text is the one inbound path (server/domain/inbound-messages.ts).

export const badRequest = (message: string = staff.wecom.badRequest) => new DomainError('WECOM_BAD_REQUEST', message, 400);

export const WECOM_BODY_LIMIT = 64 * 1024;

// A WeCom user id: letters, digits, "_", "-", "@", "." (never "|", which would
// address several people at once in an app message).
export const WECOM_USERID = /^[A-Za-z0-9_.@-]{1,64}$/;

export interface WecomRouteDeps {
  db: DataSource;
  logger: Logger;
  // Everything after decoding: acted on once, the conversation, the answer (bot/inbound-text.ts).
  inbound: InboundTextHandler;
  background: Background;
  now: () => Date;
  maxSkewS: number;
}

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
  // The error handler reads and drops the rest of the body before it answers.
  const tooLarge = () => new DomainError('PAYLOAD_TOO_LARGE', common.http.tooLarge, 413);
  const declared = ctx.request.length;
  if (declared !== undefined && declared > limit) throw tooLarge();
  const encoding = ctx.get('content-encoding').toLowerCase();
  if (encoding && encoding !== 'identity') throw new DomainError('UNSUPPORTED_MEDIA_TYPE', common.http.unsupportedEncoding, 415);
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
    const onError = () => done(badRequest(staff.wecom.readFailed));
    const onAborted = () => done(badRequest(staff.wecom.readFailed));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onAborted);
  });
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw badRequest(staff.wecom.notUtf8);
  }
}
