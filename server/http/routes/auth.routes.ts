import Router from '@koa/router';
import { z } from 'zod';
import type { Services } from '../../services';
import { principalOf, route, SIGNED_IN } from '../auth';
import { id, parse, text } from '../validation';
import { common } from '../../texts/resident.texts';

const loginBody = z.strictObject({ code: text(1, 128) });
const devLoginBody = z.strictObject({ userId: id });
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
  // What the console's login page offers.
  route(router, s.auth, 'get', '/options', 'anyone', async (ctx) => {
    ctx.body = s.auth.loginOptions();
  });
  // Development login (config.devLogin): both answer 404 when it is off.
  route(router, s.auth, 'get', '/dev-users', 'anyone', async (ctx) => {
    ctx.body = { users: await s.auth.devUsers() };
  });
  route(router, s.auth, 'post', '/dev-login', 'anyone', async (ctx) => {
    const { userId } = parse(devLoginBody, ctx.request.body, labels);
    ctx.body = view(await s.auth.devLogin(userId));
  });
  // Ends the session or API token this request carries; the next call with it answers 401.
  route(router, s.auth, 'post', '/logout', SIGNED_IN, async (ctx) => {
    await s.auth.logout({ actor: principalOf(ctx), requestId: ctx.state.requestId as string });
    ctx.status = 204;
  });
  return router;
}
