import { join } from 'node:path';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { WechatyBuilder, type Contact, type Wechaty, type WechatyOptions } from 'wechaty';
import { ConfigError, loadConfig, type Config } from '../server/config';
import { systemClock, type Clock } from '../server/domain/clock';
import { createLogger } from '../server/logger';
import { stopOnSignal } from '../server/stop-on-signal';
import { openAndMigrate, wireBot } from '../server/wiring';
import { attachWechaty } from './wechaty/wechaty-adapter';

// `npm run bot`: the Wechaty chat bot, a process of its own beside the HTTP
// server, on the same database. It answers commands in rooms and one-to-one
// chats through the conversation core, and it is the outbox sender for the
// `wechaty-room` channel: the cards for agencies bound to a room go out here
// (the server's sender leaves those rows alone).
//
// The puppet comes from the environment: WECHATY_PUPPET names it (for WeCom,
// `wechaty-puppet-service` with WECHATY_PUPPET_SERVICE_TOKEN from a WeCom
// puppet provider); see README.md, "Chat bot (Wechaty)".

export interface RunningBot {
  bot: Wechaty;
  db: DataSource;
  stop(): Promise<void>;
}

export function wechatyOptions(env: NodeJS.ProcessEnv, config: Config): WechatyOptions {
  const puppet = env.WECHATY_PUPPET?.trim();
  if (!puppet) {
    throw new ConfigError(['WECHATY_PUPPET must name a Wechaty puppet, e.g. wechaty-puppet-service (see README.md, "Chat bot (Wechaty)")']);
  }
  const token = env.WECHATY_PUPPET_SERVICE_TOKEN?.trim();
  if (puppet === 'wechaty-puppet-service' && !token) {
    throw new ConfigError(['WECHATY_PUPPET_SERVICE_TOKEN is required with wechaty-puppet-service (the token from your WeCom puppet provider)']);
  }
  return {
    // The login session is kept in <data dir>/wechaty-bot.memory-card.json.
    name: join(config.dataDir, 'wechaty-bot'),
    puppet: puppet as WechatyOptions['puppet'],
    ...(token ? { puppetOptions: { token } } : {}),
  } as WechatyOptions;
}

export async function startBot(config: Config, logger: Logger, env: NodeJS.ProcessEnv = process.env, clock: Clock = systemClock): Promise<RunningBot> {
  const options = wechatyOptions(env, config);
  const db = await openAndMigrate(config, logger);
  const bot = WechatyBuilder.build(options);
  // Only the room rows are sent from here: the server's sender has the WeCom and WeChat credentials for the rest.
  // The command may have written to the outbox: its room rows are this process's to send.
  const { inbound, scheduler } = wireBot(config, db, logger, clock, bot);
  const detach = attachWechaty(bot, { logger, inbound });

  bot.on('scan', ((qrcode: string, status: number) => {
    logger.info({ status, qrcode }, 'wechaty: scan this QR code with the account the bot runs as');
  }) as never);
  bot.on('login', ((user: Contact) => {
    logger.info({ id: user.id, name: user.name() }, 'wechaty: logged in');
    // The room ids an admin binds agencies to (POST /api/agencies/:id/room).
    void bot.ready()
      .then(() => bot.Room.findAll())
      .then(async (rooms) => {
        const list = await Promise.all(rooms.map(async (r) => ({ roomId: r.id, topic: await r.topic() })));
        logger.info({ rooms: list }, 'wechaty: the rooms the bot is in');
      })
      .catch((err: unknown) => logger.warn({ err }, 'wechaty: could not list rooms'));
  }) as never);
  bot.on('logout', ((user: Contact) => logger.warn({ id: user.id }, 'wechaty: logged out')) as never);

  await bot.start();
  logger.info({ puppet: String(options.puppet), database: db.options.type }, 'wechaty bot started');

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      detach();
      await scheduler.stop();
      await bot.stop();
      await db.destroy();
      logger.info('wechaty bot stopped');
    })());
  return { bot, db, stop };
}

async function main(): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`fuyuan bot: ${err.message}\n`);
      return 78; // EX_CONFIG
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  let running: RunningBot;
  try {
    running = await startBot(config, logger);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`fuyuan bot: ${err.message}\n`);
      return 78;
    }
    throw err;
  }
  return stopOnSignal(running.stop, logger);
}

// The process: the bot until a signal stops it, then its exit code.
export function run(): void {
  main().then(
    (code) => process.exit(code),
    (err: Error) => {
      process.stderr.write(`fuyuan bot: ${err.message}\n`);
      process.exit(1);
    },
  );
}

if (require.main === module) run();
