import test from 'ava';
import { Counter } from '../../entities';
import { openTestDb } from '../helpers/databases';

// SQLite's transactions run one at a time through a queue
// (server/db/data-source.ts). The driver is synchronous, so the queue must
// hand the event loop a turn between them, or a burst of transactions runs
// back to back without Node reading a socket: requests arriving meanwhile
// wait for the whole burst (issue 14).

test('queued SQLite transactions run one at a time, in order, with a turn of the event loop between them', async (t) => {
  const db = await openTestDb('sqlite');
  try {
    const n = 20;
    const done: number[] = [];
    // What the event loop saw: how many had finished at each turn it got.
    const turns: number[] = [];
    let watching = true;
    const watch = () => {
      turns.push(done.length);
      if (watching) setImmediate(watch);
    };
    setImmediate(watch);
    let inside = 0;
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        db.ds.transaction(async (em) => {
          inside++;
          t.is(inside, 1, 'two transactions at once');
          await em.insert(Counter, { name: `c${i}`, value: i });
          await em.update(Counter, { name: `c${i}` }, { value: i + 1 });
          inside--;
          done.push(i);
        }),
      ),
    );
    watching = false;
    t.deepEqual(done, Array.from({ length: n }, (_, i) => i));
    t.is(await db.ds.manager.count(Counter), n);
    // The loop had turns while the burst was under way, not only before and after it.
    const during = turns.filter((k) => k > 0 && k < n);
    t.true(during.length >= n / 2, `turns with some but not all done: ${JSON.stringify(turns)}`);
  } finally {
    await db.close();
  }
});
