import test from 'ava';
import { openDatabase } from '../../server/db/data-source';
import { migrationLockName, withMigrationLock } from '../../server/db/migration-lock';
import { DB_KINDS, openTestDb } from '../helpers/databases';

// The lock two instances take around migrations and seeding
// (test/server/instances.test.ts races real processes through it).

for (const kind of DB_KINDS) {
  test(`a second instance waits for the first one's migration lock, then goes on [${kind}]`, async (t) => {
    const db = await openTestDb(kind, { migrated: false });
    const other = await openDatabase(db.target);
    try {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const order: string[] = [];
      const first = withMigrationLock(db.ds, async () => {
        order.push('first in');
        await held;
        order.push('first out');
      });
      while (!order.length) await new Promise((r) => setTimeout(r, 10));
      const second = withMigrationLock(other, async () => void order.push('second in'));
      await new Promise((r) => setTimeout(r, 500));
      if (kind === 'mysql') t.deepEqual(order, ['first in'], 'the second waits while the first holds the lock');
      release();
      await Promise.all([first, second]);
      t.deepEqual(order, kind === 'mysql' ? ['first in', 'first out', 'second in'] : ['first in', 'second in', 'first out']);
    } finally {
      await other.destroy();
      await db.close();
    }
  });
}

const mysqlTest = DB_KINDS.includes('mysql') ? test : test.skip;

mysqlTest('waiting longer than the timeout stops with a message naming the lock; a failed run releases it [mysql]', async (t) => {
  const db = await openTestDb('mysql', { migrated: false });
  const other = await openDatabase(db.target);
  try {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let entered = false;
    const first = withMigrationLock(db.ds, async () => {
      entered = true;
      await held;
    });
    while (!entered) await new Promise((r) => setTimeout(r, 10));
    const database = new URL(db.target.url!).pathname.slice(1);
    const err = await t.throwsAsync(withMigrationLock(other, async () => 'never', 1));
    t.true(err!.message.includes(`another instance has held the migration lock "${migrationLockName(database)}" for 1 s`), err!.message);
    release();
    await first;

    await t.throwsAsync(withMigrationLock(db.ds, async () => {
      throw new Error('migration failed');
    }), { message: 'migration failed' });
    t.is(await withMigrationLock(other, async () => 'next', 1), 'next', 'the lock was released after the failure');
  } finally {
    await other.destroy();
    await db.close();
  }
});

test('lock names are per database and at most 64 characters', (t) => {
  t.is(migrationLockName('fuyuan'), 'fuyuan.migrate.fuyuan');
  const long = migrationLockName('x'.repeat(64));
  t.true(long.length <= 64);
  t.not(long, migrationLockName('x'.repeat(63) + 'y'));
});
