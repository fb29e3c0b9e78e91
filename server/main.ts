import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Config } from './config';
import { createDevWechatAuthClient, createWechatAuthClient, type WechatAuthClient } from './clients/wechat-auth.client';
import { createWecomAccessToken } from './clients/wecom-access-token';
import { createWechatAccessToken } from './clients/wechat-access-token';
import { httpJson } from './clients/http-json';
import type { AccessToken } from './clients/access-token-cache';
import type { Channel } from './channels/channel';
import { ConsoleChannel } from './channels/console/console.channel';
import { WecomAppChannel } from './channels/wecom-app/wecom-app.channel';
import { WecomBotReplyChannel } from './channels/wecom-bot-reply/wecom-bot-reply.channel';
import { WecomWebhookChannel } from './channels/wecom-webhook/wecom-webhook.channel';
import { WxSubscribeChannel } from './channels/wx-subscribe/wx-subscribe.channel';
import { runOverdueSweep } from './jobs/overdue-sweep.job';
import { runOutboxTick } from './jobs/outbox-sender.job';
import { everySeconds, startScheduler } from './jobs/scheduler';
import { createWecomAuthClient } from './clients/wecom-auth.client';
import { migrate, openDatabase } from './db/data-source';
import { systemClock, type Clock } from './domain/clock';
import { DomainError } from './domain/errors';
import { createPersonalDataCipher } from './domain/personal-data';
import { createApp } from './http/app';
import { createBackground } from './http/background';
import { seedDemoData } from './seed/seed-service';
import { createServices, type ServiceDeps, type Services } from './services';

// The only file that builds the DataSource and the outbound clients, and the
// only one that listens. Everything else receives what it needs.

export interface Running {
  server: Server;
  db: DataSource;
  port: number;
  stop(): Promise<void>;
}

function wechatClient(config: Config): WechatAuthClient {
  const { appId, secret, apiBase } = config.wechat;
  if (appId && secret) return createWechatAuthClient({ appId, secret, apiBase });
  if (!config.production) return createDevWechatAuthClient();
  return {
    async code2Session() {
      throw new DomainError('WECHAT_NOT_CONFIGURED', '尚未配置微信小程序登录，请联系管理员', 503);
    },
  };
}

// One implementation per channel name. Without WeCom app or mini-program
// credentials those channels print to the console instead, so a fresh
// machine shows every message the product would send.
export function buildChannels(config: Config, clock: Clock, tokens = accessTokens(config, clock)): Record<string, Channel> {
  const { agentId, apiBase } = config.wecom;
  const wx = config.wechat;
  return {
    'wecom-webhook': new WecomWebhookChannel({ apiBase }, httpJson),
    'wecom-app':
      tokens.wecom && agentId
        ? new WecomAppChannel({ apiBase, agentId }, tokens.wecom, httpJson)
        : new ConsoleChannel('wecom-app'),
    'wx-subscribe': tokens.wechat
      ? new WxSubscribeChannel({ apiBase: wx.apiBase, templates: wx.templates }, tokens.wechat, httpJson)
      : new ConsoleChannel('wx-subscribe'),
    // Needs no credentials: the target is the response_url a robot message came with.
    'wecom-bot-reply': new WecomBotReplyChannel({ apiBase }, httpJson),
    console: new ConsoleChannel('console'),
  };
}

// The WeCom callbacks that are configured: the app's needs its token, key and
// corp id; the robot's its own token and key.
export function wecomCallbacks(config: Config) {
  const w = config.wecom;
  return {
    app: w.token && w.encodingAesKey && w.corpId ? { token: w.token, aesKey: w.encodingAesKey, corpId: w.corpId } : undefined,
    bot: w.botToken && w.botEncodingAesKey ? { token: w.botToken, aesKey: w.botEncodingAesKey } : undefined,
    maxSkewS: w.callbackMaxSkewS,
  };
}

// One access token per app for the whole process: login and sending share it.
export function accessTokens(config: Config, clock: Clock): { wecom: AccessToken | null; wechat: AccessToken | null } {
  const { corpId, secret, apiBase } = config.wecom;
  const wx = config.wechat;
  return {
    wecom: corpId && secret ? createWecomAccessToken({ apiBase, corpId, secret }, clock) : null,
    wechat: wx.appId && wx.secret ? createWechatAccessToken({ apiBase: wx.apiBase, appId: wx.appId, secret: wx.secret }, clock) : null,
  };
}

// Channels only a process with the Wechaty bot has (`npm run bot`): a sender
// without them leaves their rows for that process instead of failing them.
const BOT_CHANNELS = ['wechaty-room'];

export function outboxSenderDeps(config: Config, db: DataSource, logger: Logger, clock: Clock, tokens = accessTokens(config, clock)) {
  const channels = buildChannels(config, clock, tokens);
  const skipChannels = BOT_CHANNELS.filter((name) => !channels[name]);
  return { db, clock, logger, channels, maxAttempts: config.outbox.maxAttempts, skipChannels };
}

// The domain services as configured; the HTTP server and the chat bot build the same.
export function configuredServices(
  config: Config, db: DataSource, clock: Clock,
  tokens = accessTokens(config, clock),
  extra: Pick<ServiceDeps, 'rooms' | 'calendar'> = {},
): Services {
  const wecom = tokens.wecom ? createWecomAuthClient({ apiBase: config.wecom.apiBase }, tokens.wecom) : null;
  return createServices({
    db, clock,
    pii: createPersonalDataCipher(config.dataKey),
    adminToken: config.adminToken,
    sessionTtlHours: config.sessionTtlHours,
    apiTokenTtlDays: config.apiTokenTtlDays,
    wechat: wechatClient(config),
    wecom,
    disputes: config.disputes,
    reminders: config.reminders,
    ...extra,
  });
}

export async function openAndMigrate(config: Config, logger: Logger): Promise<DataSource> {
  const db = await openDatabase(config.database);
  const ran = await migrate(db);
  if (ran.length) logger.info({ migrations: ran }, 'migrations applied');
  return db;
}

export async function start(config: Config, logger: Logger, clock: Clock = systemClock): Promise<Running> {
  const db = await openAndMigrate(config, logger);
  const pii = createPersonalDataCipher(config.dataKey);

  const seeded = await seedDemoData({ db, clock, pii });
  if (seeded.seeded) logger.info(seeded, 'empty database: demo data seeded');

  const tokens = accessTokens(config, clock);
  const services = configuredServices(config, db, clock, tokens);
  // The scheduler starts after the app is built; from then on a chat answer kicks its sender.
  let kickOutbox = () => {};
  const background = createBackground();
  const app = createApp({
    db, services, logger, bodyLimitBytes: config.bodyLimitBytes,
    wecom: { ...wecomCallbacks(config), now: () => clock.now() },
    kickOutbox: () => kickOutbox(),
    background,
  });

  const sender = outboxSenderDeps(config, db, logger, clock, tokens);
  const scheduler = startScheduler(
    [
      { name: 'outbox-sender', pattern: everySeconds(config.outbox.tickSeconds), run: (now) => runOutboxTick(sender, now) },
      // Hourly through the working day: the first run after nine urges, the rest find it done.
      { name: 'overdue-sweep', pattern: '0 0 9-18 * * *', run: (now) => runOverdueSweep({ reminders: services.reminders, logger }, now) },
    ],
    { clock, logger },
  );
  kickOutbox = () => scheduler.kick('outbox-sender');

  const server = app.listen({ port: config.port, host: config.host });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  // Behind a proxy that keeps connections open, idle sockets must not delay shutdown.
  server.keepAliveTimeout = 5000;
  // A response still being made when we stop is sent with `Connection: close`:
  // otherwise its kept-alive connection would idle on and hold the shutdown
  // for keepAliveTimeout after the last answer.
  let draining = false;
  const inFlight = new Set<ServerResponse>();
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (draining) res.setHeader('connection', 'close');
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ port, database: db.options.type }, `fuyuan listening on http://${config.host ?? 'localhost'}:${port}`);
  if (config.generated.adminToken) {
    // Printed once, when first made; it is kept in data/secrets.json.
    process.stdout.write(`\n  管理员令牌 (admin token, kept in ${config.dataDir}/secrets.json):\n  ${config.generated.adminToken}\n\n`);
  }

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info('stopping: no new requests, finishing those in flight');
      draining = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      // Chat answers still being worked out, then the tick in progress: both
      // finish and record what they did before the database closes.
      await background.drain();
      await scheduler.stop();
      await db.destroy();
      logger.info('stopped');
    })());
  return { server, db, port, stop };
}
