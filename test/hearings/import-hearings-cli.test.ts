import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { Hearing } from '../../entities';
import { migrate, openDatabase } from '../../server/db/data-source';
import { cleanEnv, spawnFuyuan } from '../helpers/cli.helper';

// `npx fuyuan import-hearings FILE` as the liaison office's operator runs it:
// the real binary, a SQLite file, a calendar with a bad row, progress on stderr.

const dir = mkdtempSync(join(tmpdir(), 'fuyuan-import-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

async function fuyuan(args: string[]) {
  const run = spawnFuyuan(args, cleanEnv({ FUYUAN_DATA_DIR: dir, LOG_LEVEL: 'warn' }));
  const timer = setTimeout(() => run.child.kill('SIGKILL'), 120_000);
  const { code } = await run.exit;
  clearTimeout(timer);
  return { code, lines: run.stdout().split('\n').filter((l) => l && !l.startsWith('{')), stderr: run.stderr() };
}

test.serial('a large calendar with one bad row: dry run, then applied, then nothing to do; progress is shown', async (t) => {
  const rows = ['案号,庭次,开庭时间,案由'];
  for (let i = 1; i <= 3000; i++) rows.push(`（2026）陕0602民初${i}号,1,2026-12-${String((i % 28) + 1).padStart(2, '0')} 09:00,借贷`);
  rows.push('（2026）陕0602民初9999号,1,下周,借贷');
  const file = join(dir, '排期表.csv');
  writeFileSync(file, rows.join('\n'));

  const dry = await fuyuan(['import-hearings', file, '--dry-run']);
  t.is(dry.code, 1, 'a file with errors exits 1, so a script notices');
  t.deepEqual(dry.lines, [
    'dry run (nothing written): created 3000, rescheduled 0, cancelled 0, unchanged 0, updated 0',
    'error row 3002 [开庭时间]: 无法识别的开庭时间“下周”，请写成 2026-12-08 09:00',
  ]);
  t.regex(dry.stderr, /3000\/3000 rows/);

  const ds = await openDatabase({ sqlitePath: join(dir, 'fuyuan.sqlite') });
  try {
    await migrate(ds);
    t.is(await ds.manager.count(Hearing), 0);
    const applied = await fuyuan(['import-hearings', file]);
    t.is(applied.lines[0], 'created 3000, rescheduled 0, cancelled 0, unchanged 0, updated 0');
    t.is(await ds.manager.count(Hearing), 3000);
    const again = await fuyuan(['import-hearings', file]);
    t.is(again.lines[0], 'created 0, rescheduled 0, cancelled 0, unchanged 3000, updated 0');
  } finally {
    await ds.destroy();
  }
  t.is((await fuyuan(['import-hearings'])).code, 2);
  t.is((await fuyuan(['import-hearings', file, '--from', '2026-12-01'])).code, 2);
});
