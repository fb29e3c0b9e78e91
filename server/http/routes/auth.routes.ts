import Router from '@koa/router';
import { z } from 'zod';
import type { Services } from '../../services';
import { principalOf, route, SIGNED_IN } from '../auth';
import { parse, text } from '../validation';
import { common } from '../../texts/resident.texts';

const loginBody = z.strictObject({ code: text(1, 128) });
const labels = common.login.fields;

function view(r: Awaited<ReturnType<Services['auth']['mpLogin']>>) {
  return { token: r.token, expiresAt: r.expiresAt.toISOString(), user: r.user };
}

export function authRoutes(s: Services): Router {
  const router = new Router({ prefix: '/api/auth' });
  route(router, s.auth, 'post', '/mp-login', 'anyone', async (ctx) => {
    const { code } = parse(loginBody, ctx.request.body, labels);
    ctx.body = view(await s.auth.mpLogin(code));
  });
  route(router, s.auth, 'post', '/wecom-login', 'anyone', async (ctx) => {
    const { code } = parse(loginBody, ctx.request.body, labels);
    ctx.body = view(await s.auth.wecomLogin(code));
  });
  // Ends the session or API token this request carries; the next call with it answers 401.
  route(router, s.auth, 'post', '/logout', SIGNED_IN, async (ctx) => {
    await s.auth.logout({ actor: principalOf(ctx), requestId: ctx.state.requestId as string });
    ctx.status = 204;
  });
  return router;
}
