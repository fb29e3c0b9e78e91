import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

// Locks one row for the rest of the transaction, to make a check-then-write
// safe (a daily limit, a status move). SQLite has no row locks, and needs
// none: this process runs its transactions one at a time.
export async function lockRow<T extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<T>, id: number): Promise<T | null> {
  const q = em.createQueryBuilder(entity, 'r').where('r.id = :id', { id });
  if (em.connection.options.type !== 'better-sqlite3') q.setLock('pessimistic_write');
  return q.getOne();
}
