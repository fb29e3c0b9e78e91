import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
import { index } from './table-builders';

// GET /api/disputes lists newest first, 20 a page, for staff who see them all:
// without an index on that order every page sorted the whole table (the list
// profile of issue 14). With it, a page is read in order and stops at LIMIT.
export class DisputeCreatedIndex1765400000000 implements MigrationInterface {
  name = 'DisputeCreatedIndex1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('dispute', new TableIndex(index('ix_dispute_created', ['createdAt', 'id'])));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('dispute', 'ix_dispute_created');
  }
}
