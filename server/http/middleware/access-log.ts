import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { redact } from '../../clients/http-json';

// One JSON line a request. The path only, with secrets in the query masked:
// login codes and tokens never reach a log file.
//
// `ctx.state.log` is the logger of this request (its lines carry the request
// id), made on first use: most requests log nothing but their access line,
// and a pino child made for every request was a share of a read's time under
// load (issue 14). The access line names the request id itself, in the same
// place a child's line would.
export function accessLog(logger: Logger): Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    const requestId = ctx.state.requestId;
    let child: Logger | undefined;
    Object.defineProperty(ctx.state, 'log', {
      get: () => (child ??= logger.child({ requestId })),
      configurable: true,
      enumerable: true,
    });
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const line = { requestId, method: ctx.method, url: redact(ctx.originalUrl), status: ctx.status, ms: Math.round(ms * 10) / 10 };
      if (ctx.status >= 500) logger.error(line, 'request failed');
      else logger.info(line, 'request');
    }
  };
}
