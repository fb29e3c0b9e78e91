import Router from '@koa/router';
import type { DataSource } from 'typeorm';
import { common } from '../../texts/resident.texts';

// /healthz says the process answers; /readyz says it can reach its database.
// A load balancer takes an instance out of rotation on a 503 from /readyz.
export function healthRoutes(db: DataSource, timeoutMs = 2000): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    const ok = await ping(db, timeoutMs);
    ctx.status = ok ? 200 : 503;
    ctx.body = ok
      ? { status: 'ready', database: db.options.type }
      : { error: { code: 'DATABASE_UNAVAILABLE', message: common.http.databaseUnavailable } };
  });
  return router;
}

async function ping(db: DataSource, timeoutMs: number): Promise<boolean> {
  if (!db.isInitialized) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([db.query('SELECT 1').then(() => true as const), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
