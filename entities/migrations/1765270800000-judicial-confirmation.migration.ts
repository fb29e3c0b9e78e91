import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from './table-builders';

// 司法确认 (joint application for judicial confirmation of a mediation
// agreement): the 30-day window's end, set when the dispute is resolved, and
// when each party applied. Both set: the application went to the court.
export class JudicialConfirmation1765270800000 implements MigrationInterface {
  name = 'JudicialConfirmation1765270800000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('dispute', [
      new TableColumn(col.datetime('confirmationDueAt', true)),
      new TableColumn(col.datetime('residentAppliedAt', true)),
      new TableColumn(col.datetime('otherPartyAppliedAt', true)),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumns('dispute', ['otherPartyAppliedAt', 'residentAppliedAt', 'confirmationDueAt']);
  }
}
