import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from './table-builders';

// The audit names how an action was authorised, so that actions taken with the
// shared admin token (no actor) are told apart from a person's session or API token.
export class AuditTokenKind1764547200000 implements MigrationInterface {
  name = 'AuditTokenKind1764547200000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('audit_entry', new TableColumn(col.varchar('tokenKind', 16, true)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('audit_entry', 'tokenKind');
  }
}
