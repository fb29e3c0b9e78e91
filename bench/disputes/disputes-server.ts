import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { Session } from 'node:inspector';
import Koa from 'koa';
import type { DataSource } from 'typeorm';
import { Dispute, User } from '../../entities';
import { plainSql } from '../../server/db/plain-select';
import { systemClock } from '../../server/domain/clock';
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
// 'profile-start'/'profile-stop' bracket a run with a V8 CPU profile of this
// process (BENCH_CPU_PROF), written to `file`.
export type Question = { cmd: 'record'; reads: [Reader, Reader] } | { cmd: 'record-filing'; token: string; body: string } | { cmd: 'stats' } | { cmd: 'plan'; id: number } | { cmd: 'profile-start' } | { cmd: 'profile-stop'; file: string };
export interface Answers {
  // Each recorded statement's mean time run alone (µs), with the table it reads first.
  record: { statements: Array<{ from: string; us: number }> };
  // How many statements one real filing sends before its transaction and inside it (BEGIN and COMMIT apart).
  'record-filing': FilingShape;
  stats: Stats;
  plan: { plan: string };
  'profile-start': { ok: true };
  'profile-stop': { ok: true };
}

const inspector = new Session();
const post = (method: string, params?: object) =>
  new Promise<any>((resolve, reject) => inspector.post(method, params ?? {}, (err, r) => (err ? reject(err) : resolve(r))));

const BASELINE_SQL =
  'SELECT id, serial, residentId, category, description, village, otherParty, committeeId, mediatorId, status, deadlineAt, closedAt, createdAt, updatedAt ' +
  'FROM dispute WHERE id = ?';

// The filing ceiling's one INSERT: a dispute row with the columns filing sets,
// its serial marked BB- so the check of what was filed leaves these out.
const BARE_INSERT_COLUMNS = ['serial', 'residentId', 'category', 'description', 'village', 'placeUnmapped', 'otherParty', 'callback', 'status', 'deadlineProvisional', 'createdAt', 'updatedAt'] as const;
const BARE_INSERT_SQL = `INSERT INTO dispute (${BARE_INSERT_COLUMNS.join(', ')}) VALUES (${BARE_INSERT_COLUMNS.map(() => '?').join(', ')})`;

async function readBody(req: NodeJS.ReadableStream): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

// A dispute and the token of a person who may read it.
export interface Reader {
  id: number;
  token: string;
}

// The statements one read of a dispute sends, recorded from a real read: SQL
// text and parameters, and in each the places that hold the dispute's id,
// where the next request's id goes.
interface RecordedStatements {
  statements: Array<{ sql: string; params: unknown[]; idAt: number[] }>;
}

// What `read` sends, through the DataSource's query logger (every statement
// passes it: TypeORM's query runners log before they run).
async function statementsOf(ds: DataSource, read: () => Promise<unknown>): Promise<Array<{ sql: string; params: unknown[] }>> {
  const statements: Array<{ sql: string; params: unknown[] }> = [];
  const logger = ds.logger;
  const recorder = Object.create(logger) as typeof logger;
  recorder.logQuery = (sql: string, params?: unknown[]) => void statements.push({ sql, params: [...(params ?? [])] });
  (ds as { logger: typeof logger }).logger = recorder;
  try {
    await read();
  } finally {
    (ds as { logger: typeof logger }).logger = logger;
  }
  return statements;
}

// Two reads of two disputes: a parameter is the dispute's id where it is each
// read's own id (a number, or a BigInt as SQLite binds it) in both, so a
// limit or another id that happens to equal one dispute's id stays put.
async function recordStatements(ds: DataSource, reads: [Reader, Reader], read: (r: Reader, i: number) => Promise<unknown>): Promise<RecordedStatements> {
  const [a, b] = [await statementsOf(ds, () => read(reads[0], 0)), await statementsOf(ds, () => read(reads[1], 1))];
  if (a.length !== b.length || a.some((st, i) => st.sql !== b[i]!.sql)) throw new Error('two reads sent different statements');
  const isId = (v: unknown, id: number) => v === id || v === BigInt(id);
  return {
    statements: a.map((st, i) => ({
      ...st,
      idAt: st.params.flatMap((v, k) => (isId(v, reads[0].id) && isId(b[i]!.params[k], reads[1].id) ? [k] : [])),
    })),
  };
}

// A statement without its parenthesized subqueries: its own FROM shows.
function outermost(sql: string): string {
  let out = sql;
  for (let prev = ''; prev !== out; ) [prev, out] = [out, out.replace(/\([^()]*\)/g, '')];
  return out;
}

// The recorded statements for dispute `id`.
function withId(r: RecordedStatements, id: number) {
  return r.statements.map(({ sql, params, idAt }) => ({
    sql,
    params: params.map((v, k) => (idAt.includes(k) ? (typeof v === 'bigint' ? BigInt(id) : id) : v)),
  }));
}

// Where a read's time goes, as rungs between the ceiling and the route (issue 14):
// - GET /statements/:id: the statements a read sends, run bare, the first row answered;
// - GET /service/:id: the read's service call as the admin token (statements,
//   rows to entities, the view), no middleware, no session.
// - POST /filing-shape: the filing ceiling's one INSERT among as many
//   primary-key SELECTs as a real filing sends statements, before its
//   transaction and inside it: what the statement count alone costs.
export interface FilingShape {
  outside: number;
  inside: number;
}
// The ceiling's own shape: the INSERT alone in its transaction.
const BARE_SHAPE: FilingShape = { outside: 0, inside: 1 };

interface Rungs {
  read: RecordedStatements;
  filing: FilingShape;
  service: (id: number) => Promise<unknown>;
}

// No middleware, no router: one handler; GET /disputes/:id runs one
// primary-key SELECT (the ceiling of reads and lists), POST /disputes one
// INSERT in one transaction (the ceiling of filing); the rungs above.
function bareApp(ds: DataSource, residentId: number, rungs: Rungs): Koa {
  const app = new Koa();
  app.silent = true;
  let n = 0;
  const meta = ds.getMetadata(Dispute);
  const plain = plainSql(ds);
  const tag = process.pid.toString(36);
  app.use(async (ctx) => {
    if (ctx.method === 'POST' && (ctx.path === '/disputes' || ctx.path === '/filing-shape')) {
      const b = JSON.parse(await readBody(ctx.req)) as { category: string; description: string; village: string; otherParty: string | null };
      const now = systemClock.now();
      const serial = `BB-${tag}-${++n}`;
      const values = { serial, residentId, category: b.category, description: b.description, village: b.village, placeUnmapped: false, otherParty: b.otherParty, callback: false, status: 'submitted', deadlineProvisional: false, createdAt: now, updatedAt: now };
      // As the driver stores them (SQLite binds no booleans or dates), without an entity.
      const params = BARE_INSERT_COLUMNS.map((c) => ds.driver.preparePersistentValue(values[c], meta.findColumnWithPropertyName(c)!));
      // The filing rung: as many statements around the INSERT as a filing sends.
      const { outside, inside } = ctx.path === '/filing-shape' ? rungs.filing : BARE_SHAPE;
      for (let i = 0; i < outside; i++) await ds.query(BASELINE_SQL, [residentId]);
      await ds.transaction(async (em) => {
        for (let i = 1; i < inside; i++) await em.query(BASELINE_SQL, [residentId]);
        await em.query(BARE_INSERT_SQL, params);
      });
      ctx.status = 201;
      ctx.body = { serial };
      return;
    }
    const rung = /^\/(statements|service|prepared)\/(\d+)$/.exec(ctx.path);
    if (rung) {
      const id = Number(rung[2]);
      if (rung[1] === 'service') {
        ctx.body = await rungs.service(id);
        return;
      }
      if (rung[1] === 'prepared') {
        ctx.body = (await plain.rows(ds.manager, BASELINE_SQL, [id]))[0] ?? null;
        return;
      }
      // As the app sends them (plain-select.ts: prepared on MySQL).
      let first: unknown = null;
      for (const st of withId(rungs.read, id)) {
        const rows = await plain.rows(ds.manager, st.sql, st.params);
        first ??= rows[0] ?? null;
      }
      ctx.body = first;
      return;
    }
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
  const { server: app, adminToken, services } = await startDemoApp(db, {
    disputes: { dailyLimit: 1_000_000, deadlineDays: DEFAULT_DISPUTE_RULES.deadlineDays },
  });
  const resident = await db.getRepository(User).findOneOrFail({ where: { role: 'resident' }, order: { id: 'ASC' } });
  const admin = await services.auth.authenticate(adminToken);
  const rungs: Rungs = { read: { statements: [] }, filing: BARE_SHAPE, service: (id) => services.disputes.get(id, admin) };
  const bare = await listenOnLoopback(bareApp(db, resident.id, rungs));
  let closed = 0;
  for (const s of [app, bare]) s.on('close', () => void (++closed === 2 && db.destroy()));
  const answer = async (q: Question): Promise<Answers[Question['cmd']]> => {
    if (q.cmd === 'profile-start') {
      inspector.connect();
      await post('Profiler.enable');
      await post('Profiler.start');
      return { ok: true };
    }
    if (q.cmd === 'profile-stop') {
      const { profile } = await post('Profiler.stop');
      inspector.disconnect();
      writeFileSync(q.file, JSON.stringify(profile));
      return { ok: true };
    }
    if (q.cmd === 'record') {
      // As the filing residents read them, signed in before the recording: the read's own statements only.
      const who = await Promise.all(q.reads.map((r) => services.auth.authenticate(r.token)));
      rungs.read = await recordStatements(db, q.reads, (r, i) => services.disputes.get(r.id, who[i]!));
      const timed: Array<{ from: string; us: number }> = [];
      for (const st of rungs.read.statements) {
        const rounds = 500;
        const started = process.hrtime.bigint();
        for (let i = 0; i < rounds; i++) await plainSql(db).rows(db.manager, st.sql, st.params);
        const from = /\bFROM\s+[`"]?(\w+)/i.exec(outermost(st.sql))?.[1] ?? '?';
        timed.push({ from, us: Math.round(Number(process.hrtime.bigint() - started) / rounds / 100) / 10 });
      }
      return { statements: timed };
    }
    if (q.cmd === 'record-filing') {
      const resident = await services.auth.authenticate(q.token);
      const sent = (await statementsOf(db, () => services.disputes.file(JSON.parse(q.body), resident))).map((st) => st.sql);
      const begin = sent.findIndex((sql) => /^(BEGIN|START TRANSACTION)/i.test(sql));
      const commit = sent.findIndex((sql) => /^COMMIT/i.test(sql));
      if (begin < 0 || commit < begin) throw new Error(`a filing sent no transaction: ${sent.join('; ')}`);
      rungs.filing = { outside: begin + (sent.length - commit - 1), inside: commit - begin - 1 };
      return rungs.filing;
    }
    if (q.cmd === 'plan') return { plan: (await explain(db, kind, BASELINE_SQL, [q.id], false)).join('; ') };
    const [row] = (await db.query("SELECT COUNT(*) AS n, COUNT(DISTINCT serial) AS s FROM dispute WHERE serial NOT LIKE 'BB-%'")) as Array<{ n: number | string; s: number | string }>;
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
