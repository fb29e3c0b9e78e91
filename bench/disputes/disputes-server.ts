import 'reflect-metadata';
import type { Server } from 'node:http';
import Koa from 'koa';
import type { DataSource } from 'typeorm';
import { DEFAULT_DISPUTE_RULES } from '../../server/services';
import { explain, openMigrated, type DbKind } from '../kit/bench-databases';
import { startDemoApp } from '../kit/demo-app-server';
import { listenOnLoopback, serveUntilStopped, urlOf } from '../kit/server-process';

// The server process of the disputes benchmark (bench/disputes/dispute-runs.ts
// starts it with a kind, a temp dir and a database URL): the real app and the
// bare Koa app on one DataSource.

export interface DisputesReady {
  appUrl: string;
  bareUrl: string;
  adminToken: string;
}

export interface Stats {
  disputes: number;
  distinctSerials: number;
}

// What the benchmark asks this process over IPC, one question at a time.
export type Question = { cmd: 'stats' } | { cmd: 'plan'; id: number };
export interface Answers {
  stats: Stats;
  plan: { plan: string };
}

const BASELINE_SQL =
  'SELECT id, serial, residentId, category, description, village, otherParty, committeeId, mediatorId, status, deadlineAt, closedAt, createdAt, updatedAt ' +
  'FROM dispute WHERE id = ?';

// No middleware, no router: one handler, one primary-key SELECT.
function bareApp(ds: DataSource): Koa {
  const app = new Koa();
  app.silent = true;
  app.use(async (ctx) => {
    const m = /^\/disputes\/(\d+)$/.exec(ctx.path);
    if (!m) {
      ctx.status = 404;
      return;
    }
    const rows: unknown[] = await ds.query(BASELINE_SQL, [Number(m[1])]);
    if (!rows.length) {
      ctx.status = 404;
      return;
    }
    ctx.body = rows[0];
  });
  return app;
}

async function serve(kind: DbKind, dir: string, dbUrl: string): Promise<Server[]> {
  const db = await openMigrated(dir, dbUrl);
  // A fixed large daily limit: the benchmark measures filing, not the limit.
  const { server: app, adminToken } = await startDemoApp(db, {
    disputes: { dailyLimit: 1_000_000, deadlineDays: DEFAULT_DISPUTE_RULES.deadlineDays },
  });
  const bare = await listenOnLoopback(bareApp(db));
  let closed = 0;
  for (const s of [app, bare]) s.on('close', () => void (++closed === 2 && db.destroy()));
  const answer = async (q: Question): Promise<Answers[Question['cmd']]> => {
    if (q.cmd === 'plan') return { plan: (await explain(db, kind, BASELINE_SQL, [q.id], false)).join('; ') };
    const [row] = (await db.query('SELECT COUNT(*) AS n, COUNT(DISTINCT serial) AS s FROM dispute')) as Array<{ n: number | string; s: number | string }>;
    return { disputes: Number(row!.n), distinctSerials: Number(row!.s) };
  };
  process.on('message', (q: Question) => {
    answer(q).then(
      (a) => process.send!(a),
      (err) => console.error(`server: "${q.cmd}" failed:`, err),
    );
  });
  process.send!({ appUrl: urlOf(app), bareUrl: urlOf(bare), adminToken } satisfies DisputesReady);
  return [app, bare];
}

if (require.main === module) {
  const [kind = 'sqlite', dir = '', dbUrl = ''] = process.argv.slice(2);
  serveUntilStopped(kind, dir, () => serve(kind as DbKind, dir, dbUrl));
}
