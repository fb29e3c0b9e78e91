import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import { openMigrated } from '../kit/bench-databases';
import { startDemoApp } from '../kit/demo-app-server';
import { listenOnLoopback, serveUntilStopped, urlOf } from '../kit/server-process';

// The server process of the HTTP benchmark (bench/http.bench.ts starts it with
// a mode and a temp dir): 'bare', a node:http server answering {"status":"ok"},
// or 'app', the real app over a SQLite file in the temp dir with the demo data.

export interface HttpReady {
  url: string;
  adminToken?: string;
  residentToken?: string;
}

async function serveBare(): Promise<Server> {
  const body = JSON.stringify({ status: 'ok' });
  const server = await listenOnLoopback(
    createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    }),
  );
  process.send!({ url: urlOf(server) } satisfies HttpReady);
  return server;
}

async function serveApp(dir: string): Promise<Server> {
  const db = await openMigrated(dir, '');
  const { server, services, adminToken } = await startDemoApp(db);
  const resident = await services.auth.mpLogin('bench-resident');
  server.on('close', () => void db.destroy());
  process.send!({ url: urlOf(server), adminToken, residentToken: resident.token } satisfies HttpReady);
  return server;
}

if (require.main === module) {
  const [mode = 'bare', dir = ''] = process.argv.slice(2);
  serveUntilStopped(mode, dir, async () => [mode === 'app' ? await serveApp(dir) : await serveBare()]);
}
