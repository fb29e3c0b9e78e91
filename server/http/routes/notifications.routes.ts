import Router from '@koa/router';
import { z } from 'zod';
import { NOTIFICATION_STATUSES } from '../../../entities';
import type { Services } from '../../services';
import { ADMIN, principalOf, route } from '../auth';
import { id, oneOf, page, parse, text } from '../validation';
import { staff } from '../../texts/staff.texts';

const labels = staff.outbox.fields;
const listQuery = z.object({ status: oneOf(NOTIFICATION_STATUSES).optional(), channel: text(1, 32).optional(), ...page() });

// The outbox, for the administrator: what left, what waits, what failed and why.
export function notificationRoutes(s: Services): Router {
  const router = new Router({ prefix: '/api/notifications' });
  route(router, s.auth, 'get', '/', ADMIN, async (ctx) => {
    ctx.body = await s.outbox.list(parse(listQuery, ctx.query, labels));
  });
  route(router, s.auth, 'post', '/:id/retry', ADMIN, async (ctx) => {
    const { id: notificationId } = parse(z.object({ id }), ctx.params, labels);
    ctx.body = await s.outbox.retry(notificationId, { actor: principalOf(ctx), requestId: ctx.state.requestId });
  });
  return router;
}
