import type { DataSource, Logger } from 'typeorm';

// Every statement the DataSource sends, through TypeORM's logger (the driver
// calls logQuery for each one): `take` gives those sent since the last take.
export function countStatements(ds: DataSource): { take: () => string[]; restore: () => void } {
  const original = ds.logger;
  let seen: string[] = [];
  const counting = new Proxy(original, {
    get(target, prop, receiver) {
      if (prop === 'logQuery') return (query: string) => void seen.push(query);
      return Reflect.get(target, prop, receiver);
    },
  }) as Logger;
  (ds as { logger: Logger }).logger = counting;
  return {
    take: () => {
      const out = seen;
      seen = [];
      return out;
    },
    restore: () => void ((ds as { logger: Logger }).logger = original),
  };
}
