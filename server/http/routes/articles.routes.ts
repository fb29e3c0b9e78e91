import Router from '@koa/router';
import { z } from 'zod';
import { DISPUTE_CATEGORIES } from '../../../entities';
import type { Services } from '../../services';
import { principalOf, route } from '../auth';
import { id, lines, oneOf, page, parse, text } from '../validation';
import { common } from '../../texts/resident.texts';

const labels = common.articles.fields;

const newArticle = z.strictObject({ category: oneOf(DISPUTE_CATEGORIES), title: text(2, 100), body: lines(20, 10000) });
const listQuery = z.object({ category: oneOf(DISPUTE_CATEGORIES).optional(), q: text(1, 50).optional(), ...page() });

// 法官说法: anyone reads, judges publish.
export function articleRoutes(s: Services): Router {
  const router = new Router({ prefix: '/api/articles' });
  route(router, s.auth, 'get', '/', 'anyone', async (ctx) => {
    ctx.body = await s.articles.list(parse(listQuery, ctx.query, labels));
  });
  route(router, s.auth, 'get', '/:id', 'anyone', async (ctx) => {
    ctx.body = await s.articles.get(parse(z.object({ id }), ctx.params, labels).id);
  });
  route(router, s.auth, 'post', '/', ['judge'], async (ctx) => {
    const input = parse(newArticle, ctx.request.body, labels);
    ctx.status = 201;
    ctx.body = await s.articles.publish(input, { actor: principalOf(ctx), requestId: ctx.state.requestId });
  });
  return router;
}
