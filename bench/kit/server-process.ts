import { fork, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onCleanup } from './cleanup';

// Servers under load run in a child process of their own, so the load
// generator (this process) and the server get a core each.

// ---------------------------------------------------------------------------
// The server process, seen from the benchmark's

export interface ServerProcess<Ready> {
  ready: Ready;
  // One question at a time over IPC; the server answers each with one message.
  ask: (q: { cmd: string }) => Promise<unknown>;
  stop: () => Promise<void>;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

// Starts `modulePath` with `args` as a server process and waits for its Ready
// message, whose `urls` must all be on loopback.
export async function startServerProcess<Ready>(
  modulePath: string,
  args: string[],
  o: { label: string; startSeconds: number; urls: (ready: Ready) => string[] },
): Promise<ServerProcess<Ready>> {
  const child = fork(modulePath, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const stop = onCleanup(`${o.label} server (pid ${child.pid})`, () => stopChild(child));
  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${o.label} server did not start within ${o.startSeconds} s`)), o.startSeconds * 1000);
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve(m as Ready);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${o.label} server exited before it was ready (${signal ?? code})`));
    });
  });
  for (const url of o.urls(ready)) {
    if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(url)) throw new Error(`refusing to load ${url}: loopback only`);
  }
  const ask = (q: { cmd: string }) =>
    new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not answer "${q.cmd}" within 30 s`)), 30_000);
      child.once('message', (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      child.send(q);
    });
  return { ready, ask, stop };
}

// ---------------------------------------------------------------------------
// In the server process

export async function listenOnLoopback(app: { listen(port: number, host: string, cb: () => void): Server }): Promise<Server> {
  return new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
}

export const urlOf = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

// Serves what `start` opens (it tells the parent it is ready) until asked to
// stop, then closes the servers, removes `dir` (if any) and exits.
export function serveUntilStopped(label: string, dir: string, start: () => Promise<Server[]>): void {
  let servers: Server[] | undefined;
  let stopping = false;
  // The temp dir goes with the server too, in case the parent cannot remove it (killed outright).
  const exit = () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  };
  const stop = () => {
    if (stopping) return;
    stopping = true;
    if (!servers) return exit();
    let open = servers.length;
    for (const s of servers) {
      s.closeAllConnections();
      s.close(() => void (--open === 0 && exit()));
    }
    setTimeout(exit, 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The parent went away (crashed, killed): so does this server.
  process.once('disconnect', stop);
  // Never outlive a run by much, whatever happens to the parent.
  setTimeout(stop, 15 * 60_000).unref();
  start().then(
    (s) => {
      servers = s;
      if (stopping) {
        // Asked to stop while starting: do it now that there are servers to close.
        stopping = false;
        stop();
      }
    },
    (err) => {
      console.error(`${label} server failed to start:`, err);
      exit();
    },
  );
}
