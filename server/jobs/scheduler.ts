import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock';

// The only place that calls node-cron. Jobs are plain functions of "now";
// this runs them on their schedules in Asia/Shanghai, never two runs of one
// job at once, and on stop waits for the runs in progress to finish.

export interface Job {
  name: string;
  // A node-cron pattern with seconds, read in Asia/Shanghai.
  pattern: string;
  run(now: Date): Promise<unknown>;
}

export interface Scheduler {
  stop(): Promise<void>;
}

export const TIMEZONE = 'Asia/Shanghai';

// "Every N seconds" as a cron pattern. N that divides a minute (or an hour,
// in whole minutes) ticks evenly; any other N ticks at the multiples of N
// within each minute.
export function everySeconds(n: number): string {
  if (n < 60) return `*/${n} * * * * *`;
  if (n % 60 === 0 && n < 3600) return `0 */${n / 60} * * * *`;
  return '0 0 * * * *';
}

export function startScheduler(jobs: Job[], deps: { clock: Clock; logger: Logger }): Scheduler {
  const running = new Set<Promise<unknown>>();
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(
      job.pattern,
      async () => {
        const run = job.run(deps.clock.now()).catch((err: unknown) => {
          // A failed run is logged and the next one tries again; it never stops the schedule.
          deps.logger.error({ err, job: job.name }, 'scheduled job failed');
        });
        running.add(run);
        try {
          await run;
        } finally {
          running.delete(run);
        }
      },
      { name: job.name, timezone: TIMEZONE, noOverlap: true },
    ),
  );
  deps.logger.info({ jobs: jobs.map((j) => `${j.name} (${j.pattern})`) }, 'scheduler started');
  return {
    async stop() {
      await Promise.all(tasks.map((t) => t.stop()));
      await Promise.all([...running]);
      await Promise.all(tasks.map((t) => t.destroy()));
    },
  };
}
