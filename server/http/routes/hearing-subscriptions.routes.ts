import Router from '@koa/router';
import { z } from 'zod';
import type { Services } from '../../services';
import { principalOf, route, type Access } from '../auth';
import { id, parse, text } from '../validation';
import { resident } from '../../texts/resident.texts';

const labels = resident.hearings.fields;
const RESIDENT: Access = ['resident'];

// 开庭提醒: a resident follows a case by its number.
export function hearingSubscriptionRoutes(s: Services): Router {
  const router = new Router({ prefix: '/api/hearing-subscriptions' });
  route(router, s.auth, 'post', '/', RESIDENT, async (ctx) => {
    const { caseNumber } = parse(z.strictObject({ caseNumber: text(1, 64) }), ctx.request.body, labels);
    ctx.status = 201;
    ctx.body = await s.caseSubscriptions.subscribe(caseNumber, principalOf(ctx));
  });
  route(router, s.auth, 'get', '/', RESIDENT, async (ctx) => {
    ctx.body = await s.caseSubscriptions.list(principalOf(ctx));
  });
  route(router, s.auth, 'delete', '/:id', RESIDENT, async (ctx) => {
    await s.caseSubscriptions.remove(parse(z.object({ id }), ctx.params, labels).id, principalOf(ctx));
    ctx.status = 204;
  });
  return router;
}
