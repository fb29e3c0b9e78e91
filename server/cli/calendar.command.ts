import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config';
import { readCalendarFile, type YearArrangement } from '../domain/calendar/calendar-files';
import { checkedArrangement } from '../domain/calendar/year-arrangement';
import { systemClock } from '../domain/clock';
import { DomainError } from '../domain/errors';
import { ADMIN_TOKEN_PRINCIPAL } from '../domain/principal';
import { createLogger } from '../logger';
import { configuredServices, openAndMigrate } from '../wiring';

// `fuyuan calendar load FILE`: an operator loads a year's holiday arrangement
// from the chinese-days package's per-year JSON or an .ics file. Each year in
// the file replaces that year, and the deadlines reaching it are recomputed,
// exactly as PUT /api/calendar/:year does.

const USAGE = 'usage: fuyuan calendar load FILE [--year YYYY] [--source TEXT]';
const out = (line: string) => process.stdout.write(line + '\n');

function refused(err: DomainError): number {
  process.stderr.write(`${err.code}: ${err.message}\n`);
  return 1;
}

function usage(message: string): number {
  process.stderr.write(`${message}\n${USAGE}\n`);
  return 2;
}

export async function calendarCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { year: { type: 'string' }, source: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals[0] !== 'load' || positionals.length !== 2) return usage('fuyuan calendar: give the file to load');
  const file = positionals[1]!;
  const onlyYear = values.year === undefined ? null : Number(values.year);
  if (onlyYear !== null && !/^\d{4}$/.test(values.year!)) return usage(`--year must be a four-digit year (got "${values.year}")`);

  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (err) {
    process.stderr.write(`cannot read ${file}: ${(err as Error).message}\n`);
    return 1;
  }

  // Every year in the file is read and checked before any is loaded: a file
  // with one bad year loads none.
  const source = values.source ?? basename(file);
  let years: YearArrangement[];
  try {
    years = readCalendarFile(file, content).filter((y) => onlyYear === null || y.year === onlyYear);
    for (const y of years) checkedArrangement(y.year, { ...y, source });
  } catch (err) {
    if (err instanceof DomainError) return refused(err);
    throw err;
  }
  if (years.length === 0) {
    process.stderr.write(onlyYear === null ? `${file} holds no days\n` : `${file} holds no days of ${onlyYear}\n`);
    return 1;
  }

  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const db = await openAndMigrate(config, logger);
  try {
    const services = configuredServices(config, db, systemClock);
    for (const y of years) {
      const loaded = await services.calendar.loadYear(
        y.year,
        { holidays: y.holidays, workdays: y.workdays, source },
        { actor: ADMIN_TOKEN_PRINCIPAL, requestId: 'cli' },
      );
      out(`${loaded.year}: loaded ${loaded.holidays.length} holiday(s) and ${loaded.workdays.length} make-up working day(s) from ${source}; ${loaded.changed} deadline(s) changed`);
    }
    return 0;
  } catch (err) {
    // A hook refusing the recompute, say: the reason, in the words the API gives.
    if (err instanceof DomainError) return refused(err);
    throw err;
  } finally {
    await db.destroy();
  }
}
