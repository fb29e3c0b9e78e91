import { entities, migrations } from '../../entities';
import { migrate } from '../../server/db/data-source';
import { eachDb } from '../helpers/databases';

const TABLES = [
  'agency', 'user', 'session', 'dispute', 'dispute_entry', 'article', 'hearing', 'hearing_subscription',
  'linkage_item', 'linkage_event', 'linkage_copy', 'notification', 'consent', 'audit_entry', 'counter', 'subscription_credit', 'inbound_message',
  'calendar_day', 'calendar_year', 'reminder_plan', 'dispute_extension', 'explanation_request', 'dispute_article', 'report_file', 'dispute_stat', 'dispute_resolve_stat',
];
const ALL = migrations.map((m) => m.name);

eachDb('migrations create every table, and a second run changes nothing', async (t, db) => {
  t.deepEqual(await migrate(db.ds), ALL);
  t.true(ALL.length >= 2);
  t.deepEqual(await migrate(db.ds), []);
  const qr = db.ds.createQueryRunner();
  try {
    for (const name of TABLES) t.true(await qr.hasTable(name), `table ${name}`);
  } finally {
    await qr.release();
  }
  t.is(entities.length, TABLES.length);
}, { migrated: false });

// If an entity and the migrations disagree, TypeORM would want to alter the
// schema: that list must be empty, or production runs a schema nobody tested.
eachDb('the migrated schema is exactly what the entities describe', async (t, db) => {
  const log = await db.ds.driver.createSchemaBuilder().log();
  t.deepEqual(log.upQueries.map((q) => q.query), []);
});

eachDb('the indexes later features rely on exist', async (t, db) => {
  const qr = db.ds.createQueryRunner();
  try {
    const indexNames = async (table: string) => (await qr.getTable(table))!.indices.map((i) => i.name);
    t.true((await indexNames('notification')).includes('ix_notification_status_due'));
    t.true((await indexNames('notification')).includes('uq_notification_dedupe'));
    t.true((await indexNames('hearing')).includes('ix_hearing_starts'));
    t.true((await indexNames('linkage_item')).includes('ix_linkage_item_status_due'));
    t.true((await indexNames('dispute')).includes('ix_dispute_resident'));
    t.true((await indexNames('dispute')).includes('ix_dispute_committee_status'));
  } finally {
    await qr.release();
  }
});

eachDb('every migration reverts cleanly, and they apply again', async (t, db) => {
  for (let i = 0; i < ALL.length; i++) await db.ds.undoLastMigration();
  const qr = db.ds.createQueryRunner();
  try {
    t.false(await qr.hasTable('agency'));
    t.false(await qr.hasTable('subscription_credit'));
    t.deepEqual(await migrate(db.ds), ALL);
    t.true(await qr.hasTable('agency'));
  } finally {
    await qr.release();
  }
});

eachDb('foreign keys hold: a session cannot point at a user that does not exist', async (t, db) => {
  await t.throwsAsync(
    db.ds.query(
      db.kind === 'mysql'
        ? "INSERT INTO `session` (tokenHash, userId, kind, expiresAt, createdAt) VALUES ('x', 999, 'login', NOW(), NOW())"
        : "INSERT INTO \"session\" (tokenHash, userId, kind, expiresAt, createdAt) VALUES ('x', 999, 'login', '2026-01-01', '2026-01-01')",
    ),
  );
});
