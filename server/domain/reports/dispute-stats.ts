import type { EntityManager } from 'typeorm';
import type { Dispute } from '../../../entities';
import { shanghaiDate } from '../shanghai-time';

// The one writer of the disputes report's summary (dispute_stat,
// dispute_resolve_stat): every filing and every status move calls it in its
// own transaction with the dispute's counted state before (null when filed)
// and after, so the summary never disagrees with the dispute table. The
// migration's backfill (entities/migrations/1765310000000-dispute-stats) does
// the same arithmetic in SQL.

export type CountedState = Pick<Dispute, 'createdAt' | 'category' | 'committeeId' | 'villageId' | 'village' | 'status' | 'closedAt'>;

// Resolved here as the report counts them (OUTCOME in disputes-report.ts).
const RESOLVED = new Set(['resolved', 'confirmation_requested']);
const HOUR = 3_600_000;

export const statMonth = (at: Date): string => {
  const d = shanghaiDate(at);
  return `${d.year}-${String(d.month).padStart(2, '0')}`;
};

// Whole hours to close, in tenths of a day rounded half up: what days1 shows.
export const tenthsOfDay = (hours: number): number => Math.floor((10 * hours + 12) / 24);

function resolveTenths(s: CountedState): number | null {
  if (!RESOLVED.has(s.status) || !s.closedAt) return null;
  return tenthsOfDay(Math.max(0, Math.floor((s.closedAt.getTime() - s.createdAt.getTime()) / HOUR)));
}

export async function countDisputeChange(em: EntityManager, before: CountedState | null, after: CountedState | null): Promise<void> {
  const key = (s: CountedState) => [statMonth(s.createdAt), s.category, s.committeeId ?? 0, s.villageId ?? 0, s.village, s.status] as const;
  const bk = before && key(before);
  const ak = after && key(after);
  if (!bk || !ak || bk.join('\u0000') !== ak.join('\u0000')) {
    if (bk) await upsert(em, 'dispute_stat', ['month', 'category', 'committeeId', 'villageId', 'village', 'status'], [...bk], -1);
    if (ak) await upsert(em, 'dispute_stat', ['month', 'category', 'committeeId', 'villageId', 'village', 'status'], [...ak], 1);
  }
  // createdAt never changes, so the month is the same before and after.
  const bt = before ? resolveTenths(before) : null;
  const at = after ? resolveTenths(after) : null;
  if (bt !== at) {
    if (before && bt !== null) await upsert(em, 'dispute_resolve_stat', ['month', 'tenths'], [statMonth(before.createdAt), bt], -1);
    if (after && at !== null) await upsert(em, 'dispute_resolve_stat', ['month', 'tenths'], [statMonth(after.createdAt), at], 1);
  }
}

// Race-safe as nextCounterValue (server/domain/counters.ts): one statement
// creates the row or moves its count, under the row's lock until commit.
async function upsert(em: EntityManager, table: string, keys: string[], values: Array<string | number>, delta: number) {
  const driver = em.connection.driver;
  const cols = [...keys, 'n'].map((c) => driver.escape(c)).join(', ');
  const n = driver.escape('n');
  const marks = [...keys, 'n'].map(() => '?').join(', ');
  await em.query(
    em.connection.options.type === 'better-sqlite3'
      ? `INSERT INTO ${driver.escape(table)} (${cols}) VALUES (${marks}) ON CONFLICT (${keys.map((c) => driver.escape(c)).join(', ')}) DO UPDATE SET ${n} = ${n} + ?`
      : `INSERT INTO ${driver.escape(table)} (${cols}) VALUES (${marks}) ON DUPLICATE KEY UPDATE ${n} = ${n} + ?`,
    [...values, delta, delta],
  );
}
