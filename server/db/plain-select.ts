import { DateUtils, type DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';

// Hand-written SELECTs for the request path (issue 14). TypeORM's query
// builder costs ~0.3 ms of CPU a statement to build the SQL and hydrate the
// rows, more than SQLite takes to run it; these statements are written once
// per DataSource and their rows turned into the same entity objects TypeORM
// would make, through the driver's own hydration (dates, booleans, JSON
// transformers), so the views built from them cannot tell the difference.

export interface Projection<T> {
  // `"d"."id" AS "d_id", …` for the SELECT list.
  select: string;
  // The entity from a row, or null when its primary key is null (nothing on a LEFT JOIN).
  read(row: Record<string, unknown>): T | null;
}

export interface PlainSql {
  ds: DataSource;
  sqlite: boolean;
  // An identifier quoted for the dialect.
  q(name: string): string;
  table(entity: EntityTarget<ObjectLiteral>): string;
  column(entity: EntityTarget<ObjectLiteral>, property: string): string;
  projection<T extends ObjectLiteral>(entity: EntityTarget<T>, alias: string, properties?: readonly string[]): Projection<T>;
  // A value bound the way TypeORM binds it for this dialect.
  param(value: unknown): unknown;
  // Runs a statement: the transaction's manager inside one, the pool outside.
  rows(em: EntityManager, sql: string, params: unknown[]): Promise<Array<Record<string, unknown>>>;
}

// A module's statements, written once per DataSource: `build` runs on the
// first call for a DataSource and its answer lives as long as that DataSource.
export function perDataSource<T>(build: (p: PlainSql) => T): (ds: DataSource) => T {
  const built = new WeakMap<DataSource, T>();
  return (ds) => {
    let known = built.get(ds);
    if (known === undefined) built.set(ds, (known = build(plainSql(ds))));
    return known;
  };
}

const cache = new WeakMap<DataSource, PlainSql>();

export function plainSql(ds: DataSource): PlainSql {
  let p = cache.get(ds);
  if (!p) cache.set(ds, (p = create(ds)));
  return p;
}

function create(ds: DataSource): PlainSql {
  const driver = ds.driver;
  const sqlite = ds.options.type === 'better-sqlite3';
  const q = (name: string) => driver.escape(name);
  const columnOf = (entity: EntityTarget<ObjectLiteral>, property: string): ColumnMetadata => {
    const c = ds.getMetadata(entity).findColumnWithPropertyName(property);
    if (!c) throw new Error(`no column ${property}`);
    return c;
  };
  return {
    ds,
    sqlite,
    q,
    table: (entity) => q(ds.getMetadata(entity).tableName),
    column: (entity, property) => q(columnOf(entity, property).databaseName),
    projection<T extends ObjectLiteral>(entity: EntityTarget<T>, alias: string, properties?: readonly string[]): Projection<T> {
      const meta = ds.getMetadata(entity);
      const columns = properties ? properties.map((p) => columnOf(entity, p)) : meta.columns;
      const primary = meta.primaryColumns[0]!;
      if (!columns.includes(primary)) throw new Error(`${meta.name}: the projection must hold its primary key`);
      const keyOf = (c: ColumnMetadata) => `${alias}_${c.propertyName}`;
      const select = columns.map((c) => `${q(alias)}.${q(c.databaseName)} AS ${q(keyOf(c))}`).join(', ');
      const keys = columns.map(keyOf);
      const primaryKey = keyOf(primary);
      return {
        select,
        read(row) {
          if (row[primaryKey] === null || row[primaryKey] === undefined) return null;
          const entityObject = meta.create() as T;
          for (let i = 0; i < columns.length; i++) {
            const c = columns[i]!;
            c.setEntityValue(entityObject, driver.prepareHydratedValue(row[keys[i]!], c));
          }
          return entityObject;
        },
      };
    },
    param(value) {
      if (value instanceof Date) return sqlite ? DateUtils.mixedDateToUtcDatetimeString(value) : value;
      if (typeof value === 'boolean') return value ? 1 : 0;
      // As server/db/data-source.ts binds them: SQLite gets an INTEGER, not a REAL.
      if (sqlite && typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
      return value;
    },
    rows: (em, sql, params) => em.query(sql, params) as Promise<Array<Record<string, unknown>>>,
  };
}
