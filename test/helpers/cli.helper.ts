import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

// The real binary, `node bin/fuyuan.js …`, in a child process, as an operator runs it.

export const ROOT = resolve(__dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'fuyuan.js');

// Our own settings, which must not leak in from the shell that runs the tests.
const OURS = /^(FUYUAN_|WECOM_|WECHAT_|OUTBOX_|DATABASE_URL$|TEST_DATABASE_URL$|LOG_LEVEL$|NODE_OPTIONS$)/;
// What a server also reads: where to listen, and production mode.
const SERVER = /^(PORT|HOST|NODE_ENV)$/;

// The environment of an operator's shell without anything of ours, plus `extra`.
// `server` also leaves out PORT, HOST and NODE_ENV.
export function cleanEnv(extra: Record<string, string>, { server = false } = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (OURS.test(k) || (server && SERVER.test(k))) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Spawned {
  child: ChildProcess;
  // Resolves when the child has exited and its output is closed.
  exit: Promise<Exit>;
  stdout(): string;
  stderr(): string;
}

// With NODE_ENV=production the bin runs only a build (dist/), which a fresh
// clone lacks: those runs take the bin's development path instead, the
// sources through tsx, to test the CLI's own production rules. Running the
// build is test/server/build.test.ts's part.
const SOURCES = ['--require', 'tsx/cjs', join(ROOT, 'server', 'cli', 'cli.ts')];

export function spawnFuyuan(args: string[], env: NodeJS.ProcessEnv): Spawned {
  const entry = env.NODE_ENV === 'production' ? SOURCES : [BIN];
  const child = spawn(process.execPath, [...entry, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exit = new Promise<Exit>((res) => child.once('close', (code, signal) => res({ code, signal })));
  return { child, exit, stdout: () => out, stderr: () => err };
}
