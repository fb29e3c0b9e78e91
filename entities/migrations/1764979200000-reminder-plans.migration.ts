import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { col, fk, index } from './table-builders';

// Reminder plans (versioned dedupe keys, the overdue sweep), dispute
// extensions, a provisional flag on dispute deadlines, and the subscribe
// credit a notification holds (given back when it is cancelled).
export class ReminderPlans1764979200000 implements MigrationInterface {
  name = 'ReminderPlans1764979200000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'reminder_plan',
        columns: [
          col.id(), col.varchar('subjectType', 32), col.int('subjectId'), col.int('version'), col.datetime('dueAt', true),
          col.int('urges'), col.datetime('lastUrgeAt', true), col.datetime('escalatedAt', true), col.datetime('updatedAt'),
        ],
        indices: [index('uq_reminder_plan_subject', ['subjectType', 'subjectId'], true), index('ix_reminder_plan_due', ['dueAt'])],
      }),
      true,
      true,
      true,
    );
    await q.createTable(
      new Table({
        name: 'dispute_extension',
        columns: [
          col.id(), col.int('disputeId'), col.int('days'), col.text('reason'), col.varchar('status', 16), col.int('requestedById'),
          col.int('approvedById', true), col.datetime('approvedAt', true), col.datetime('residentConsentAt', true),
          col.datetime('otherPartyConsentAt', true), col.datetime('previousDeadlineAt', true), col.datetime('newDeadlineAt', true),
          col.datetime('createdAt'),
        ],
        indices: [index('ix_dispute_extension_dispute', ['disputeId', 'status'])],
        foreignKeys: [fk('fk_dispute_extension_dispute', 'disputeId', 'dispute', 'CASCADE')],
      }),
      true,
      true,
      true,
    );
    await q.addColumn('dispute', new TableColumn({ name: 'deadlineProvisional', type: 'boolean', isNullable: false, default: 0 }));
    await q.addColumn('notification', new TableColumn(col.int('creditUserId', true)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('notification', 'creditUserId');
    await q.dropColumn('dispute', 'deadlineProvisional');
    await q.dropTable('dispute_extension', true);
    await q.dropTable('reminder_plan', true);
  }
}
