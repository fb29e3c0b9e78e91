import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

// Many rows in one INSERT, values prepared exactly as TypeORM would prepare
// them (transformers, dates, booleans) but bound straight to the driver:
// TypeORM's own query builder spends more time naming parameters than the
// database spends inserting, which matters when a plan writes 100,000 rows.
// Ids are not read back. Both drivers take `?` placeholders.
export async function insertRows<T extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<T>, rows: Array<Partial<T>>): Promise<void> {
  if (!rows.length) return;
  await em.query(...insertStatement(em, entity, rows));
}

// One row, its generated id read back from the driver's answer (no SELECT
// after it, as TypeORM's save makes): SQLite answers an INSERT with its
// rowid, MySQL with an OK packet holding insertId.
export async function insertOne<T extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<T>, row: Partial<T>): Promise<number> {
  const answer: unknown = await em.query(...insertStatement(em, entity, [row]));
  const id = em.connection.options.type === 'better-sqlite3' ? answer : (answer as { insertId?: unknown } | null)?.insertId;
  if ((typeof id !== 'number' && typeof id !== 'bigint') || !Number(id)) throw new Error(`INSERT into ${em.connection.getMetadata(entity).tableName} answered no id`);
  return Number(id);
}

function insertStatement<T extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<T>, rows: Array<Partial<T>>): [string, unknown[]] {
  const meta = em.connection.getMetadata(entity);
  const driver = em.connection.driver;
  const columns = meta.columns.filter((c) => !c.isGenerated);
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    for (const c of columns) {
      // preparePersistentValue applies the column's transformer too.
      const v: unknown = c.getEntityValue(row);
      const prepared: unknown = v === undefined ? null : driver.preparePersistentValue(v, c);
      params.push(prepared ?? null);
    }
    return `(${columns.map(() => '?').join(', ')})`;
  });
  const names = columns.map((c) => driver.escape(c.databaseName)).join(', ');
  return [`INSERT INTO ${driver.escape(meta.tableName)} (${names}) VALUES ${tuples.join(', ')}`, params];
}

// Which of `values` a column already holds (a unique key, say).
export async function existingValues<T extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<T>, column: string, values: Array<string | number>, where?: { column: string; value: string }): Promise<Set<unknown>> {
  if (!values.length) return new Set();
  const meta = em.connection.getMetadata(entity);
  const e = (s: string) => em.connection.driver.escape(s);
  const extra = where ? ` AND ${e(where.column)} = ?` : '';
  const rows: Array<Record<string, unknown>> = await em.query(
    `SELECT ${e(column)} AS v FROM ${e(meta.tableName)} WHERE ${e(column)} IN (${values.map(() => '?').join(', ')})${extra}`,
    where ? [...values, where.value] : values,
  );
  return new Set(rows.map((r) => (typeof values[0] === 'number' ? Number(r.v) : r.v)));
}
