import { MigrationInterface, QueryRunner, TableColumn, TableForeignKey, TableIndex } from 'typeorm';
import { col, fk, index } from './table-builders';

// A dispute names the listed village it comes from (GET /api/places), or is
// flagged when its village was typed and matches none, for an admin to map.
export class DisputePlaces1765260000000 implements MigrationInterface {
  name = 'DisputePlaces1765260000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('dispute', [
      new TableColumn(col.int('villageId', true)),
      new TableColumn({ name: 'placeUnmapped', type: 'boolean', isNullable: false, default: 0 }),
    ]);
    await q.createIndex('dispute', new TableIndex(index('ix_dispute_village_id', ['villageId'])));
    await q.createForeignKey('dispute', new TableForeignKey(fk('fk_dispute_village', 'villageId', 'agency', 'SET NULL')));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropForeignKey('dispute', 'fk_dispute_village');
    await q.dropIndex('dispute', 'ix_dispute_village_id');
    await q.dropColumn('dispute', 'placeUnmapped');
    await q.dropColumn('dispute', 'villageId');
  }
}
