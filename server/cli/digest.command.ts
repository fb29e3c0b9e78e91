import { parseArgs } from 'node:util';
import type { Config } from '../config';
import { fixedClock, systemClock } from '../domain/clock';
import { createOutbox } from '../domain/outbox/outbox-service';
import { runLinkageDigest } from '../jobs/linkage-digest.job';
import { createLogger } from '../logger';
import { openAndMigrate } from '../wiring';

// The weekly linkage digest by hand (a missed Monday, or a look at a past
// week): the same job the scheduler runs, at now or at --now. A week already
// written is not written again; the sender delivers the rows on its next tick.
export async function digestCommand(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { now: { type: 'string' } }, strict: true });
  const now = values.now ? new Date(values.now) : systemClock.now();
  if (Number.isNaN(now.getTime())) {
    process.stderr.write(`--now must be an ISO date and time, e.g. 2026-12-07T09:00:00+08:00 (got "${values.now}")\n`);
    return 2;
  }
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const db = await openAndMigrate(config, logger);
  try {
    const r = await runLinkageDigest({ db, outbox: createOutbox({ db, clock: fixedClock(now) }), logger }, now);
    process.stdout.write(`linkage digest ${r.week}: ${r.groups} group(s), ${r.messages} message(s) written to the outbox\n`);
    return 0;
  } finally {
    await db.destroy();
  }
}
