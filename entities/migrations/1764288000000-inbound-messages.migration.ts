import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from './table-builders';

export class InboundMessages1764288000000 implements MigrationInterface {
  name = 'InboundMessages1764288000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'inbound_message',
        columns: [col.id(), col.varchar('source', 16), col.varchar('messageId', 128), col.datetime('receivedAt')],
        indices: [index('uq_inbound_message', ['source', 'messageId'], true), index('ix_inbound_message_received', ['receivedAt'])],
      }),
      true,
      true,
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('inbound_message', true);
  }
}
