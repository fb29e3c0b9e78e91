import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';

// A caller's own id is kept when it is sane, so one request can be followed
// from the mini-program through our logs; anything else gets a fresh one.
const SANE_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function requestId(): Middleware {
  return async (ctx, next) => {
    const given = ctx.get('x-request-id');
    const id = SANE_ID.test(given) ? given : randomUUID();
    ctx.state.requestId = id;
    ctx.set('X-Request-Id', id);
    await next();
  };
}
