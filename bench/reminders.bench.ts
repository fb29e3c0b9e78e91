import { loadavg } from 'node:os';
import { Notification, ReminderPlan } from '../entities';
import { fixedClock } from '../server/domain/clock';
import { createOutbox } from '../server/domain/outbox/outbox-service';
import { overdueQuery } from '../server/domain/reminders/overdue-sweep';
import { createReminders, DEFAULT_REMINDER_SETTINGS, type OverdueKind } from '../server/domain/reminders/reminders';
import { addDays, shanghaiDate, shanghaiTime } from '../server/domain/shanghai-time';
import { benchDbKinds, explain, openBenchDb, sweepLeftovers, type BenchDb, type DbKind } from './kit/bench-databases';
import { runAsMain, runCleanups } from './kit/cleanup';
import { envInt } from './kit/env-knobs';
import { f0, f1 } from './kit/report';

// The reminder module's benchmark (`npm run bench`, or `npx tsx bench/reminders.bench.ts`):
//   (a) planning: reminders.planMany for BENCH_REMINDER_SUBJECTS subjects (100,000),
//       the dispute offsets (3d,0d) for one person each, in transactions of
//       1,000 subjects: the rate, and on SQLite whether it stayed within 10 s;
//   (b) the overdue sweep over BENCH_REMINDER_ROWS pending notification rows
//       (1,000,000, raw multi-row INSERTs, their plans due in the future)
//       with 100 plans past due: the sweep's time and the plan of its query,
//       which must use ix_reminder_plan_due rather than scan.
// On a temporary SQLite file, and on MySQL/MariaDB too when BENCH_DATABASE_URL
// or TEST_DATABASE_URL names a loopback server. BENCH_REMINDERS=0 skips it all;
// BENCH_REMINDER_ROWS=0 skips (b).

export interface RemindersDbResult {
  db: DbKind;
  subjects: number;
  planSeconds: number;
  plansPerSec: number;
  rows: number;
  fillSeconds: number;
  sweepMs: number;
  urged: number;
  usesIndex: boolean;
  plan: string[];
}

export interface RemindersBenchResult {
  results: RemindersDbResult[];
  skipped: string[];
}

const INDEX = 'ix_reminder_plan_due';
const DUE = 100;
const PER_TX = 1000;
const NOW = new Date('2026-12-01T02:00:00.000Z');
const toSql = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');
const secs = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e9;

async function planMany(db: BenchDb, subjects: number) {
  const clock = fixedClock(NOW);
  const reminders = createReminders({ db: db.ds, clock, outbox: createOutbox({ db: db.ds, clock }), settings: DEFAULT_REMINDER_SETTINGS });
  const dueAt = new Date(shanghaiTime(addDays(shanghaiDate(NOW), 31)).getTime() - 1);
  const started = process.hrtime.bigint();
  for (let first = 1; first <= subjects; first += PER_TX) {
    await db.ds.transaction((em) =>
      reminders.planMany(em, 'bench-plan', Array.from({ length: Math.min(PER_TX, subjects - first + 1) }, (_, k) => {
        const id = first + k;
        return {
          id,
          input: {
            dueAt, offsets: DEFAULT_REMINDER_SETTINGS.disputeOffsets, audience: [{ kind: 'user' as const, userId: 1 + (id % 50) }],
            template: ({ offset }: { offset: { amount: number } }) => ({ text: `提醒：事项 ${id} 还有 ${offset.amount} 天到期` }),
          },
        };
      })),
    );
  }
  return secs(started);
}

// `rows` pending reminder rows, ten a subject, their plans due over the coming
// months; then DUE more plans already past due.
async function fill(db: BenchDb, rows: number): Promise<number> {
  const q = db.kind === 'sqlite' ? (s: string) => `"${s}"` : (s: string) => `\`${s}\``;
  const nCols = ['channel', 'target', 'payload', 'dueAt', 'status', 'attempts', 'dedupeKey', 'subjectType', 'subjectId', 'createdAt'].map(q).join(', ');
  const pCols = ['subjectType', 'subjectId', 'version', 'dueAt', 'urges', 'updatedAt'].map(q).join(', ');
  const created = `'${toSql(NOW)}'`;
  const started = process.hrtime.bigint();
  const subjects = Math.ceil(rows / 10);
  for (let done = 0; done < rows; ) {
    await db.ds.transaction(async (em) => {
      for (let s = 0; s < 100 && done < rows; s++) {
        const end = Math.min(rows, done + 250);
        const values: string[] = [];
        for (let i = done; i < end; i++) {
          const due = `'${toSql(new Date(NOW.getTime() + 86_400_000 + i * 997))}'`;
          values.push(`('audience', '{"kind":"user","userId":${1 + (i % 50)}}', '{"text":"提醒 #${i}"}', ${due}, 'pending', 0, 'bench-sweep:${i}', 'bench-sweep', ${Math.floor(i / 10) + 1}, ${created})`);
        }
        await em.query(`INSERT INTO ${q('notification')} (${nCols}) VALUES ${values.join(', ')}`);
        done = end;
      }
    });
  }
  for (let first = 1; first <= subjects + DUE; first += 1000) {
    const values: string[] = [];
    for (let id = first; id < first + 1000 && id <= subjects + DUE; id++) {
      // The last DUE plans are a day past due; the others due in a month or more.
      const due = id > subjects ? new Date(NOW.getTime() - 86_400_000) : new Date(NOW.getTime() + 30 * 86_400_000 + id * 1000);
      values.push(`('bench-sweep', ${id}, 1, '${toSql(due)}', 0, ${created})`);
    }
    await db.ds.query(`INSERT INTO ${q('reminder_plan')} (${pCols}) VALUES ${values.join(', ')}`);
  }
  return secs(started);
}

const sweepKind: OverdueKind = {
  subjectType: 'bench-sweep',
  cadenceDays: 1,
  urge: async (_em, id, c) => ({
    urge: [{ audience: { kind: 'agency-group', agencyId: 1 }, message: { text: `事项 ${id} 已超期 ${c.daysOverdue} 天`, markdown: true } }],
    escalation: [],
  }),
};

async function benchOne(kind: DbKind, subjects: number, rows: number): Promise<RemindersDbResult> {
  const db = await openBenchDb(kind);
  try {
    const planSeconds = await planMany(db, subjects);
    const planned = await db.ds.getRepository(Notification).countBy({ subjectType: 'bench-plan', status: 'pending' });
    console.log(`  [${kind}] planned ${f0(subjects)} subjects (${f0(planned)} rows) in ${f1(planSeconds)} s: ${f0(subjects / planSeconds)} plans/s (load average ${loadavg()[0]!.toFixed(1)})`);
    const result: RemindersDbResult = {
      db: kind, subjects, planSeconds, plansPerSec: subjects / planSeconds, rows, fillSeconds: 0, sweepMs: 0, urged: 0, usesIndex: false, plan: [],
    };
    if (!rows) return result;
    result.fillSeconds = await fill(db, rows);
    if (kind === 'mysql') await db.ds.query('ANALYZE TABLE `reminder_plan`, `notification`');
    else await db.ds.query('ANALYZE');
    console.log(`  [${kind}] filled ${f0(rows)} pending rows, ${f0(rows / 10 + DUE)} plans (${DUE} past due) in ${f1(result.fillSeconds)} s`);
    const [sql, params] = overdueQuery(db.ds, 'bench-sweep', NOW, shanghaiTime(shanghaiDate(NOW))).getQueryAndParameters();
    result.plan = await explain(db.ds, kind, sql, params, true);
    result.usesIndex = result.plan.some((l) => l.includes(INDEX));
    const clock = fixedClock(NOW);
    const reminders = createReminders({ db: db.ds, clock, outbox: createOutbox({ db: db.ds, clock }), settings: DEFAULT_REMINDER_SETTINGS });
    const t = process.hrtime.bigint();
    result.urged = (await reminders.overdue([sweepKind], NOW)).urged;
    result.sweepMs = secs(t) * 1000;
    const again = process.hrtime.bigint();
    const second = (await reminders.overdue([sweepKind], NOW)).urged;
    console.log(`  [${kind}] overdue sweep: ${result.urged} urged in ${f1(result.sweepMs)} ms; again the same day: ${second} in ${f1(secs(again) * 1000)} ms`);
    console.log(`  [${kind}] its query: ${sql.replace(/\s+/g, ' ')}`);
    for (const line of result.plan) console.log(`    ${line}`);
    const plans = await db.ds.getRepository(ReminderPlan).countBy({ subjectType: 'bench-sweep' });
    if (result.urged !== DUE || second !== 0 || plans !== rows / 10 + DUE) throw new Error(`sweep check: ${result.urged} urged, ${second} again, ${plans} plans`);
    return result;
  } finally {
    await db.close();
  }
}

export async function runRemindersBench(): Promise<RemindersBenchResult> {
  if (envInt('BENCH_REMINDERS', 1, 0, 1) === 0) return { results: [], skipped: ['reminders: BENCH_REMINDERS=0'] };
  const subjects = envInt('BENCH_REMINDER_SUBJECTS', 100_000, 1, 10_000_000);
  const rows = Math.ceil(envInt('BENCH_REMINDER_ROWS', 1_000_000, 0, 100_000_000) / 10) * 10;
  const { kinds, skipped, mysqlUrl } = benchDbKinds('reminders on mysql');
  console.log(`\nreminders benchmark: plan ${f0(subjects)} subjects; overdue sweep over ${f0(rows)} pending rows with ${DUE} due`);
  await sweepLeftovers(mysqlUrl);
  const results: RemindersDbResult[] = [];
  try {
    for (const kind of kinds) results.push(await benchOne(kind, subjects, rows));
  } finally {
    await runCleanups();
  }
  for (const s of skipped) console.log(`  skipped ${s}`);
  return { results, skipped };
}

// The budget: 100,000 subjects planned within 10 s on SQLite (scaled for other counts).
export const withinBudget = (d: RemindersDbResult) => d.db !== 'sqlite' || d.planSeconds <= (10 * d.subjects) / 100_000;

// A sweep off its index is a failure; time over budget is reported (a shared machine drifts), not failed.
export function remindersFailed(r: RemindersBenchResult): boolean {
  return r.results.some((d) => d.rows > 0 && !d.usesIndex);
}

if (require.main === module) runAsMain(async () => (remindersFailed(await runRemindersBench()) ? 1 : 0));
