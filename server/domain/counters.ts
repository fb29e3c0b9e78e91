import type { EntityManager } from 'typeorm';
import { Counter } from '../../entities';
import { isUniqueViolation } from '../db/db-errors';

// The next number of a named sequence, inside the caller's transaction. The
// UPDATE locks the counter's row until commit, so concurrent transactions
// take turns and no two get the same number; the first use creates the row.
export async function nextCounterValue(em: EntityManager, name: string): Promise<number> {
  const updated = await em
    .createQueryBuilder()
    .update(Counter)
    .set({ value: () => 'value + 1' })
    .where('name = :name', { name })
    .execute();
  if (!updated.affected) {
    try {
      await em.insert(Counter, { name, value: 1 });
      return 1;
    } catch (err) {
      // Another transaction created it first: now it exists, take the next.
      if (!isUniqueViolation(err)) throw err;
      return nextCounterValue(em, name);
    }
  }
  return (await em.findOneByOrFail(Counter, { name })).value;
}
