import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Config } from './config';
import { systemClock, type Clock } from './domain/clock';
import { openAndMigrate, seedDemo, wireServer } from './wiring';
import { staff } from './texts/staff.texts';

// The HTTP server's entry point: the only file that listens. What it serves
// is built in wiring.ts, which the chat bot and the CLI share.

export interface Running {
  server: Server;
  db: DataSource;
  port: number;
  stop(): Promise<void>;
}

export async function start(config: Config, logger: Logger, clock: Clock = systemClock): Promise<Running> {
  // Demo people only ever go into the embedded SQLite default (config.seedDemoOnStart).
  const db = await openAndMigrate(config, logger, config.seedDemoOnStart ? (db) => seedDemo(config, db, clock, logger) : undefined);
  if (config.devLogin) {
    logger.warn(
      { devLogin: true },
      'development login is on: a mini-program code X logs in as openid dev-X, so anyone can make resident accounts, and the console at /console/ signs anyone in as any demo staff member (set WECHAT_APPID, or FUYUAN_DEV_LOGIN=0, to turn it off)',
    );
  }
  const { app, background, scheduler } = wireServer(config, db, logger, clock);

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
    process.stdout.write(`\n  ${staff.cli.adminToken} (admin token, kept in ${config.dataDir}/secrets.json):\n  ${config.generated.adminToken}\n\n`);
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
