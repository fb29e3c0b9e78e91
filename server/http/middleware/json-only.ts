import type { Middleware } from 'koa';
import { DomainError } from '../../domain/errors';
import { common } from '../../texts/resident.texts';

// The API speaks JSON. A form or XML body sent to it would otherwise reach the
// validator as an empty object and come back as "name: required", which
// misleads whoever is debugging the client; say what is actually wrong.
// (WeCom's XML callbacks live outside /api and parse their own bodies.)
export function jsonOnly(prefix = '/api/', fileRoutes: readonly string[] = []): Middleware {
  return async (ctx, next) => {
    const hasBody = ctx.request.length > 0 || ctx.get('transfer-encoding') !== '';
    if (ctx.path.startsWith(prefix) && !fileRoutes.includes(ctx.path) && hasBody && ctx.request.is('json') === false) {
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE', common.http.jsonOnly, 415);
    }
    await next();
  };
}
