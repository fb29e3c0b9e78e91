import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { AuditEntry, Notification } from '../../entities';
import { migrate, openDatabase } from '../../server/db/data-source';
import { fixedClock } from '../../server/domain/clock';
import { createOutbox, type NewNotification } from '../../server/domain/outbox/outbox-service';
import { startFakeWecom } from '../fakes/wecom-api.fake';
import { cleanEnv, spawnFuyuan } from '../helpers/cli.helper';

// `npx fuyuan tick` and `npx fuyuan outbox` as an operator runs them: the real
// binary in a child process, on a SQLite database prepared here, printing to
// the console channel and posting webhooks to a fake WeCom.

const NOW = '2026-12-01T09:00:00+08:00';
const ROBOT_KEY = 'unknown-robot-key-0000-1234';

const dirs: string[] = [];
test.after.always(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fuyuan-cli-'));
  dirs.push(dir);
  return dir;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  // What a person reads: stdout without the JSON log lines.
  lines: string[];
}

async function fuyuan(args: string[], env: Record<string, string>): Promise<Run> {
  const run = spawnFuyuan(args, cleanEnv(env));
  const timer = setTimeout(() => run.child.kill('SIGKILL'), 60_000);
  const { code } = await run.exit;
  clearTimeout(timer);
  const stdout = run.stdout();
  return { code, stdout, stderr: run.stderr(), lines: stdout.split('\n').filter((l) => l && !l.startsWith('{')) };
}

async function prepare(dir: string) {
  const ds = await openDatabase({ sqlitePath: join(dir, 'fuyuan.sqlite') });
  await migrate(ds);
  const clock = fixedClock('2026-12-01T00:30:00.000Z');
  const outbox = createOutbox({ db: ds, clock });
  const at = (iso: string) => new Date(iso);
  const rows: NewNotification[] = [
    { channel: 'console', target: 'ops-room', message: { msgtype: 'text', content: '庭审提醒：明日九时开庭' }, dueAt: at('2026-12-01T00:30:00Z'), dedupeKey: 'hearing:1:1d' },
    { channel: 'console', target: 'mediators', message: { msgtype: 'markdown', content: '新纠纷 JF-2026-000123' }, dueAt: at('2026-12-01T00:45:00Z'), dedupeKey: 'dispute:123:new' },
    { channel: 'wecom-webhook', target: ROBOT_KEY, message: { msgtype: 'text', content: '群提醒' }, dueAt: at('2026-12-01T01:00:00Z'), dedupeKey: 'agency:5:hook' },
    { channel: 'console', target: 'later', message: { msgtype: 'text', content: '明天再说' }, dueAt: at('2026-12-02T01:00:00Z'), dedupeKey: 'later' },
  ];
  await ds.transaction(async (em) => {
    for (const r of rows) await outbox.enqueue(em, r);
  });
  await ds.destroy();
}

async function inspect<T>(dir: string, fn: (ds: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const ds = await openDatabase({ sqlitePath: join(dir, 'fuyuan.sqlite') });
  try {
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
}

const statuses = (dir: string) =>
  inspect(dir, async (ds) => Object.fromEntries((await ds.getRepository(Notification).find()).map((n) => [n.dedupeKey, `${n.status}/${n.attempts}`])));

test('tick --dry-run lists what is due; tick sends it; outbox lists the failed row; outbox retry makes it pending', async (t) => {
  const dir = dataDir();
  await prepare(dir);
  // The fake's clock is the one `tick --now` gives the binary.
  const fake = await startFakeWecom({ clock: fixedClock(NOW) });
  const env = { FUYUAN_DATA_DIR: dir, WECOM_API_BASE: fake.url };
  try {
    const dry = await fuyuan(['tick', '--dry-run', '--now', NOW], env);
    t.is(dry.code, 0, dry.stderr);
    t.is(dry.lines[0], '3 notification(s) due at 2026-12-01T01:00:00.000Z (dry run: nothing sent)');
    t.is(dry.lines.length, 4, dry.stdout);
    t.regex(dry.lines[1]!, /^#1 +pending +console +→ ops-room +due 2026-12-01T00:30:00\.000Z +attempts 0$/);
    t.regex(dry.lines[2]!, /^#2 +pending +console +→ mediators /);
    t.regex(dry.lines[3]!, /^#3 +pending +wecom-webhook +→ unkn\*\*\*\*1234 /);
    t.false(dry.stdout.includes(ROBOT_KEY), 'the webhook key is masked');
    t.false(dry.stdout.includes('[console'), 'nothing was printed as sent');
    t.deepEqual(await statuses(dir), { 'hearing:1:1d': 'pending/0', 'dispute:123:new': 'pending/0', 'agency:5:hook': 'pending/0', later: 'pending/0' });
    t.is(fake.requests.length, 0);

    const tick = await fuyuan(['tick', '--now', NOW], env);
    t.is(tick.code, 1, 'a failed notification makes the pass exit 1');
    t.deepEqual(tick.lines, [
      '[console → ops-room] 庭审提醒：明日九时开庭',
      '[console → mediators] 新纠纷 JF-2026-000123',
      'claimed 3, sent 2, retrying 0, failed 1, held by rate limit 0',
    ]);
    t.deepEqual(await statuses(dir), { 'hearing:1:1d': 'sent/1', 'dispute:123:new': 'sent/1', 'agency:5:hook': 'failed/1', later: 'pending/0' });
    t.is(fake.callsTo('/cgi-bin/webhook/send').length, 1);
    t.is(fake.callsTo('/cgi-bin/webhook/send')[0]!.query.key, ROBOT_KEY);
    const sentAt = await inspect(dir, (ds) => ds.getRepository(Notification).findOneByOrFail({ dedupeKey: 'hearing:1:1d' }));
    t.is(sentAt.sentAt?.toISOString(), '2026-12-01T01:00:00.000Z', '--now is the time the message left');

    const failed = await fuyuan(['outbox', '--status', 'failed'], env);
    t.is(failed.code, 0, failed.stderr);
    t.is(failed.lines[0], '1 notification(s) failed; newest 1:');
    t.regex(failed.lines[1]!, /^#3 +failed +wecom-webhook +→ unkn\*\*\*\*1234 +due 2026-12-01T01:00:00\.000Z +attempts 1 +last error: errcode 93000/);
    t.is(failed.lines.length, 2);
    t.false(failed.stdout.includes(ROBOT_KEY));

    const retry = await fuyuan(['outbox', 'retry', '3'], env);
    t.is(retry.code, 0, retry.stderr);
    t.deepEqual(retry.lines, ['notification 3 is pending again, due now']);
    t.is((await statuses(dir))['agency:5:hook'], 'pending/0');
    const audit = await inspect(dir, (ds) => ds.getRepository(AuditEntry).findBy({ action: 'notification.retry' }));
    t.deepEqual(audit.map((a) => [a.subjectId, a.actorId, a.requestId]), [[3, null, 'cli']]);

  } finally {
    await fake.close();
  }
});

test('bad flags and arguments exit 2, a row that cannot be retried exits 1, each with a message, changing nothing', async (t) => {
  const dir = dataDir();
  await prepare(dir);
  const env = { FUYUAN_DATA_DIR: dir, WECOM_API_BASE: 'http://127.0.0.1:9' };
  const cases: Array<[string[], RegExp, number]> = [
    [['tick', '--bogus'], /fuyuan tick: .*'--bogus'/, 2],
    [['tick', '--now', 'yesterday'], /--now must be an ISO date and time.*"yesterday"/, 2],
    [['outbox', '--status', 'lost'], /--status must be one of pending, sending, sent, failed, cancelled/, 2],
    [['outbox', 'retry', 'abc'], /not a notification id: "abc"/, 2],
    [['outbox', 'retry', '1'], /NOT_RETRYABLE: 该通知当前状态为“待发送”，只有发送失败或已取消的通知可以重试/, 1],
  ];
  const runs = await Promise.all(cases.map(([args]) => fuyuan(args, env)));
  runs.forEach((r, i) => {
    const [args, message, code] = cases[i]!;
    t.is(r.code, code, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    t.regex(r.stderr, message, args.join(' '));
    t.false(r.stdout.includes('[console'), `${args.join(' ')} sent nothing`);
  });
  t.deepEqual(await statuses(dir), { 'hearing:1:1d': 'pending/0', 'dispute:123:new': 'pending/0', 'agency:5:hook': 'pending/0', later: 'pending/0' });
});
