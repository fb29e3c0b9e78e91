import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { col, index } from './table-builders';

// The disputes report's summary tables (see entities/dispute-stat.entity.ts),
// filled from the disputes already there, and a covering index for the live
// part of the report: open disputes past their deadline.
export class DisputeStats1765310000000 implements MigrationInterface {
  name = 'DisputeStats1765310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'dispute_stat',
      columns: [col.id(), col.varchar('month', 7), col.varchar('category', 32), col.int('committeeId'), col.int('villageId'), col.varchar('village', 64), col.varchar('status', 32), col.int('n')],
      indices: [index('uq_dispute_stat', ['month', 'category', 'committeeId', 'villageId', 'village', 'status'], true)],
    }));
    await q.createTable(new Table({
      name: 'dispute_resolve_stat',
      columns: [col.id(), col.varchar('month', 7), col.int('tenths'), col.int('n')],
      indices: [index('uq_dispute_resolve_stat', ['month', 'tenths'], true)],
    }));
    await q.createIndex('dispute', new TableIndex(index('ix_dispute_overdue', OVERDUE_INDEX_COLUMNS)));
    for (const sql of backfillDisputeStatsSql(q.connection.options.type === 'better-sqlite3' ? 'sqlite' : 'mysql')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('dispute', 'ix_dispute_overdue');
    await q.dropTable('dispute_resolve_stat');
    await q.dropTable('dispute_stat');
  }
}

// Frozen here (the entity repeats it): a later change is a new migration.
const OVERDUE_INDEX_COLUMNS = ['status', 'deadlineAt', 'createdAt', 'category', 'committeeId', 'villageId', 'village'];

// One INSERT … SELECT … GROUP BY per table, from the dispute table as it
// stands. Exported so the benchmark fills its summary the way production did.
// The arithmetic is the one countDisputeChange does in TypeScript: the
// Shanghai month of createdAt; whole hours to close, floored and never below
// zero; tenths of a day rounded half up.
export function backfillDisputeStatsSql(kind: 'sqlite' | 'mysql'): string[] {
  const sqlite = kind === 'sqlite';
  const id = (s: string) => (sqlite ? `"${s}"` : `\`${s}\``);
  const month = sqlite ? `strftime('%Y-%m', ${id('createdAt')}, '+8 hours')` : `DATE_FORMAT(DATE_ADD(${id('createdAt')}, INTERVAL 8 HOUR), '%Y-%m')`;
  const hours = sqlite
    ? `MAX(0, CAST((julianday(${id('closedAt')}) - julianday(${id('createdAt')})) * 86400000 + 0.5 AS INTEGER) / 3600000)`
    : `GREATEST(0, TIMESTAMPDIFF(MICROSECOND, ${id('createdAt')}, ${id('closedAt')}) DIV 3600000000)`;
  const div = sqlite ? '/' : 'DIV';
  return [
    `INSERT INTO ${id('dispute_stat')} (${['month', 'category', 'committeeId', 'villageId', 'village', 'status', 'n'].map(id).join(', ')}) `
      + `SELECT ${month}, ${id('category')}, COALESCE(${id('committeeId')}, 0), COALESCE(${id('villageId')}, 0), ${id('village')}, ${id('status')}, COUNT(*) `
      + `FROM ${id('dispute')} GROUP BY 1, 2, 3, 4, 5, 6`,
    `INSERT INTO ${id('dispute_resolve_stat')} (${['month', 'tenths', 'n'].map(id).join(', ')}) `
      + `SELECT m, (10 * h + 12) ${div} 24, COUNT(*) FROM (SELECT ${month} AS m, ${hours} AS h FROM ${id('dispute')} `
      + `WHERE ${id('status')} IN ('resolved', 'confirmation_requested') AND ${id('closedAt')} IS NOT NULL) x GROUP BY 1, 2`,
  ];
}
