import { createMomentCache } from './moment-cache';
import type { Principal } from './principal';

// Authenticated sessions remembered for a moment, so that a burst of requests
// with one token costs one session lookup (hash, SELECT, user join) instead of
// one a request.
//
// The rules are moment-cache.ts's: everything that ends a session or changes
// who its user is (logout, revoking tokens, deactivating, a new role, agency
// or villages) forgets the user's entries after its transaction commits, and
// an entry lives at most `ttlMs` (2 s by default): a token revoked on another
// instance is refused here within that time. The session's own expiry is
// still judged on every request by the caller with the injected clock.

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
  const cache = createMomentCache<string, CachedSession>({ ttlMs: o.ttlMs ?? SESSION_CACHE_TTL_MS, maxEntries: MAX_ENTRIES, monotonicMs: o.monotonicMs });
  return {
    get: (tokenHash) => cache.get(tokenHash),
    epoch: () => cache.epoch(),
    set: (tokenHash, entry, since) => cache.set(tokenHash, entry, since),
    forgetUser: (userId) => cache.forget((e) => e.userId === userId),
    forgetSession: (sessionId) => cache.forget((e) => e.principal.credential?.sessionId === sessionId),
  };
}
