import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Config } from './config';
import { createDevWechatAuthClient, createWechatAuthClient, type WechatAuthClient } from './clients/wechat-auth.client';
import { createWecomAccessToken } from './clients/wecom-access-token';
import { createWecomAuthClient } from './clients/wecom-auth.client';
import { migrate, openDatabase } from './db/data-source';
import { systemClock, type Clock } from './domain/clock';
import { DomainError } from './domain/errors';
import { createPersonalDataCipher } from './domain/personal-data';
import { createApp } from './http/app';
import { seedDemoData } from './seed/seed-service';
import { createServices } from './services';

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

  const { corpId, secret, apiBase } = config.wecom;
  const wecom = corpId && secret ? createWecomAuthClient({ apiBase }, createWecomAccessToken({ apiBase, corpId, secret }, clock)) : null;
  const services = createServices({
    db, clock, pii,
    adminToken: config.adminToken,
    sessionTtlHours: config.sessionTtlHours,
    apiTokenTtlDays: config.apiTokenTtlDays,
    wechat: wechatClient(config),
    wecom,
  });
  const app = createApp({ db, services, logger, bodyLimitBytes: config.bodyLimitBytes });

  const server = app.listen({ port: config.port, host: config.host });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  // Behind a proxy that keeps connections open, idle sockets must not delay shutdown.
  server.keepAliveTimeout = 5000;
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
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await db.destroy();
      logger.info('stopped');
    })());
  return { server, db, port, stop };
}
