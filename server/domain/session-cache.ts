import type { Principal } from './principal';

// Authenticated sessions remembered for a moment, so that a burst of requests
// with one token costs one session lookup (hash, SELECT, user join) instead of
// one a request.
//
// Correctness rests on two rules. In this process, everything that ends a
// session or changes who its user is (logout, revoking tokens, deactivating,
// a new role, agency or villages) forgets the user's entries after its
// transaction commits, and a lookup that began before such a change does not
// store its stale answer (the epoch check). Across instances nothing tells
// this process, so an entry lives at most `ttlMs` (2 s by default): a token
// revoked on another instance is refused here within that time.
//
// The age of an entry is elapsed time on a monotonic timer, not a date: the
// session's own expiry is still judged on every request by the caller with
// the injected clock.

export interface CachedSession {
  principal: Principal;
  userId: number;
  expiresAt: Date;
}

export interface SessionCache {
  // The entry for a token hash still young enough, or undefined.
  get(tokenHash: string): CachedSession | undefined;
  // The epoch to pass to `set` when a lookup begins.
  epoch(): number;
  // Stores what a lookup found, unless something was forgotten since `epoch`.
  set(tokenHash: string, entry: CachedSession, epoch: number): void;
  forgetUser(userId: number): void;
  forgetSession(sessionId: number): void;
}

export const SESSION_CACHE_TTL_MS = 2000;
const MAX_ENTRIES = 10_000;

export function createSessionCache(o: { ttlMs?: number; monotonicMs?: () => number } = {}): SessionCache {
  const ttlMs = o.ttlMs ?? SESSION_CACHE_TTL_MS;
  const monotonicMs = o.monotonicMs ?? (() => performance.now());
  const entries = new Map<string, CachedSession & { storedAt: number }>();
  let epoch = 0;
  const forget = (match: (e: CachedSession) => boolean) => {
    epoch++;
    for (const [hash, e] of entries) if (match(e)) entries.delete(hash);
  };
  return {
    get(tokenHash) {
      const e = entries.get(tokenHash);
      if (!e) return undefined;
      if (monotonicMs() - e.storedAt >= ttlMs) {
        entries.delete(tokenHash);
        return undefined;
      }
      return e;
    },
    epoch: () => epoch,
    set(tokenHash, entry, since) {
      if (ttlMs <= 0 || since !== epoch) return;
      // Oldest first out: a Map iterates in insertion order.
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      entries.set(tokenHash, { ...entry, storedAt: monotonicMs() });
    },
    forgetUser: (userId) => forget((e) => e.userId === userId),
    forgetSession: (sessionId) => forget((e) => e.principal.credential?.sessionId === sessionId),
  };
}
