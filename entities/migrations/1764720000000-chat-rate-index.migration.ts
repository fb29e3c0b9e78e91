import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
import { index } from './table-builders';

// The chat rate limit counts one author's entries of one kind in the last
// minute, on every message a resident posts: an index on exactly that.
export class ChatRateIndex1764720000000 implements MigrationInterface {
  name = 'ChatRateIndex1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('dispute_entry', new TableIndex(index('ix_dispute_entry_author', ['authorId', 'kind', 'at'])));
  }

  async down(q: QueryRunner): Promise<void> {
    // InnoDB let this index serve the authorId foreign key and dropped the one
    // it had made for it: that index comes back first, as it was.
    if (q.connection.options.type !== 'better-sqlite3') {
      await q.createIndex('dispute_entry', new TableIndex(index('fk_dispute_entry_author', ['authorId'])));
    }
    await q.dropIndex('dispute_entry', 'ix_dispute_entry_author');
  }
}
