import { TableColumnOptions, TableForeignKeyOptions, TableIndexOptions } from 'typeorm';
import { DATETIME, DATETIME_PRECISION } from '../columns';

// Portable column shapes for migrations: the QueryRunner table API turns these
// into the right DDL for SQLite and for MySQL/MariaDB alike. Frozen with the
// migrations that use them: a later migration that needs another shape adds a
// builder, it never changes one.
export const col = {
  id: (): TableColumnOptions => ({
    name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment',
  }),
  int: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable }),
  varchar: (name: string, length: number, nullable = false): TableColumnOptions => ({
    name, type: 'varchar', length: String(length), isNullable: nullable,
  }),
  text: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable }),
  bool: (name: string): TableColumnOptions => ({ name, type: 'boolean', isNullable: false }),
  datetime: (name: string, nullable = false): TableColumnOptions => ({
    name, type: DATETIME, precision: DATETIME_PRECISION, isNullable: nullable,
  }),
};

export function index(name: string, columnNames: string[], isUnique = false): TableIndexOptions {
  return { name, columnNames, isUnique };
}

export function fk(
  name: string,
  column: string,
  referencedTableName: string,
  onDelete: 'CASCADE' | 'SET NULL' | 'RESTRICT',
): TableForeignKeyOptions {
  return { name, columnNames: [column], referencedTableName, referencedColumnNames: ['id'], onDelete, onUpdate: 'NO ACTION' };
}
