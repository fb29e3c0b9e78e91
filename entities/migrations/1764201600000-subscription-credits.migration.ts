import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, fk, index } from './table-builders';

export class SubscriptionCredits1764201600000 implements MigrationInterface {
  name = 'SubscriptionCredits1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'subscription_credit',
        columns: [col.id(), col.int('userId'), col.varchar('template', 32), col.int('credits'), col.datetime('updatedAt')],
        indices: [index('uq_subscription_credit', ['userId', 'template'], true)],
        foreignKeys: [fk('fk_subscription_credit_user', 'userId', 'user', 'CASCADE')],
      }),
      true,
      true,
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('subscription_credit', true);
  }
}
