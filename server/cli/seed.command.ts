import type { Config } from '../config';
import { systemClock } from '../domain/clock';
import { createLogger } from '../logger';
import type { SeedResult } from '../seed/seed-service';
import { openAndMigrate, seedDemo } from '../wiring';
import { staff } from '../texts/staff.texts';

// `npx fuyuan seed`: the Baota District demo into an empty database, by hand.
// Its 47 made-up staff have WeCom user ids that are common pinyin names; in a
// real deployment a real employee with such an id would become a judge, so
// production refuses before touching the database.

export const SEED_REFUSED_IN_PRODUCTION =
  `fuyuan seed: ${staff.cli.seedRefusedInProduction}\n` +
  'fuyuan seed: refusing to add demo people to a production database (NODE_ENV=production).';

export async function seedCommand(config: Config): Promise<number> {
  if (config.production) {
    process.stderr.write(SEED_REFUSED_IN_PRODUCTION + '\n');
    return 1;
  }
  const logger = createLogger(config.logLevel);
  let result!: SeedResult;
  const db = await openAndMigrate(config, logger, async (db) => {
    result = await seedDemo(config, db, systemClock, logger);
  });
  await db.destroy();
  process.stdout.write(
    result.seeded
      ? `demo data seeded: ${result.agencies} agencies, ${result.users} users, ${result.articles} articles\n`
      : `the database already has data (${result.agencies} agencies); nothing seeded\n`,
  );
  return 0;
}
