import 'reflect-metadata';
import { Counter } from '../../entities';
import { nextCounterValue } from '../../server/domain/counters';
import { eachDb } from '../helpers/databases';

// nextCounterValue answers the number from its one upsert (RETURNING on
// SQLite, LAST_INSERT_ID(expr) on MySQL): from 1 on first use, one more each
// time, names apart, a rolled-back number given again, and concurrent
// transactions never sharing one.

eachDb('a named sequence starts at 1, counts on, keeps names apart and forgets a rolled-back number', async (t, db) => {
  const take = (name: string) => db.ds.transaction((em) => nextCounterValue(em, name));
  t.deepEqual([await take('serial:JF:2026'), await take('serial:JF:2026'), await take('serial:JF:2027'), await take('serial:JF:2026')], [1, 2, 1, 3]);
  await t.throwsAsync(
    db.ds.transaction(async (em) => {
      t.is(await nextCounterValue(em, 'serial:JF:2026'), 4);
      throw new Error('filing refused after the number was taken');
    }),
    { message: 'filing refused after the number was taken' },
  );
  t.is(await take('serial:JF:2026'), 4);
  // What the table holds is what was answered.
  t.deepEqual(
    (await db.ds.manager.find(Counter, { order: { name: 'ASC' } })).map((c) => [c.name, c.value]),
    [['serial:JF:2026', 4], ['serial:JF:2027', 1]],
  );
});

eachDb('transactions taking numbers at once each get a different one, with no gap', async (t, db) => {
  const n = 24;
  const got = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      db.ds.transaction(async (em) => {
        // Another sequence first, so transactions hold different locks in turn.
        await nextCounterValue(em, `other:${i % 3}`);
        return nextCounterValue(em, 'serial:JF:2026');
      }),
    ),
  );
  t.deepEqual([...got].sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i + 1));
  t.deepEqual((await db.ds.manager.findBy(Counter, { name: 'other:0' })).map((c) => c.value), [8]);
});
