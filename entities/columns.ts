import { ValueTransformer } from 'typeorm';

// One definition of the column types that mean the same on SQLite and MySQL,
// shared by the entities and the migrations so the two cannot drift apart.
export const DATETIME = 'datetime' as const;
export const DATETIME_PRECISION = 3;

// Lists are stored as JSON text rather than a native JSON type: SQLite has none,
// and every list here is small and read whole.
export const jsonList: ValueTransformer = {
  to: (value: unknown) => JSON.stringify(Array.isArray(value) ? value : []),
  from: (raw: unknown) => {
    if (typeof raw !== 'string' || raw === '') return [];
    try {
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? parsed : [];
    } catch {
      return [];
    }
  },
};

export const jsonObject: ValueTransformer = {
  to: (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value)),
  from: (raw: unknown) => {
    if (typeof raw !== 'string' || raw === '') return null;
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return null;
    }
  },
};
