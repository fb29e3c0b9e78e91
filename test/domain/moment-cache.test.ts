import test from 'ava';
import { createMomentCache } from '../../server/domain/moment-cache';

// The cache behind the session cache and the categories' newest articles:
// ages on a timer the test moves, never on a date.

function cache(o: { ttlMs?: number; maxEntries?: number } = {}) {
  let now = 1000;
  const c = createMomentCache<string, { owner: number }>({ ttlMs: o.ttlMs ?? 100, maxEntries: o.maxEntries ?? 10, monotonicMs: () => now });
  return { c, advance: (ms: number) => void (now += ms) };
}

test('an entry is given back until it is ttlMs old, then read again', (t) => {
  const { c, advance } = cache();
  c.set('a', { owner: 1 }, c.epoch());
  advance(99);
  t.deepEqual(c.get('a'), { owner: 1 });
  advance(1);
  t.is(c.get('a'), undefined);
  // Stored again, it is young again.
  c.set('a', { owner: 2 }, c.epoch());
  t.deepEqual(c.get('a'), { owner: 2 });
});

test('a read that began before a forget does not store its answer', (t) => {
  const { c } = cache();
  const cases: Array<[string, (c: ReturnType<typeof cache>['c']) => void]> = [
    ['forget all', (x) => x.forget()],
    ['forget some other entry', (x) => x.forget((v) => v.owner === 99)],
  ];
  for (const [title, forget] of cases) {
    const began = c.epoch();
    forget(c);
    c.set('late', { owner: 1 }, began);
    t.is(c.get('late'), undefined, title);
    // A read that begins after the forget stores.
    c.set('late', { owner: 1 }, c.epoch());
    t.deepEqual(c.get('late'), { owner: 1 }, title);
    c.forget();
  }
});

test('forget drops the entries it matches, or all', (t) => {
  const { c } = cache();
  for (const [k, owner] of [['a', 1], ['b', 2], ['c', 1]] as const) c.set(k, { owner }, c.epoch());
  c.forget((v) => v.owner === 1);
  t.deepEqual(['a', 'b', 'c'].map((k) => c.get(k)?.owner ?? null), [null, 2, null]);
  c.forget();
  t.is(c.get('b'), undefined);
});

test('beyond maxEntries the oldest stored goes first; storing a key again makes it the newest', (t) => {
  const { c } = cache({ maxEntries: 3 });
  for (const k of ['a', 'b', 'c']) c.set(k, { owner: 0 }, c.epoch());
  c.set('a', { owner: 1 }, c.epoch());
  c.set('d', { owner: 0 }, c.epoch());
  t.deepEqual(['a', 'b', 'c', 'd'].map((k) => c.get(k) !== undefined), [true, false, true, true]);
});

test('a ttl of 0 remembers nothing', (t) => {
  const { c } = cache({ ttlMs: 0 });
  c.set('a', { owner: 1 }, c.epoch());
  t.is(c.get('a'), undefined);
});
