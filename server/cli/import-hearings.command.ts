import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config';
import { systemClock } from '../domain/clock';
import { DomainError } from '../domain/errors';
import { createHearingImport } from '../domain/hearings/hearing-import';
import { ADMIN_TOKEN_PRINCIPAL } from '../domain/principal';
import { shanghaiTime } from '../domain/shanghai-time';
import { IMPORT_LIMIT_BYTES } from '../http/routes/hearings.routes';
import { createLogger } from '../logger';
import { openAndMigrate } from '../wiring';

// `fuyuan import-hearings FILE [--dry-run] [--from D --to D]`: the court's
// calendar from a shell, the same import as POST /api/hearings/import, with a
// progress bar for large files.

const out = (line: string) => process.stdout.write(line + '\n');
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function day(s: string | undefined) {
  const m = s === undefined ? null : DAY.exec(s);
  return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null;
}

export async function importHearingsCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { 'dry-run': { type: 'boolean' }, from: { type: 'string' }, to: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [file] = positionals;
  if (!file || positionals.length !== 1) return usage('usage: fuyuan import-hearings FILE [--dry-run] [--from YYYY-MM-DD --to YYYY-MM-DD]');
  if ((values.from === undefined) !== (values.to === undefined)) return usage('--from and --to go together');
  const from = day(values.from);
  const to = day(values.to);
  if (values.from !== undefined && (!from || !to)) return usage('--from and --to are dates such as 2026-12-01');
  const size = await stat(file).then((s) => s.size, () => -1);
  if (size < 0) return usage(`cannot read ${file}`);
  if (size > IMPORT_LIMIT_BYTES) return usage(`${file} is larger than ${IMPORT_LIMIT_BYTES / 1024 / 1024} MB: split it`);

  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const db = await openAndMigrate(config, logger);
  try {
    const importer = createHearingImport({ db, clock: systemClock });
    const result = await importer.import(
      await readFile(file),
      {
        dryRun: !!values['dry-run'],
        window: from && to ? { from: shanghaiTime(from), to: new Date(shanghaiTime(to).getTime() + 86_400_000) } : undefined,
        source: basename(file),
        onProgress: progressBar(),
      },
      { actor: ADMIN_TOKEN_PRINCIPAL, requestId: 'cli' },
    );
    out(`${values['dry-run'] ? 'dry run (nothing written): ' : ''}created ${result.created}, rescheduled ${result.rescheduled}, cancelled ${result.cancelled}, unchanged ${result.unchanged}, updated ${result.updated}`);
    for (const [kind, list] of [['error', result.errors], ['warning', result.warnings]] as const) {
      for (const p of list.slice(0, 50)) out(`${kind} row ${p.row} [${p.column}]: ${p.message}`);
      if (list.length > 50) out(`… ${list.length - 50} more ${kind}s`);
    }
    return result.errors.length ? 1 : 0;
  } catch (err) {
    if (err instanceof DomainError) {
      process.stderr.write(`fuyuan import-hearings: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await db.destroy();
  }
}

function usage(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}

// On a terminal, one line redrawn; in a log, a line every tenth.
function progressBar() {
  let lastTenth = -1;
  return (done: number, total: number) => {
    if (total < 2000) return;
    const share = done / total;
    if (process.stderr.isTTY) {
      const width = 30;
      const filled = Math.round(share * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`);
    } else if (Math.floor(share * 10) > lastTenth) {
      lastTenth = Math.floor(share * 10);
      process.stderr.write(`${done}/${total} rows\n`);
    }
  };
}
