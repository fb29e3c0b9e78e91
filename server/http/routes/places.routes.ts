import Router from '@koa/router';
import type { Services } from '../../services';
import { route, SIGNED_IN } from '../auth';

// 乡镇、街道 and their 村、社区 for the mini-program's village picker. The list
// changes only when an admin adds a place, so clients may keep it a while.
export function placeRoutes(s: Services): Router {
  const router = new Router();
  route(router, s.auth, 'get', '/api/places', SIGNED_IN, async (ctx) => {
    ctx.set('Cache-Control', 'private, max-age=3600');
    ctx.body = await s.places.list();
  });
  return router;
}
