import { readFileSync } from 'node:fs';
import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col } from './table-builders';

// The working-day calendar, filled with the holiday arrangements the
// chinese-days package carries (2004–2026 in 1.5.7, pinned exactly in
// package.json), so every database has them, production included. Later
// years are loaded by an admin (PUT /api/calendar/:year, `fuyuan calendar
// load`) when the State Council publishes them.
//
// The years are listed here rather than taken from whatever the package holds,
// so this migration inserts the same rows whichever package version is
// installed later; a newer year comes in through the loader or a migration of
// its own. The package's per-year form is read inline (not through the server's
// loader) so that later changes to that code cannot change what this did.
const FIRST_YEAR = 2004;
const LAST_YEAR = 2026;
const PACKAGE = 'chinese-days';

export class WorkingCalendar1764892800000 implements MigrationInterface {
  name = 'WorkingCalendar1764892800000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'calendar_day',
        columns: [
          { name: 'date', type: 'varchar', length: '10', isPrimary: true },
          col.varchar('kind', 16),
          col.varchar('name', 64, true),
          col.varchar('source', 191),
        ],
      }),
      true,
      true,
      true,
    );
    await q.createTable(
      new Table({
        name: 'calendar_year',
        columns: [
          { name: 'year', type: 'integer', isPrimary: true },
          col.varchar('source', 191),
          col.datetime('loadedAt'),
          col.int('revision'),
        ],
      }),
      true,
      true,
      true,
    );

    const version = (JSON.parse(readFileSync(require.resolve(`${PACKAGE}/package.json`), 'utf8')) as { version: string }).version;
    const source = `${PACKAGE}@${version}`;
    const days: unknown[][] = [];
    const years: unknown[][] = [];
    // The moment of the migration is bookkeeping, not business time; written
    // as the UTC text both drivers store a datetime(3) as.
    const loadedAt = new Date().toISOString().replace('T', ' ').replace('Z', '');
    for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
      const data = JSON.parse(readFileSync(require.resolve(`${PACKAGE}/dist/years/${year}.json`), 'utf8')) as {
        holidays: Record<string, string>;
        workdays: Record<string, string>;
      };
      for (const [kind, map] of [['holiday', data.holidays], ['workday', data.workdays]] as const) {
        for (const [date, value] of Object.entries(map)) {
          if (!date.startsWith(`${year}-`)) throw new Error(`${PACKAGE} ${year}.json lists ${date}`);
          days.push([date, kind, chineseName(value), source]);
        }
      }
      years.push([year, source, loadedAt, 1]);
    }
    await insertRows(q, 'calendar_day', ['date', 'kind', 'name', 'source'], days);
    await insertRows(q, 'calendar_year', ['year', 'source', 'loadedAt', 'revision'], years);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('calendar_year', true);
    await q.dropTable('calendar_day', true);
  }
}

// "National Day,国庆节,3": English name, Chinese name, length in days.
function chineseName(value: string): string | null {
  const parts = value.split(',');
  const name = (parts.length >= 3 ? parts[parts.length - 2]! : value).trim();
  return name ? [...name].slice(0, 64).join('') : null;
}

async function insertRows(q: QueryRunner, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const escape = (id: string) => q.connection.driver.escape(id);
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += 100) {
    const chunk = rows.slice(i, i + 100);
    await q.query(
      `INSERT INTO ${escape(table)} (${columns.map(escape).join(', ')}) VALUES ${chunk.map(() => placeholders).join(', ')}`,
      chunk.flat(),
    );
  }
}
