import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { col, fk, index } from './table-builders';

// Reports kept for download (GET /api/report-files), and the covering index the
// disputes report counts on: one range scan of a period's filings reads every
// column the report groups by, without visiting the table rows.
export class ReportFiles1765300000000 implements MigrationInterface {
  name = 'ReportFiles1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'report_file',
      columns: [
        col.id(),
        col.varchar('name', 32),
        col.varchar('periodLabel', 64),
        col.varchar('format', 8),
        col.varchar('path', 200),
        col.int('size'),
        col.datetime('createdAt'),
        col.int('createdById', true),
      ],
      indices: [index('ix_report_file_created', ['createdAt'])],
      foreignKeys: [fk('fk_report_file_creator', 'createdById', 'user', 'SET NULL')],
    }));
    await q.createIndex('dispute', new TableIndex(index('ix_dispute_report', REPORT_INDEX_COLUMNS)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('dispute', 'ix_dispute_report');
    await q.dropTable('report_file');
  }
}

// Frozen here (the entity repeats it): a later change is a new migration.
const REPORT_INDEX_COLUMNS = ['createdAt', 'category', 'status', 'committeeId', 'villageId', 'village', 'deadlineAt', 'closedAt'];
