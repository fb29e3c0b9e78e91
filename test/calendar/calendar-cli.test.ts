import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { AuditEntry, CalendarDay, CalendarYear } from '../../entities';
import { openDatabase } from '../../server/db/data-source';
import { cleanEnv, spawnFuyuan } from '../helpers/cli.helper';
import { DB_KINDS, dropMysqlDatabase, mysqlUrlFor } from '../helpers/databases';

// `npx fuyuan calendar load FILE` as an operator runs it: the real binary in a
// child process, on a database of its own.

const dirs: string[] = [];
test.after.always(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function fuyuan(args: string[], env: Record<string, string>) {
  const run = spawnFuyuan(args, cleanEnv(env));
  const timer = setTimeout(() => run.child.kill('SIGKILL'), 60_000);
  const { code } = await run.exit;
  clearTimeout(timer);
  return { code, stderr: run.stderr(), lines: run.stdout().split('\n').filter((l) => l && !l.startsWith('{')) };
}

// A 2027 calendar in the shape Chinese holiday subscriptions use.
const ICS_2027 = [
  'BEGIN:VCALENDAR', 'VERSION:2.0',
  'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20270101', 'DTEND;VALUE=DATE:20270104', 'SUMMARY:元旦(休)', 'END:VEVENT',
  'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20270205', 'DTEND;VALUE=DATE:20270212', 'SUMMARY:春节 假期', 'END:VEVENT',
  'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20270214', 'DTEND;VALUE=DATE:20270215', 'SUMMARY:春节 补班', 'END:VEVENT',
  'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20271001', 'DTEND;VALUE=DATE:20271008', 'SUMMARY:国庆节(休)', 'END:VEVENT',
  'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20271009', 'DTEND;VALUE=DATE:20271010', 'SUMMARY:国庆节(班)', 'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

for (const kind of DB_KINDS) {
  test(`calendar load: an .ics and the package's JSON load, bad files load nothing [${kind}]`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'fuyuan-calendar-cli-'));
    dirs.push(dir);
    const mysqlName = `fuyuan_t_${randomBytes(6).toString('hex')}`;
    const env: Record<string, string> = { FUYUAN_DATA_DIR: dir, ...(kind === 'mysql' ? { DATABASE_URL: mysqlUrlFor(mysqlName) } : {}) };
    const target = kind === 'mysql' ? { url: mysqlUrlFor(mysqlName), sqlitePath: '' } : { sqlitePath: join(dir, 'fuyuan.sqlite') };
    const inspect = async <T>(fn: (ds: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>) => {
      const ds = await openDatabase(target);
      try {
        return await fn(ds);
      } finally {
        await ds.destroy();
      }
    };
    try {
      const ics = join(dir, '2027.ics');
      writeFileSync(ics, ICS_2027);
      const loaded = await fuyuan(['calendar', 'load', ics], env);
      t.is(loaded.code, 0, loaded.stderr);
      t.deepEqual(loaded.lines, ['2027: loaded 17 holiday(s) and 2 make-up working day(s) from 2027.ics; 0 deadline(s) changed']);
      await inspect(async (ds) => {
        t.like(await ds.getRepository(CalendarYear).findOneByOrFail({ year: 2027 }), { source: '2027.ics', revision: 1 });
        t.like(await ds.getRepository(CalendarDay).findOneByOrFail({ date: '2027-10-09' }), { kind: 'workday', name: '国庆节' });
        const audit = await ds.getRepository(AuditEntry).findOneByOrFail({ action: 'calendar.load' });
        t.like(audit, { subjectId: 2027, actorId: null, requestId: 'cli' });
      });

      // The package's own per-year file replaces 2026, under the source given.
      const json = join(dir, '2026.json');
      copyFileSync(require.resolve('chinese-days/dist/years/2026.json'), json);
      const again = await fuyuan(['calendar', 'load', json, '--source', 'chinese-days 2026'], env);
      t.is(again.code, 0, again.stderr);
      t.deepEqual(again.lines, ['2026: loaded 33 holiday(s) and 6 make-up working day(s) from chinese-days 2026; 0 deadline(s) changed']);

      // A file of several years, one of them not loadable: none is loaded.
      const mixed = join(dir, 'mixed.json');
      writeFileSync(mixed, JSON.stringify({ holidays: ['2028-01-01', '2029-01-01'], workdays: ['2029-01-01'] }));
      const refused = await fuyuan(['calendar', 'load', mixed], env);
      t.is(refused.code, 1);
      t.regex(refused.stderr, /^VALIDATION_FAILED: 调休上班日：2029-01-01 不能既是休息日又是调休上班日/);
      // --year picks the good one.
      const picked = await fuyuan(['calendar', 'load', mixed, '--year', '2028'], env);
      t.is(picked.code, 0, picked.stderr);
      t.deepEqual(picked.lines, ['2028: loaded 1 holiday(s) and 0 make-up working day(s) from mixed.json; 0 deadline(s) changed']);
      await inspect(async (ds) => {
        t.deepEqual((await ds.getRepository(CalendarYear).find({ where: [{ year: 2028 }, { year: 2029 }] })).map((y) => y.year), [2028]);
      });

      const garbage = join(dir, 'notes.txt');
      writeFileSync(garbage, '十月一日放假');
      const bad = await fuyuan(['calendar', 'load', garbage], env);
      t.is(bad.code, 1);
      t.regex(bad.stderr, /文件既不是 JSON 也不是 \.ics 日历/);
      const usage = await fuyuan(['calendar', 'load', ics, '--year', '27'], env);
      t.is(usage.code, 2);
      t.regex(usage.stderr, /--year must be a four-digit year/);
    } finally {
      if (kind === 'mysql') await dropMysqlDatabase(process.env.TEST_DATABASE_URL!, mysqlName);
    }
  });
}

