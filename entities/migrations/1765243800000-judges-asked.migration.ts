import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, fk, index } from './table-builders';

// Mediators ask the judges (explanation_request) and judges attach 法官说法
// articles to a dispute (dispute_article).
export class JudgesAsked1765243800000 implements MigrationInterface {
  name = 'JudgesAsked1765243800000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'explanation_request',
        columns: [
          col.id(), col.int('disputeId'), col.int('askerId', true), col.text('question'), col.datetime('createdAt'),
          col.datetime('answeredAt', true), col.int('answerEntryId', true),
        ],
        indices: [
          index('ix_explanation_request_open', ['answeredAt', 'createdAt']),
          index('ix_explanation_request_dispute', ['disputeId', 'answeredAt']),
        ],
        foreignKeys: [
          fk('fk_explanation_request_dispute', 'disputeId', 'dispute', 'CASCADE'),
          fk('fk_explanation_request_asker', 'askerId', 'user', 'SET NULL'),
          fk('fk_explanation_request_answer', 'answerEntryId', 'dispute_entry', 'SET NULL'),
        ],
      }),
      true, true, true,
    );
    await q.createTable(
      new Table({
        name: 'dispute_article',
        columns: [col.id(), col.int('disputeId'), col.int('articleId'), col.int('attachedById', true), col.datetime('attachedAt')],
        indices: [index('uq_dispute_article', ['disputeId', 'articleId'], true)],
        foreignKeys: [
          fk('fk_dispute_article_dispute', 'disputeId', 'dispute', 'CASCADE'),
          fk('fk_dispute_article_article', 'articleId', 'article', 'CASCADE'),
        ],
      }),
      true, true, true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('dispute_article', true, true, true);
    await q.dropTable('explanation_request', true, true, true);
  }
}
