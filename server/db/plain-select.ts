import { DateUtils, QueryFailedError, type DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';

// Hand-written SELECTs for the request path (issue 14). TypeORM's query
// builder costs ~0.3 ms of CPU a statement to build the SQL and hydrate the
// rows, more than SQLite takes to run it; these statements are written once
// per DataSource and their rows turned into the same entity objects TypeORM
// would make (dates, booleans, JSON transformers: through the driver's own
// hydration where it does more than take the value), so the views built from
// them cannot tell the difference.

export interface Projection<T> {
  // `"d"."id" AS "d_id", …` for the SELECT list.
  select: string;
  // The entity from a row, or null when its primary key is null (nothing on a LEFT JOIN).
  read(row: Record<string, unknown>): T | null;
  // `"d"."id", "d"."serial", …`: the same columns as the values of a json_array(…).
  values: string;
  width: number;
  // The entity from a json_array's values, the first at `at`; null as `read`.
  readValues(values: readonly unknown[], at: number): T | null;
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
  // SQL: one row's values as one JSON array.
  jsonRow(values: string): string;
  // SQL, SQLite only: many rows' jsonRow(…) folded into one JSON array, in
  // no set order; `[]` for none. (MariaDB's JSON_ARRAYAGG over text costs
  // 300–500 µs a call here and is cut at group_concat_max_len, 1 MB by default.)
  jsonList(row: string): string;
  // A JSON value as the driver hands it over: text on SQLite, already parsed
  // by mysql2 on MySQL/MariaDB. NULL stays null.
  fromJson(value: unknown): unknown;
  // Runs a statement: the transaction's manager inside one, the pool outside.
  // On MySQL/MariaDB as a prepared statement (see preparedRows).
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
  // A DATETIME as text in UTC. SQLite's driver reads only these forms so (to
  // the millisecond, as stored here); MySQL's text inside JSON may carry six digits.
  const datetimeText = sqlite ? /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{3})?$/ : /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?$/;
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
      const ref = (c: ColumnMetadata) => `${q(alias)}.${q(c.databaseName)}`;
      const select = columns.map((c) => `${ref(c)} AS ${q(keyOf(c))}`).join(', ');
      const keys = columns.map(keyOf);
      const primaryIndex = columns.indexOf(primary);
      // Each column's value set as TypeORM would set it. Plain integers and
      // text are taken as they come, and a DATETIME's text ('YYYY-MM-DD
      // HH:MM:SS.fff', UTC as stored: SQLite's, and MySQL's inside JSON) is
      // read here; anything else goes through the driver and the column's
      // metadata, as TypeORM does. Through the driver each value cost ~0.5 µs
      // (a list page hydrates ~400). test/disputes/dispute-read-plain-sql.test.ts
      // holds the result to TypeORM's own reading, on both databases.
      const setters = columns.map((c): ((entity: ObjectLiteral, v: unknown) => void) => {
        const generic = (entity: ObjectLiteral, v: unknown) => c.setEntityValue(entity, driver.prepareHydratedValue(v, c));
        if (c.transformer || c.embeddedMetadata || c.isVirtual) return generic;
        const name = c.propertyName;
        if (c.type === 'integer' || c.type === 'varchar' || c.type === 'text') {
          return (entity, v) => (v === undefined ? generic(entity, v) : void (entity[name] = v));
        }
        if (c.type === 'datetime') {
          return (entity, v) => (typeof v === 'string' && datetimeText.test(v) ? void (entity[name] = new Date(`${v.replace(' ', 'T')}Z`)) : generic(entity, v));
        }
        return generic;
      });
      // Written out twice, for named rows and for JSON arrays: no closure a row on this path.
      const primaryKey = keys[primaryIndex]!;
      return {
        select,
        read(row) {
          if (row[primaryKey] === null || row[primaryKey] === undefined) return null;
          const entity = meta.create() as T;
          for (let i = 0; i < setters.length; i++) setters[i]!(entity, row[keys[i]!]);
          return entity;
        },
        values: columns.map(ref).join(', '),
        width: columns.length,
        readValues(values, at) {
          if (values[at + primaryIndex] === null || values[at + primaryIndex] === undefined) return null;
          const entity = meta.create() as T;
          for (let i = 0; i < setters.length; i++) setters[i]!(entity, values[at + i]);
          return entity;
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
    jsonRow: (values) => `JSON_ARRAY(${values})`,
    jsonList: (row) => {
      if (!sqlite) throw new Error('jsonList: SQLite only');
      return `json_group_array(${row})`;
    },
    fromJson: (value) => (typeof value === 'string' ? JSON.parse(value) : (value ?? null)),
    rows: sqlite ? (em, sql, params) => em.query(sql, params) as Promise<Array<Record<string, unknown>>> : preparedRows(ds),
  };
}

// The mysql2 surface used here: a pool or one connection that executes.
interface Executes {
  execute(sql: string, params: unknown[], done: (err: Error | null, rows: unknown) => void): void;
}

// MySQL/MariaDB: these statements are fixed text, so each runs as a
// server-side prepared statement (mysql2's execute, prepared once per
// connection and kept): MariaDB parses and plans a query's text every time,
// and the read's UNION ALL took ~350 µs as text against ~200 µs prepared,
// a primary-key SELECT through TypeORM's query runner ~230 µs against ~100 µs
// on the pool (bench/README.md, "Sixth pass"). Inside a transaction it runs
// on the transaction's connection; outside, on the pool, without a query
// runner. The DataSource's logger sees every statement as TypeORM's own
// queries do, and a failure is TypeORM's QueryFailedError. Dates are bound as
// UTC text, as TypeORM's text queries bind them (timezone 'Z').
function preparedRows(ds: DataSource): PlainSql['rows'] {
  const driver = ds.driver as unknown as { pool?: Executes };
  return async (em, sql, params) => {
    const runner = em.queryRunner;
    // The pool as the driver holds it now (a DataSource initialized again has a new one).
    const target = runner ? ((await runner.connect()) as Executes) : driver.pool;
    if (!target) return em.query(sql, params) as Promise<Array<Record<string, unknown>>>;
    const bound = params.map((v) => (v instanceof Date ? DateUtils.mixedDateToUtcDatetimeString(v) : v));
    ds.logger.logQuery(sql, bound, runner);
    try {
      return await new Promise<Array<Record<string, unknown>>>((resolve, reject) =>
        target.execute(sql, bound, (err, rows) => (err ? reject(err) : resolve(rows as Array<Record<string, unknown>>))),
      );
    } catch (err) {
      ds.logger.logQueryError(err as Error, sql, bound, runner);
      throw new QueryFailedError(sql, bound, err as Error);
    }
  };
}
