import type { Logger } from 'pino';

// Work a request starts and does not wait for (a chat answer after WeCom has
// had its empty 200). Failures are logged, never thrown at nobody; a stopping
// server drains what is still running before it closes the database.
export interface Background {
  run(logger: Logger, about: Record<string, unknown>, work: () => Promise<void>): void;
  drain(): Promise<void>;
}

export function createBackground(): Background {
  const running = new Set<Promise<void>>();
  return {
    run(logger, about, work) {
      const task = new Promise<void>((resolve) => setImmediate(resolve))
        .then(work)
        .catch((err: unknown) => logger.error({ err, ...about }, 'background work failed'))
        .finally(() => running.delete(task));
      running.add(task);
    },
    async drain() {
      while (running.size) await Promise.all([...running]);
    },
  };
}
