import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { systemClock } from '../domain/clock';
import type { InboundTextHandler } from '../domain/inbound-messages';
import type { Services } from '../services';
import { accessLog } from './middleware/access-log';
import { errorHandler } from './middleware/error-handler';
import { jsonOnly } from './middleware/json-only';
import { requestId } from './middleware/request-id';
import { agencyRoutes } from './routes/agencies.routes';
import { placeRoutes } from './routes/places.routes';
import { authRoutes } from './routes/auth.routes';
import { healthRoutes } from './routes/health.routes';
import { articleRoutes } from './routes/articles.routes';
import { calendarRoutes } from './routes/calendar.routes';
import { disputeRoutes } from './routes/disputes.routes';
import { hearingRoutes } from './routes/hearings.routes';
import { hearingSubscriptionRoutes } from './routes/hearing-subscriptions.routes';
import { linkageItemRoutes } from './routes/linkage-items.routes';
import { meRoutes } from './routes/me.routes';
import { reportRoutes } from './routes/reports.routes';
import { notificationRoutes } from './routes/notifications.routes';
import { userRoutes } from './routes/users.routes';
import { createBackground, type Background } from './background';
import { wecomBotRoutes, type WecomBotCallbackConfig } from './routes/wecom-bot.routes';
import { wecomCallbackRoutes, type WecomAppCallbackConfig } from './routes/wecom-callback.routes';
import type { WecomRouteDeps } from './wecom/wecom-inbound';
import type { parseWecomXml } from './wecom/wecom-xml';

export interface AppDeps {
  db: DataSource;
  services: Services;
  logger: Logger;
  bodyLimitBytes: number;
  // The WeCom callbacks: each is mounted only when configured (otherwise its
  // path answers 404 like any unknown path).
  wecom?: {
    app?: WecomAppCallbackConfig;
    bot?: WecomBotCallbackConfig;
    // WECOM_CALLBACK_MAX_SKEW_S; 0 turns the timestamp check off.
    maxSkewS: number;
    // The clock the timestamps are judged by (default: the system's).
    now?: () => Date;
    // The app callback's XML parser (tests count its calls).
    parseXml?: typeof parseWecomXml;
  };
  // The one inbound chat path the callbacks hand text to (bot/inbound-text.ts,
  // built in server/wiring.ts); required when a callback is mounted.
  inbound?: InboundTextHandler;
  // Where callbacks do their work after answering; main.ts drains it on stop.
  background?: Background;
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
  // The calendar import takes the file itself as its body.
  app.use(jsonOnly('/api/', ['/api/hearings/import']));
  // Before the JSON body parser: the callbacks read their own bodies, XML or
  // JSON, with a 64 KiB limit.
  for (const router of wecomRouters(deps)) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
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
    placeRoutes(deps.services),
    userRoutes(deps.services),
    notificationRoutes(deps.services),
    disputeRoutes(deps.services),
    articleRoutes(deps.services),
    calendarRoutes(deps.services),
    hearingRoutes(deps.services),
    hearingSubscriptionRoutes(deps.services),
    reportRoutes(deps.services),
    linkageItemRoutes(deps.services),
  ]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return app;
}

function wecomRouters(deps: AppDeps) {
  const { wecom } = deps;
  if (!wecom || (!wecom.app && !wecom.bot)) return [];
  if (!deps.inbound) throw new Error('createApp: the WeCom callbacks need the inbound chat path (see server/wiring.ts)');
  const now = wecom.now ?? (() => systemClock.now());
  const shared: WecomRouteDeps = {
    db: deps.db,
    logger: deps.logger,
    inbound: deps.inbound,
    background: deps.background ?? createBackground(),
    now,
    maxSkewS: wecom.maxSkewS,
  };
  return [
    ...(wecom.app ? [wecomCallbackRoutes({ ...shared, app: wecom.app, parseXml: wecom.parseXml })] : []),
    ...(wecom.bot ? [wecomBotRoutes({ ...shared, bot: wecom.bot })] : []),
  ];
}
