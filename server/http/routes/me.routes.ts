import Router from '@koa/router';
import type { Services } from '../../services';
import { principalOf, route, SIGNED_IN } from '../auth';

export function meRoutes(s: Services): Router {
  const router = new Router({ prefix: '/api/me' });
  route(router, s.auth, 'get', '/', SIGNED_IN, async (ctx) => {
    const p = principalOf(ctx);
    ctx.body = { id: p.userId, role: p.role, name: p.name, agencyId: p.agencyId, villages: p.villages };
  });
  return router;
}
