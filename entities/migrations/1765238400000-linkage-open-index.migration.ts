import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
import { index } from './table-builders';

// An agency's open linkage items, soonest deadline first, with a million items
// in the table (bench/linkage.bench.ts): (toAgencyId, status, dueAt) finds them
// and orders them from the index alone. It replaces (toAgencyId, status), its
// prefix, which answered the same filter but had to read every open row's
// deadline from the table to sort.
export class LinkageOpenIndex1765238400000 implements MigrationInterface {
  name = 'LinkageOpenIndex1765238400000';

  async up(q: QueryRunner): Promise<void> {
    // Made before the old one goes: InnoDB keeps an index for fk_linkage_item_to at every step.
    await q.createIndex('linkage_item', new TableIndex(index('ix_linkage_item_to_status_due', ['toAgencyId', 'status', 'dueAt'])));
    await q.dropIndex('linkage_item', 'ix_linkage_item_to_status');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createIndex('linkage_item', new TableIndex(index('ix_linkage_item_to_status', ['toAgencyId', 'status'])));
    await q.dropIndex('linkage_item', 'ix_linkage_item_to_status_due');
  }
}
