import { parseArgs } from 'node:util';
import type { Config } from '../config';
import { rotatePersonalData } from '../domain/personal-data-rotation';
import { createLogger } from '../logger';
import { openAndMigrate, personalDataCipher } from '../wiring';
import { common } from '../texts/resident.texts';

// `fuyuan rotate-data-key`: after FUYUAN_DATA_KEY_ID names a new current key
// (and the old one moved to FUYUAN_DATA_KEYS), seal every stored phone and ID
// number with it; then the old key can leave FUYUAN_DATA_KEYS (all but k1,
// which the lookup hashes are derived from). Safe to run again, and while
// the server runs.

const out = (line: string) => process.stdout.write(line + '\n');

export async function rotateDataKeyCommand(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { 'batch-size': { type: 'string' } }, strict: true });
  const batchSize = values['batch-size'] ? Number(values['batch-size']) : 200;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    process.stderr.write('--batch-size must be a whole number from 1 to 10000\n');
    return 2;
  }
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const db = await openAndMigrate(config, logger);
  try {
    const result = await rotatePersonalData(db, personalDataCipher(config, logger), { batchSize });
    out(`re-encrypted ${result.rotated} personal value(s) with data key ${result.keyId}; ${result.current} already used it`);
    if (result.unreadable.length === 0) return 0;
    out(`${result.unreadable.length} value(s) could not be decrypted with any key in the ring and were left as they are (shown as "${common.unreadable}"):`);
    for (const u of result.unreadable) out(`  ${u.table}.${u.column} id ${u.id}: ${u.reason}${u.keyId ? ` (key ${u.keyId})` : ''}`);
    return 1;
  } finally {
    await db.destroy();
  }
}
