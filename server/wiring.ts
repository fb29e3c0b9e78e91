import { existsSync } from 'node:fs';
import path from 'node:path';
import type Koa from 'koa';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Wechaty } from 'wechaty';
import { createConversation } from '../bot/conversation';
import { createInboundText } from '../bot/inbound-text';
import type { InboundTextHandler } from './domain/inbound-messages';
import type { Config } from './config';
import { createDevWechatAuthClient, createWechatAuthClient, type WechatAuthClient } from './clients/wechat-auth.client';
import { createWecomAccessToken } from './clients/wecom-access-token';
import { createWechatAccessToken } from './clients/wechat-access-token';
import { createWecomAuthClient } from './clients/wecom-auth.client';
import { httpJson } from './clients/http-json';
import type { AccessToken } from './clients/access-token-cache';
import type { Channel } from './channels/channel';
import { ConsoleChannel } from './channels/console/console.channel';
import { WechatyRoomChannel, wechatyRoomDirectory } from './channels/wechaty-room/wechaty-room.channel';
import { WecomAppChannel } from './channels/wecom-app/wecom-app.channel';
import { WecomBotReplyChannel } from './channels/wecom-bot-reply/wecom-bot-reply.channel';
import { WecomWebhookChannel } from './channels/wecom-webhook/wecom-webhook.channel';
import { WxSubscribeChannel } from './channels/wx-subscribe/wx-subscribe.channel';
import { migrate, openDatabase } from './db/data-source';
import { withMigrationLock } from './db/migration-lock';
import type { Clock } from './domain/clock';
import { DomainError } from './domain/errors';
import { CHANNEL_NAMES } from './domain/outbox/messages';
import { createPersonalDataCipher, type PersonalDataCipher } from './domain/personal-data';
import { createLogger } from './logger';
import { createApp } from './http/app';
import { createBackground, type Background } from './http/background';
import { runLinkageDigest } from './jobs/linkage-digest.job';
import { runOverdueSweep } from './jobs/overdue-sweep.job';
import { runOutboxTick, type OutboxSenderDeps } from './jobs/outbox-sender.job';
import { runPurge } from './jobs/purge.job';
import { REPORT_SCHEDULE_PATTERN, runReportSchedule } from './jobs/report-schedule.job';
import { everySeconds, startScheduler, type Scheduler } from './jobs/scheduler';
import { seedDemoData, type SeedResult } from './seed/seed-service';
import { createServices, type ServiceDeps, type Services } from './services';
import { common } from './texts/resident.texts';

// The officials' console as `npm run build:console` leaves it.
// The project's root, found from here whether this runs from the sources
// (server/) or from the build (dist/server/): the folder above holding package.json.
function projectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..');
  }
}

export const CONSOLE_DIR = path.join(projectRoot(__dirname), 'console', 'dist');

// The one composition root: what the HTTP server (server/main.ts), the chat
// bot (bot/main.ts) and the CLI build from a config and a database. Nothing
// else constructs services, channels, the conversation core or the scheduler,
// so the arrows run one way: entry points → wiring → http, bot, domain.

function wechatClient(config: Config): WechatAuthClient {
  const { appId, secret, apiBase } = config.wechat;
  if (appId && secret) return createWechatAuthClient({ appId, secret, apiBase });
  if (config.devLogin) return createDevWechatAuthClient();
  return {
    async code2Session() {
      throw new DomainError('WECHAT_NOT_CONFIGURED', common.login.wechatNotConfigured, 503);
    },
  };
}

// One implementation per channel name. Without WeCom app or mini-program
// credentials those channels print to the console instead, so a fresh
// machine shows every message the product would send.
export function buildChannels(config: Config, clock: Clock, tokens = accessTokens(config, clock)): Record<string, Channel> {
  const { agentId, apiBase } = config.wecom;
  const wx = config.wechat;
  // Development prints whole messages; production only whom and what kind (no residents' text in logs).
  const detail = config.production ? 'summary' : 'full';
  return {
    'wecom-webhook': new WecomWebhookChannel({ apiBase }, httpJson),
    'wecom-app':
      tokens.wecom && agentId
        ? new WecomAppChannel({ apiBase, agentId }, tokens.wecom, httpJson)
        : new ConsoleChannel('wecom-app', undefined, detail),
    'wx-subscribe': tokens.wechat
      ? new WxSubscribeChannel({ apiBase: wx.apiBase, templates: wx.templates }, tokens.wechat, httpJson)
      : new ConsoleChannel('wx-subscribe', undefined, detail),
    // Needs no credentials: the target is the response_url a robot message came with.
    'wecom-bot-reply': new WecomBotReplyChannel({ apiBase }, httpJson),
    console: new ConsoleChannel('console', undefined, detail),
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

export function outboxSenderDeps(config: Config, db: DataSource, logger: Logger, clock: Clock, tokens = accessTokens(config, clock)): OutboxSenderDeps {
  const channels = buildChannels(config, clock, tokens);
  const skipChannels = BOT_CHANNELS.filter((name) => !channels[name]);
  return { db, clock, logger, channels, maxAttempts: config.outbox.maxAttempts, skipChannels };
}

// Personal data over the configured key ring. A value no key in the ring can
// read is shown masked and logged here (key id and reason, never the value).
export function personalDataCipher(config: Config, logger: Logger = createLogger(config.logLevel)): PersonalDataCipher {
  return createPersonalDataCipher(config.dataKeyRing, {
    onUnreadable: (info) => logger.warn(info, 'personal data cannot be decrypted (unknown key id or tampered): shown masked'),
  });
}

// The domain services as configured; the HTTP server and the chat bot build the same.
export function configuredServices(
  config: Config, db: DataSource, clock: Clock,
  tokens = accessTokens(config, clock),
  extra: Pick<ServiceDeps, 'rooms' | 'calendar'> & { logger?: Logger } = {},
): Services {
  const { logger, ...more } = extra;
  const wecom = tokens.wecom ? createWecomAuthClient({ apiBase: config.wecom.apiBase }, tokens.wecom) : null;
  return createServices({
    db, clock,
    pii: personalDataCipher(config, logger),
    adminToken: config.adminToken,
    sessionTtlHours: config.sessionTtlHours,
    apiTokenTtlDays: config.apiTokenTtlDays,
    wechat: wechatClient(config),
    wecom,
    devLogin: config.devLogin,
    wecomCorpId: config.wecom.corpId ?? null,
    disputes: config.disputes,
    reminders: config.reminders,
    reportFontFile: config.reports.fontFile,
    warn: (msg) => logger?.warn(msg),
    court: config.court,
    linkage: config.linkage,
    reportFilesDir: path.join(config.dataDir, 'reports'),
    ...more,
  });
}

// Opens the database and brings its schema up to date under the migration
// lock, so instances starting together make it once. `underLock` runs under
// the same lock after the migrations (seeding: one instance seeds, the other
// then finds the data).
export async function openAndMigrate(config: Config, logger: Logger, underLock?: (db: DataSource) => Promise<unknown>): Promise<DataSource> {
  const db = await openDatabase(config.database);
  try {
    await withMigrationLock(db, async () => {
      const ran = await migrate(db);
      if (ran.length) logger.info({ migrations: ran }, 'migrations applied');
      await underLock?.(db);
    });
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return db;
}

// The demo district into an empty database (a database with any agency is left alone).
export async function seedDemo(config: Config, db: DataSource, clock: Clock, logger: Logger): Promise<SeedResult> {
  const seeded = await seedDemoData({ db, clock, pii: personalDataCipher(config, logger) });
  if (seeded.seeded) logger.info(seeded, 'empty database: demo data seeded');
  return seeded;
}

export interface ServerParts {
  app: Koa;
  services: Services;
  // Chat answers still being worked out; drained on stop before the scheduler.
  background: Background;
  scheduler: Scheduler;
}

// Everything the HTTP server runs: services, the conversation core behind the
// WeCom callbacks, the app, and the jobs (outbox sender, dispute deadlines).
export function wireServer(config: Config, db: DataSource, logger: Logger, clock: Clock): ServerParts {
  const tokens = accessTokens(config, clock);
  const services = configuredServices(config, db, clock, tokens, { logger });
  const conversation = createConversation({ services, now: () => clock.now() });
  // The scheduler starts after the app is built; from then on a chat answer kicks its sender.
  let kickOutbox = () => {};
  const background = createBackground();
  const inbound = createInboundText({ db, services, conversation, logger, now: () => clock.now(), kickOutbox: () => kickOutbox() });
  const app = createApp({
    db, services, logger, bodyLimitBytes: config.bodyLimitBytes,
    consoleDir: CONSOLE_DIR,
    wecom: { ...wecomCallbacks(config), now: () => clock.now() },
    inbound,
    background,
  });

  const sender = outboxSenderDeps(config, db, logger, clock, tokens);
  const scheduler = startScheduler(
    [
      { name: 'outbox-sender', pattern: everySeconds(config.outbox.tickSeconds), run: (now) => runOutboxTick(sender, now) },
      // Hourly through the working day: the first run after nine urges, the rest find it done.
      { name: 'overdue-sweep', pattern: '0 0 9-18 * * *', run: (now) => runOverdueSweep({ reminders: services.reminders, logger }, now) },
      // Hourly; on the first working day of a month from the configured time the reports go out once.
      {
        name: 'report-schedule', pattern: REPORT_SCHEDULE_PATTERN,
        run: (now) => runReportSchedule({ calendar: services.calendar, dispatch: services.reportDispatch, schedule: config.reports.schedule, logger }, now),
      },
      // At half past three, when nobody files or chats.
      { name: 'purge', pattern: '0 30 3 * * *', run: (now) => runPurge({ db, logger, retention: config.retention }, now) },
      // Mondays at nine by default; a second instance's run finds the week's digest written.
      { name: 'linkage-digest', pattern: config.linkageDigestAt, run: (now) => runLinkageDigest({ db, outbox: services.outbox, logger }, now) },
    ],
    { clock, logger },
  );
  kickOutbox = () => scheduler.kick('outbox-sender');
  return { app, services, background, scheduler };
}

export interface BotParts {
  services: Services;
  // The one inbound chat path, as the WeCom callbacks have it.
  inbound: InboundTextHandler;
  scheduler: Scheduler;
}

// Everything the Wechaty bot process runs beside its Wechaty instance: the
// same services (with the bot's rooms to bind agencies to), the conversation
// core, and a sender for the `wechaty-room` rows only (the server's sender
// has the WeCom and WeChat credentials for the rest).
export function wireBot(config: Config, db: DataSource, logger: Logger, clock: Clock, bot: Wechaty): BotParts {
  const services = configuredServices(config, db, clock, accessTokens(config, clock), { rooms: wechatyRoomDirectory(bot), logger });
  const conversation = createConversation({ services, now: () => clock.now() });
  const sender: OutboxSenderDeps = {
    db, clock, logger,
    channels: { 'wechaty-room': new WechatyRoomChannel(bot) },
    maxAttempts: config.outbox.maxAttempts,
    skipChannels: CHANNEL_NAMES.filter((name) => name !== 'wechaty-room'),
  };
  const scheduler = startScheduler(
    [{ name: 'outbox-sender', pattern: everySeconds(config.outbox.tickSeconds), run: (now) => runOutboxTick(sender, now) }],
    { clock, logger },
  );
  const inbound = createInboundText({ db, services, conversation, logger, now: () => clock.now(), kickOutbox: () => scheduler.kick('outbox-sender') });
  return { services, inbound, scheduler };
}
