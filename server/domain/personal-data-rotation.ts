import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { Dispute, User } from '../../entities';
import { UnreadablePersonalData, type PersonalDataCipher } from './personal-data';

// Seals every stored personal value again with the current data key, so old
// keys can leave the ring (`fuyuan rotate-data-key`). Batches of rows by id;
// a value already under the current key is left alone, so a second run (or
// one after an interruption) does only what is left. Each value is replaced
// only if it is still the one read: a resident who changes their number
// meanwhile keeps the new one. The lookup hashes do not change (their key is
// not rotated: see personal-data.ts).

interface CipherColumn {
  entity: EntityTarget<ObjectLiteral>;
  table: string;
  column: string;
}

// Every column that holds personal data cipher text.
export const CIPHER_COLUMNS: CipherColumn[] = [
  { entity: User, table: 'user', column: 'phoneCipher' },
  { entity: User, table: 'user', column: 'idNumberCipher' },
  { entity: Dispute, table: 'dispute', column: 'contactPhoneCipher' },
];

export interface RotationResult {
  keyId: string;
  // Sealed again with the current key in this run.
  rotated: number;
  // Already under the current key.
  current: number;
  // No key in the ring can read them (unknown key id, tampered): left as they are.
  unreadable: Array<{ table: string; column: string; id: number; keyId: string | null; reason: string }>;
}

export async function rotatePersonalData(
  db: DataSource,
  pii: PersonalDataCipher,
  { batchSize = 200, onBatch }: { batchSize?: number; onBatch?: (progress: { table: string; column: string; rotated: number }) => void } = {},
): Promise<RotationResult> {
  const result: RotationResult = { keyId: pii.currentKeyId, rotated: 0, current: 0, unreadable: [] };
  for (const { entity, table, column } of CIPHER_COLUMNS) {
    let after = 0;
    for (;;) {
      const rows: Array<{ id: number } & Record<string, string>> = await db
        .getRepository(entity)
        .createQueryBuilder('r')
        .select(['r.id', `r.${column}`])
        .where(`r.${column} IS NOT NULL`)
        .andWhere('r.id > :after', { after })
        .orderBy('r.id', 'ASC')
        .take(batchSize)
        .getMany() as never;
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.id;
      const stale = rows.filter((r) => {
        if (pii.keyIdOf(r[column]!) !== pii.currentKeyId) return true;
        result.current++;
        return false;
      });
      let rotated = 0;
      await db.transaction(async (em) => {
        for (const row of stale) {
          const old = row[column]!;
          let plain: string;
          try {
            plain = pii.decrypt(old);
          } catch (err) {
            if (!(err instanceof UnreadablePersonalData)) throw err;
            result.unreadable.push({ table, column, id: row.id, keyId: err.keyId, reason: err.reason });
            continue;
          }
          const done = await em
            .createQueryBuilder()
            .update(entity)
            .set({ [column]: pii.encrypt(plain) })
            .where({ id: row.id, [column]: old })
            .execute();
          rotated += done.affected ?? 0;
        }
      });
      result.rotated += rotated;
      onBatch?.({ table, column, rotated });
    }
  }
  return result;
}
