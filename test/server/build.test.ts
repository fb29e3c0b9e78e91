import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { cleanEnv, ROOT } from '../helpers/cli.helper';

// Production runs the compiled JavaScript: `npm run build` (bin/build.js) into
// a directory of this test's own (inside the repository, as dist/ is, so the
// compiled files find node_modules), then that build's `server/cli/cli.js
// start` on a fresh SQLite file: it migrates (entities and migrations are
// classes in the build; the working calendar's migration reads chinese-days'
// JSON), seeds the demo district and answers /readyz. Built afresh every run,
// never a dist/ left from earlier: a build that no longer emits must fail here.

const { distState } = require('../../bin/dist-state.js') as { distState: (outDir?: string) => 'missing' | 'stale' | 'fresh' };

const OUT = join(ROOT, '.tmp', `build-test-${randomBytes(4).toString('hex')}`);
const dataDir = mkdtempSync(join(tmpdir(), 'fuyuan-build-'));
const children = new Set<ChildProcess>();

test.after.always(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(OUT, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

async function getJson(url: string, token?: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: await res.json() };
}

// Resolves with the port from the "fuyuan listening" log line.
function listening(child: ChildProcess, output: () => string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const port = /"port":(\d+)[^\n]*fuyuan listening/.exec(output())?.[1];
      if (port) finish(() => resolve(Number(port)));
    };
    const onExit = () => finish(() => reject(new Error(`exited before listening:\n${output()}`)));
    const timer = setTimeout(() => finish(() => reject(new Error(`not listening within ${timeoutMs} ms:\n${output()}`))), timeoutMs);
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      child.stdout!.off('data', check);
      child.off('close', onExit);
      settle();
    };
    child.stdout!.on('data', check);
    child.once('close', onExit);
  });
}

test.serial('npm run build emits a server that migrates, seeds and answers /readyz from the build alone', async (t) => {
  const build = spawnSync(process.execPath, [join(ROOT, 'bin', 'build.js'), '--out-dir', OUT], { cwd: ROOT, encoding: 'utf8' });
  t.is(build.status, 0, `${build.stdout}\n${build.stderr}`);
  const cli = join(OUT, 'server', 'cli', 'cli.js');
  t.true(existsSync(cli));
  // The entities' decorators need their design types (emitDecoratorMetadata).
  t.regex(readFileSync(join(OUT, 'entities', 'dispute.entity.js'), 'utf8'), /__metadata\("design:type"/);
  t.is(distState(OUT), 'fresh');

  const child = spawn(process.execPath, [cli, 'start'], {
    cwd: ROOT,
    env: cleanEnv({ PORT: '0', HOST: '127.0.0.1', FUYUAN_DATA_DIR: dataDir, LOG_LEVEL: 'info' }, { server: true }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const port = await listening(child, () => out, 60_000);
  const base = `http://127.0.0.1:${port}`;

  const ready = await getJson(`${base}/readyz`);
  t.deepEqual(ready, { status: 200, body: { status: 'ready', database: 'better-sqlite3' } });
  // The demo district went in through the compiled entities.
  const token = /admin token[^\n]*\n\s*(\S+)/.exec(out)?.[1];
  t.truthy(token, out);
  const agencies = await getJson(`${base}/api/agencies`, token);
  t.is(agencies.status, 200);
  t.true((agencies.body.items as Array<{ name: string }>).some((a) => a.name === '延安市宝塔区人民法院'));
  // The console is found from the build as from the sources (`npm test` builds it first).
  if (existsSync(join(ROOT, 'console', 'dist', 'index.html'))) {
    const page = await fetch(`${base}/console/`, { signal: AbortSignal.timeout(10_000) });
    t.is(page.status, 200);
    t.regex(page.headers.get('content-type') ?? '', /text\/html/);
  }

  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  child.kill('SIGTERM');
  t.is(await exited, 0, out);
});

test.serial('a build older than a source is stale, so development runs the sources instead', (t) => {
  // Needs the build of the test above; the stamp's time is when the build started.
  const stamp = join(OUT, '.build-stamp');
  const { atime, mtime } = statSync(stamp);
  utimesSync(stamp, 0, 0);
  t.is(distState(OUT), 'stale');
  utimesSync(stamp, atime, mtime);
  t.is(distState(OUT), 'fresh');
});

// Both commands, `fuyuan` and `npm run bot` (bin/fuyuan-bot.js), choose what to run alike (bin/dist-state.js).
for (const [bin, args, command] of [['fuyuan.js', ['start'], 'fuyuan'], ['fuyuan-bot.js', [], 'fuyuan bot']] as const) {
  test(`NODE_ENV=production without a build: ${command} stops with a message saying how to build`, (t) => {
    // The bin in a copy of the repository's layout that has no dist/.
    const root = mkdtempSync(join(tmpdir(), 'fuyuan-nodist-'));
    t.teardown(() => rmSync(root, { recursive: true, force: true }));
    mkdirSync(join(root, 'bin'));
    for (const f of [bin, 'dist-state.js']) copyFileSync(join(ROOT, 'bin', f), join(root, 'bin', f));
    const r = spawnSync(process.execPath, [join(root, 'bin', bin), ...args], {
      env: cleanEnv({ NODE_ENV: 'production' }, { server: true }),
      encoding: 'utf8',
    });
    t.is(r.status, 78);
    t.regex(r.stderr, new RegExp(`^${command}: NODE_ENV=production runs the compiled server in dist/, which is missing`));
    t.regex(r.stderr, /npm run build/);
  });
}

test('npm run bot reaches the bot: without a puppet it stops with the setting to give, before opening a database', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fuyuan-bot-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'fuyuan-bot.js')], {
    cwd: ROOT,
    env: cleanEnv({ FUYUAN_DATA_DIR: dir }, { server: true }),
    encoding: 'utf8',
    timeout: 60_000,
  });
  t.is(r.status, 78, r.stderr);
  t.regex(r.stderr, /^fuyuan bot: invalid configuration:\n  - WECHATY_PUPPET must name a Wechaty puppet/);
  t.false(existsSync(join(dir, 'fuyuan.sqlite')));
});
