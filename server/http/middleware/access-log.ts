import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { redact } from '../../clients/http-json';

// One JSON line a request. The path only, with secrets in the query masked:
// login codes and tokens never reach a log file.
export function accessLog(logger: Logger): Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    ctx.state.log = logger.child({ requestId: ctx.state.requestId });
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const line = { method: ctx.method, url: redact(ctx.originalUrl), status: ctx.status, ms: Math.round(ms * 10) / 10 };
      if (ctx.status >= 500) ctx.state.log.error(line, 'request failed');
      else ctx.state.log.info(line, 'request');
    }
  };
}
