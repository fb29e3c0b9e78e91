// Answers remembered for a moment, so that a burst of requests asking the
// same thing costs one read instead of one a request (issue 14).
//
// Two rules keep an answer from outliving the truth. In this process, a write
// that changes what was remembered calls `forget` after its transaction
// commits, and a read that began before such a `forget` does not store its
// answer (the caller takes `epoch()` before reading and hands it to `set`).
// Across instances nothing tells this process, so an entry lives at most
// `ttlMs`: a change made on another instance shows here within that time.
//
// The age of an entry is elapsed time on a monotonic timer, not a date: it
// does not move with the injected clock or with the machine's date.

export interface MomentCache<K, V> {
  // The value for `key` still young enough, or undefined.
  get(key: K): V | undefined;
  // The epoch to pass to `set`, taken when a read begins.
  epoch(): number;
  // Stores what a read found, unless something was forgotten since `epoch`.
  set(key: K, value: V, epoch: number): void;
  // Forgets the entries `match` picks, or all of them.
  forget(match?: (value: V) => boolean): void;
}

export interface MomentCacheOptions {
  ttlMs: number;
  // Oldest out first beyond this many.
  maxEntries: number;
  monotonicMs?: () => number;
}

export function createMomentCache<K, V>(o: MomentCacheOptions): MomentCache<K, V> {
  const monotonicMs = o.monotonicMs ?? (() => performance.now());
  const entries = new Map<K, { value: V; storedAt: number }>();
  let epoch = 0;
  return {
    get(key) {
      const e = entries.get(key);
      if (!e) return undefined;
      if (monotonicMs() - e.storedAt >= o.ttlMs) {
        entries.delete(key);
        return undefined;
      }
      return e.value;
    },
    epoch: () => epoch,
    set(key, value, since) {
      if (o.ttlMs <= 0 || since !== epoch) return;
      // A Map iterates in insertion order: the first key is the oldest.
      if (entries.size >= o.maxEntries && !entries.has(key)) entries.delete(entries.keys().next().value!);
      entries.delete(key);
      entries.set(key, { value, storedAt: monotonicMs() });
    },
    forget(match) {
      epoch++;
      if (!match) return entries.clear();
      for (const [key, e] of entries) if (match(e.value)) entries.delete(key);
    },
  };
}
