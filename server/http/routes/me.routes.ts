import Router from '@koa/router';
import { z } from 'zod';
import { SUBSCRIBE_TEMPLATES } from '../../domain/outbox/messages';
import type { Services } from '../../services';
import { principalOf, route, SIGNED_IN, STAFF } from '../auth';
import { list, oneOf, parse } from '../validation';
import { resident } from '../../texts/resident.texts';

const subscriptionsBody = z.strictObject({ accepted: list(oneOf(SUBSCRIBE_TEMPLATES), 30) });

export function meRoutes(s: Services): Router {
  const router = new Router({ prefix: '/api/me' });
  route(router, s.auth, 'get', '/', SIGNED_IN, async (ctx) => {
    const p = principalOf(ctx);
    ctx.body = { id: p.userId, role: p.role, name: p.name, agencyId: p.agencyId, villages: p.villages, today: s.todo.today() };
  });
  // What wx.requestSubscribeMessage came back with: one message allowed per "accept".
  route(router, s.auth, 'post', '/subscriptions', ['resident'], async (ctx) => {
    const { accepted } = parse(subscriptionsBody, ctx.request.body, resident.subscriptions.fields);
    ctx.body = { credits: await s.subscriptions.grant(principalOf(ctx).userId!, accepted) };
  });
  route(router, s.auth, 'get', '/subscriptions', ['resident'], async (ctx) => {
    ctx.body = { credits: await s.subscriptions.credits(principalOf(ctx).userId!) };
  });
  // The console's 待办: the caller's open disputes and coming hearings, overdue first.
  route(router, s.auth, 'get', '/todo', STAFF, async (ctx) => {
    ctx.body = await s.todo.mine(principalOf(ctx));
  });
  // Withdrawing consent to the privacy notice (the mini-program's "我的" page).
  route(router, s.auth, 'delete', '/consents/privacy', ['resident'], async (ctx) => {
    const actor = principalOf(ctx);
    ctx.body = await s.consents.withdraw(actor.userId!, 'privacy', { actor, requestId: ctx.state.requestId });
  });
  return router;
}
