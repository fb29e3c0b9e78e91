import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Services } from '../services';
import { accessLog } from './middleware/access-log';
import { errorHandler } from './middleware/error-handler';
import { jsonOnly } from './middleware/json-only';
import { requestId } from './middleware/request-id';
import { agencyRoutes } from './routes/agencies.routes';
import { authRoutes } from './routes/auth.routes';
import { healthRoutes } from './routes/health.routes';
import { articleRoutes } from './routes/articles.routes';
import { disputeRoutes } from './routes/disputes.routes';
import { meRoutes } from './routes/me.routes';
import { notificationRoutes } from './routes/notifications.routes';
import { userRoutes } from './routes/users.routes';

export interface AppDeps {
  db: DataSource;
  services: Services;
  logger: Logger;
  bodyLimitBytes: number;
}

// The Koa application without a listening socket: tests drive it over a
// loopback port of their own, main.ts gives it the real one.
export function createApp(deps: AppDeps): Koa {
  const app = new Koa({ proxy: true });
  // Errors are logged once by the access log and the error handler; Koa's own
  // default handler would print stacks to stderr.
  app.silent = true;

  app.use(requestId());
  app.use(accessLog(deps.logger));
  app.use(errorHandler());
  app.use(jsonOnly());
  app.use(
    bodyParser({
      enableTypes: ['json'],
      jsonLimit: deps.bodyLimitBytes,
      encoding: 'utf-8',
    }),
  );

  for (const router of [
    healthRoutes(deps.db),
    authRoutes(deps.services),
    meRoutes(deps.services),
    agencyRoutes(deps.services),
    userRoutes(deps.services),
    notificationRoutes(deps.services),
    disputeRoutes(deps.services),
    articleRoutes(deps.services),
  ]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return app;
}
