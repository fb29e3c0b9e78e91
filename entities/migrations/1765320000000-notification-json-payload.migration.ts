import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

// A robot image message carries its PNG in the payload as base64 (up to 2 MB
// of picture, ~2.7 MB of text): MariaDB's `text` holds 64 KB. `json` is
// LONGTEXT there and text on SQLite, and both read the stored JSON as before.
export class NotificationJsonPayload1765320000000 implements MigrationInterface {
  name = 'NotificationJsonPayload1765320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.changeColumn('notification', 'payload', new TableColumn({ name: 'payload', type: 'json', isNullable: false }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.changeColumn('notification', 'payload', new TableColumn({ name: 'payload', type: 'text', isNullable: false }));
  }
}
