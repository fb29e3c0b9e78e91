import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

// 请调解员给我回电: a dispute whose resident asked to be called back. Existing
// disputes did not ask, hence false.
export class DisputeCallback1765242000000 implements MigrationInterface {
  name = 'DisputeCallback1765242000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('dispute', new TableColumn({ name: 'callback', type: 'boolean', isNullable: false, default: 0 }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('dispute', 'callback');
  }
}
