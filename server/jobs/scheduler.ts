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
  // Runs a job now rather than at its next tick (a chat reply should not wait
  // fifteen seconds); a job already running is not started twice.
  kick(name: string): void;
  stop(): Promise<void>;
}

export const TIMEZONE = 'Asia/Shanghai';

// "Every N seconds" as a cron pattern, for the N that config admits: those
// dividing a minute, and whole minutes dividing an hour.
export function everySeconds(n: number): string {
  if (60 % n === 0) return n === 60 ? '0 * * * * *' : `*/${n} * * * * *`;
  if (n % 60 === 0 && 3600 % n === 0) return n === 3600 ? '0 0 * * * *' : `0 */${n / 60} * * * *`;
  throw new Error(`no even cron pattern ticks every ${n} seconds`);
}

export function startScheduler(jobs: Job[], deps: { clock: Clock; logger: Logger }): Scheduler {
  const running = new Set<Promise<unknown>>();
  const busy = new Set<string>();
  // Kicked while running: the run in progress may have claimed its rows
  // before the new work arrived, so one more run follows it.
  const again = new Set<string>();
  let stopped = false;
  async function runOnce(job: Job): Promise<void> {
    if (stopped) return;
    if (busy.has(job.name)) {
      again.add(job.name);
      return;
    }
    busy.add(job.name);
    const run = job.run(deps.clock.now()).catch((err: unknown) => {
      deps.logger.error({ err, job: job.name }, 'scheduled job failed');
    });
    running.add(run);
    try {
      await run;
    } finally {
      running.delete(run);
      busy.delete(job.name);
    }
    if (again.delete(job.name)) await runOnce(job);
  }
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(
      job.pattern,
      // A failed run is logged and the next one tries again; it never stops the schedule.
      () => (busy.has(job.name) ? undefined : runOnce(job)),
      { name: job.name, timezone: TIMEZONE, noOverlap: true },
    ),
  );
  deps.logger.info({ jobs: jobs.map((j) => `${j.name} (${j.pattern})`) }, 'scheduler started');
  return {
    kick(name) {
      const job = jobs.find((j) => j.name === name);
      if (job) void runOnce(job);
    },
    async stop() {
      stopped = true;
      await Promise.all(tasks.map((t) => t.stop()));
      await Promise.all([...running]);
      await Promise.all(tasks.map((t) => t.destroy()));
    },
  };
}
