import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { col, index } from './table-builders';

// A hearing's identity is (normalized case number, session 庭次), not the row
// of the file it came from; and agencies get the names a court's export may
// use for them (short name, aliases) and their document-number prefix.
export class HearingIdentity1765065600000 implements MigrationInterface {
  name = 'HearingIdentity1765065600000';

  async up(q: QueryRunner): Promise<void> {
    await q.dropIndex('hearing', 'uq_hearing_source_row');
    await q.addColumns('hearing', [
      new TableColumn({ name: 'session', type: 'integer', isNullable: false, default: 1 }),
      new TableColumn(col.varchar('judgeName', 64, true)),
      new TableColumn({ name: 'noticeShort', type: 'boolean', isNullable: false, default: 0 }),
      new TableColumn(col.varchar('declaration', 16, true)),
      new TableColumn(col.text('declarationNote', true)),
      new TableColumn(col.varchar('appearanceName', 64, true)),
    ]);
    await q.createIndex('hearing', new TableIndex(index('uq_hearing_case_session', ['caseNumber', 'session'], true)));
    await q.createIndex('hearing', new TableIndex(index('ix_hearing_source_row', ['sourceRow'])));
    await q.addColumns('agency', [
      new TableColumn(col.varchar('shortName', 50, true)),
      new TableColumn(col.text('aliases', true)),
      new TableColumn(col.varchar('documentPrefix', 16, true)),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const c of ['documentPrefix', 'aliases', 'shortName']) await q.dropColumn('agency', c);
    await q.dropIndex('hearing', 'ix_hearing_source_row');
    await q.dropIndex('hearing', 'uq_hearing_case_session');
    for (const c of ['appearanceName', 'declarationNote', 'declaration', 'noticeShort', 'judgeName', 'session']) await q.dropColumn('hearing', c);
    await q.createIndex('hearing', new TableIndex(index('uq_hearing_source_row', ['sourceRow'], true)));
  }
}
