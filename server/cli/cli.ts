import { ConfigError, loadConfig, type Config } from '../config';
import { createLogger } from '../logger';
import { start } from '../main';
import { stopOnSignal } from '../stop-on-signal';
import { openAndMigrate } from '../wiring';
import { outboxCommand, tickCommand } from './outbox.command';
import { seedCommand } from './seed.command';
import { calendarCommand } from './calendar.command';
import { rotateDataKeyCommand } from './rotate-data-key.command';
import { importHearingsCommand } from './import-hearings.command';
import { staff } from '../texts/staff.texts';
import { digestCommand } from './digest.command';

const HELP = `fuyuan — ${staff.cli.productName} server

Usage: fuyuan <command> [options]

Commands:
  start      migrate and serve HTTP (PORT, default 3000); the embedded SQLite
             default also gets the demo data when empty
  migrate    apply pending database migrations and exit
  seed       add the Baota District demo data to an empty database and exit
             (refused when NODE_ENV=production)
  tick [--now ISO] [--dry-run]
             one outbox sender pass: send what is due (or, with --dry-run, list it)
  outbox [--status S] [--channel C] [--limit N]
             list notifications, newest first
  outbox retry ID
             send a failed or cancelled notification again
  calendar load FILE [--year YYYY] [--source TEXT]
             load holidays and make-up working days (chinese-days per-year JSON
             or .ics); each year in the file replaces that year, and deadlines
             reaching it are recomputed
  rotate-data-key [--batch-size N]
             re-encrypt every stored phone and ID number with the current data
             key (FUYUAN_DATA_KEY_ID); safe to run again
  import-hearings FILE [--dry-run] [--from YYYY-MM-DD --to YYYY-MM-DD]
             import the court's calendar (.xlsx or .csv); with a window, hearings in it
             that the file no longer lists are cancelled
  digest [--now ISO]
             write the week's linkage digest (联动事项周报) to the outbox now, as the
             Monday job does (LINKAGE_DIGEST_AT); a week already written is skipped
  help       show this text

The database is DATABASE_URL (mysql://user:pass@host:3306/db) or, when unset,
the embedded SQLite file data/fuyuan.sqlite. See README.md for every setting.
`;

type Command = (config: Config, args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  tick: tickCommand,
  outbox: outboxCommand,
  calendar: calendarCommand,
  'rotate-data-key': rotateDataKeyCommand,
  'import-hearings': importHearingsCommand,
  digest: digestCommand,

  async start(config) {
    const logger = createLogger(config.logLevel);
    const running = await start(config, logger);
    return stopOnSignal(running.stop, logger);
  },

  async migrate(config) {
    const logger = createLogger(config.logLevel);
    const db = await openAndMigrate(config, logger);
    await db.destroy();
    process.stdout.write('migrations are up to date\n');
    return 0;
  },

  seed: seedCommand,
};

export async function runCli(argv: string[]): Promise<number> {
  const [name = 'help', ...rest] = argv;
  if (name === 'help' || name === '--help' || name === '-h' || rest.includes('--help')) {
    process.stdout.write(HELP);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`fuyuan: ${err.message}\n`);
      return 78; // EX_CONFIG
    }
    throw err;
  }
  try {
    return await command(config, rest);
  } catch (err) {
    // parseArgs refuses unknown flags with a TypeError naming the flag.
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`fuyuan ${name}: ${(err as Error).message}\n`);
      return 2;
    }
    throw err;
  }
}

export function main(): void {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: Error) => {
      process.stderr.write(`fuyuan: ${err.message}\n`);
      process.exit(1);
    },
  );
}

if (require.main === module) main();
