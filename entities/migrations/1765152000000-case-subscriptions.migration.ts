import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, fk, index } from './table-builders';

// Hearing subscriptions follow a case number instead of one hearing. Nothing
// wrote the old table, so it is replaced rather than converted.
export class CaseSubscriptions1765152000000 implements MigrationInterface {
  name = 'CaseSubscriptions1765152000000';

  async up(q: QueryRunner): Promise<void> {
    await q.dropTable('hearing_subscription', true, true, true);
    await q.createTable(
      new Table({
        name: 'hearing_subscription',
        columns: [col.id(), col.varchar('caseNumber', 64), col.int('userId'), col.datetime('createdAt')],
        indices: [
          index('uq_hearing_subscription', ['caseNumber', 'userId'], true),
          index('ix_hearing_subscription_case', ['caseNumber']),
          index('ix_hearing_subscription_user', ['userId']),
        ],
        foreignKeys: [fk('fk_hearing_subscription_user', 'userId', 'user', 'CASCADE')],
      }),
      true, true, true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('hearing_subscription', true, true, true);
    await q.createTable(
      new Table({
        name: 'hearing_subscription',
        columns: [col.id(), col.int('hearingId'), col.int('userId'), col.varchar('channel', 32), col.datetime('consentedAt')],
        indices: [index('uq_hearing_subscription', ['hearingId', 'userId', 'channel'], true), index('ix_hearing_subscription_user', ['userId'])],
        foreignKeys: [
          fk('fk_hearing_subscription_hearing', 'hearingId', 'hearing', 'CASCADE'),
          fk('fk_hearing_subscription_user', 'userId', 'user', 'CASCADE'),
        ],
      }),
      true, true, true,
    );
  }
}
