import type { Middleware } from 'koa';
import { isConnectionError } from '../../db/db-errors';
import { DomainError } from '../../domain/errors';
import { discardBody } from '../discard-body';
import { common } from '../../texts/resident.texts';

// The one place errors become HTTP. People read `message` (Chinese), programs
// read `code`; a stack trace never leaves the process.

interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  code?: unknown;
}

function fromHttpError(err: HttpishError): DomainError | null {
  // A body sent as gzip/deflate/br that does not inflate: zlib's error carries
  // no status (gzip and deflate say Z_DATA_ERROR…, brotli ERR__ERROR_FORMAT_…).
  if (typeof err?.code === 'string' && /^(Z_(DATA_ERROR|BUF_ERROR|NEED_DICT)|ERR__ERROR_\w+)$/.test(err.code)) {
    return new DomainError('INVALID_CONTENT_ENCODING', common.http.cannotInflate, 400);
  }
  const status = err?.status ?? err?.statusCode;
  if (!status || status < 400 || status >= 500) return null;
  if (status === 413 || err.type === 'entity.too.large') {
    return new DomainError('PAYLOAD_TOO_LARGE', common.http.tooLarge, 413);
  }
  if (status === 415 || err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') {
    return new DomainError('UNSUPPORTED_MEDIA_TYPE', common.http.unsupportedEncoding, 415);
  }
  // co-body marks a body that is not JSON (or that tries __proto__) as a SyntaxError with status 400.
  if (err instanceof SyntaxError || err.type === 'entity.parse.failed' || err.type === 'entity.verify.failed') {
    return new DomainError('INVALID_JSON', common.http.invalidJson, 400);
  }
  if (status === 400) return new DomainError('BAD_REQUEST', common.http.badRequest, 400);
  return null;
}

export function errorHandler(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new DomainError('NOT_FOUND', common.http.noSuchRoute, 404);
      }
      if (ctx.status === 405 && (ctx.body === undefined || typeof ctx.body === 'string')) {
        throw new DomainError('METHOD_NOT_ALLOWED', common.http.methodNotAllowed, 405);
      }
    } catch (caught) {
      let err: DomainError;
      if (caught instanceof DomainError) err = caught;
      else if (isConnectionError(caught)) err = new DomainError('DATABASE_UNAVAILABLE', common.http.databaseUnavailableRetry, 503);
      else {
        const mapped = fromHttpError(caught as HttpishError);
        if (mapped) err = mapped;
        else {
          ctx.state.log?.error({ err: caught }, 'unhandled error');
          err = new DomainError('INTERNAL', common.http.internal, 500);
        }
      }
      if (err.status >= 500 && err.code !== 'INTERNAL') ctx.state.log?.warn({ code: err.code, err: caught }, err.message);
      // Refused before the body was read to its end: read the rest first, so
      // the client, still sending, gets to read this answer.
      if (!ctx.req.readableEnded && !(await discardBody(ctx.req))) ctx.set('connection', 'close');
      ctx.status = err.status;
      ctx.body = { error: { code: err.code, message: err.message, ...(err.details ?? {}) } };
    }
  };
}
