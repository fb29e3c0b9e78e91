import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { col, fk, index } from './table-builders';

// Linkage items become a working engine: a deadline may be provisional (a
// year without holiday data), and an item may be copied to other agencies,
// who read it without acting on it.
export class LinkageItems1765281600000 implements MigrationInterface {
  name = 'LinkageItems1765281600000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('linkage_item', new TableColumn({ name: 'provisional', type: 'boolean', isNullable: false, default: 0 }));
    await q.createTable(
      new Table({
        name: 'linkage_copy',
        columns: [col.id(), col.int('itemId'), col.int('agencyId')],
        indices: [index('uq_linkage_copy', ['itemId', 'agencyId'], true), index('ix_linkage_copy_agency', ['agencyId'])],
        foreignKeys: [
          fk('fk_linkage_copy_item', 'itemId', 'linkage_item', 'CASCADE'),
          fk('fk_linkage_copy_agency', 'agencyId', 'agency', 'CASCADE'),
        ],
      }),
      true, true, true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('linkage_copy', true, true, true);
    await q.dropColumn('linkage_item', 'provisional');
  }
}
