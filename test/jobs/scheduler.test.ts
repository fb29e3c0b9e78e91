import test from 'ava';
import pino from 'pino';
import { fixedClock } from '../../server/domain/clock';
import { everySeconds, startScheduler } from '../../server/jobs/scheduler';

const RARELY = '0 0 0 1 1 *'; // midnight on 1 January: never during a test

test('tick periods become even cron patterns, and uneven ones are refused', (t) => {
  t.is(everySeconds(15), '*/15 * * * * *');
  t.is(everySeconds(60), '0 * * * * *');
  t.is(everySeconds(300), '0 */5 * * * *');
  t.is(everySeconds(3600), '0 0 * * * *');
  t.throws(() => everySeconds(90));
});

test('a kicked job runs now, once at a time, once more if kicked while running, and stop waits for it', async (t) => {
  const clock = fixedClock('2026-11-26T01:00:00Z');
  const seen: Date[] = [];
  let release!: () => void;
  let first = true;
  const gate = new Promise<void>((r) => (release = r));
  const scheduler = startScheduler(
    [
      {
        name: 'job',
        pattern: RARELY,
        run: async (now) => {
          seen.push(now);
          if (first) {
            first = false;
            await gate;
          }
        },
      },
    ],
    { clock, logger: pino({ level: 'silent' }) },
  );
  scheduler.kick('job');
  scheduler.kick('job'); // while the first run waits: queued, not run alongside
  scheduler.kick('job'); // folded into the same follow-up run
  t.is(seen.length, 1);
  let stopped = false;
  const stopping = scheduler.stop().then(() => (stopped = true));
  await Promise.resolve();
  t.false(stopped, 'stop waits for the run in progress');
  release();
  await stopping;
  t.is(seen.length, 1, 'after stop, the queued follow-up does not start');
  t.deepEqual(seen[0], clock.now());
});

test('a failing job is logged and does not stop later runs', async (t) => {
  const lines: string[] = [];
  let runs = 0;
  const scheduler = startScheduler(
    [{ name: 'flaky', pattern: RARELY, run: async () => { runs++; throw new Error('boom'); } }],
    { clock: fixedClock('2026-11-26T01:00:00Z'), logger: pino({ level: 'error' }, { write: (l: string) => lines.push(l) }) },
  );
  scheduler.kick('flaky');
  await new Promise<void>((r) => setImmediate(r));
  scheduler.kick('flaky');
  await scheduler.stop();
  t.is(runs, 2);
  t.true(lines.some((l) => l.includes('scheduled job failed') && l.includes('flaky')));
});

test('work kicked during a run gets a run of its own after it', async (t) => {
  let runs = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const scheduler = startScheduler(
    [{ name: 'job', pattern: RARELY, run: async () => { runs++; if (runs === 1) await gate; } }],
    { clock: fixedClock('2026-11-26T01:00:00Z'), logger: pino({ level: 'silent' }) },
  );
  scheduler.kick('job');
  scheduler.kick('job');
  t.is(runs, 1);
  release();
  for (let i = 0; i < 100 && runs < 2; i++) await new Promise<void>((r) => setImmediate(r));
  t.is(runs, 2);
  await scheduler.stop();
});
