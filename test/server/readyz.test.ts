import { randomBytes } from 'node:crypto';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import test, { type ExecutionContext } from 'ava';
import type { DataSource } from 'typeorm';
import { ensureMysqlDatabase, migrate, openDatabase } from '../../server/db/data-source';
import { startHarness, type Harness } from '../helpers/app-harness';
import { dropMysqlDatabase, mysqlUrlFor, openTestDb, type TestDb } from '../helpers/databases';

// /readyz tells a load balancer whether this instance can reach its database;
// /healthz only that the process answers. During an outage the API says
// DATABASE_UNAVAILABLE (503, retry later), never INTERNAL (500).

const READYZ_TIMEOUT_MS = 2000;

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

async function assertReady(t: ExecutionContext, h: Harness, when: string) {
  const r = await h.request('GET', '/readyz');
  t.is(r.status, 200, `${when}: ${r.text}`);
  t.is(r.body?.status, 'ready', when);
}

async function assertOutage(t: ExecutionContext, h: Harness, when: string) {
  const ready = await timed(() => h.request('GET', '/readyz'));
  t.is(ready.value.status, 503, `${when}: ${ready.value.text}`);
  t.is(ready.value.body?.error?.code, 'DATABASE_UNAVAILABLE', when);
  // Within the readiness timeout, plus a little for the HTTP round trip.
  t.true(ready.ms < READYZ_TIMEOUT_MS + 750, `${when}: /readyz took ${ready.ms} ms`);

  const health = await h.request('GET', '/healthz');
  t.is(health.status, 200, `${when}: /healthz must not depend on the database`);
  t.is(health.body?.status, 'ok');

  // The admin token is checked without the database; listing agencies is not.
  const api = await h.request('GET', '/api/agencies', { token: h.adminToken });
  t.is(api.status, 503, `${when}: ${api.text}`);
  t.is(api.body?.error?.code, 'DATABASE_UNAVAILABLE', when);
  t.is(typeof api.body?.error?.message, 'string');
  t.false(/at .*\.ts:\d+/.test(api.text), 'no stack trace in the answer');
}

test('sqlite: /readyz follows the DataSource being destroyed and re-initialized', async (t) => {
  const db = await openTestDb('sqlite');
  const h = await startHarness(db);
  try {
    await assertReady(t, h, 'at start');
    const before = await h.request('GET', '/api/agencies', { token: h.adminToken });
    t.is(before.status, 200, before.text);

    await db.ds.destroy();
    await assertOutage(t, h, 'destroyed');
    // Nothing about the outage is logged as an unhandled error.
    t.false(h.logLines.some((l) => l.msg === 'unhandled error'), JSON.stringify(h.logLines.filter((l) => l.msg === 'unhandled error')));

    await db.ds.initialize();
    await assertReady(t, h, 're-initialized');
    const after = await h.request('GET', '/api/agencies', { token: h.adminToken });
    t.is(after.status, 200, after.text);
    t.deepEqual(after.body, before.body);
  } finally {
    await h.close();
    await db.close();
  }
});

// A TCP proxy in front of MariaDB that fails like a network:
// - cut: every open connection is reset and new ones are refused until restored;
// - stall: bytes stop flowing both ways (a partition) and flow again, in order, on restore.
interface Proxy {
  port: number;
  accepted: number;
  cut(): void;
  stall(): void;
  restore(): void;
  close(): Promise<void>;
}

async function startProxy(upstreamPort: number, upstreamHost: string): Promise<Proxy> {
  const sockets = new Set<Socket>();
  let mode: 'up' | 'cut' | 'stalled' = 'up';
  let held: Array<() => void> = [];
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  const forward = (from: Socket, to: Socket) =>
    from.on('data', (chunk: Buffer) => {
      if (mode === 'stalled') held.push(() => to.writable && to.write(chunk));
      else if (to.writable) to.write(chunk);
    });
  const proxy: Proxy = {
    port: 0,
    accepted: 0,
    cut() {
      mode = 'cut';
      held = [];
      for (const s of sockets) s.resetAndDestroy();
      sockets.clear();
    },
    stall() {
      mode = 'stalled';
    },
    restore() {
      mode = 'up';
      const pending = held;
      held = [];
      for (const send of pending) send();
    },
    async close() {
      proxy.cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((client) => {
    if (mode === 'cut') {
      client.on('error', () => {});
      client.resetAndDestroy();
      return;
    }
    proxy.accepted++;
    const upstream = connect(upstreamPort, upstreamHost);
    track(client);
    track(upstream);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.port = (server.address() as AddressInfo).port;
  return proxy;
}

// A fresh MariaDB database, created through the real port; the app reaches it only through the proxy.
async function withProxiedMysql(fn: (h: Harness, proxy: Proxy) => Promise<void>): Promise<void> {
  const name = `fuyuan_t_${randomBytes(6).toString('hex')}`;
  const realUrl = mysqlUrlFor(name);
  await ensureMysqlDatabase(realUrl);
  const real = new URL(realUrl);
  const proxy = await startProxy(Number(real.port || 3306), real.hostname);
  const proxied = new URL(realUrl);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  let ds: DataSource | undefined;
  let h: Harness | undefined;
  try {
    ds = await openDatabase({ url: proxied.toString(), sqlitePath: '' });
    await migrate(ds);
    const db: TestDb = { kind: 'mysql', ds, target: { url: proxied.toString(), sqlitePath: '' }, close: async () => {} };
    h = await startHarness(db);
    await fn(h, proxy);
  } finally {
    await h?.close();
    await proxy.close();
    if (ds?.isInitialized) await ds.destroy();
    await dropMysqlDatabase(realUrl, name);
  }
}

async function listAgencies(h: Harness, n: number): Promise<number[]> {
  const replies = await Promise.all(Array.from({ length: n }, () => h.request('GET', '/api/agencies', { token: h.adminToken })));
  return replies.map((r) => r.status);
}

const mysqlTest = process.env.TEST_DATABASE_URL ? test.serial : test.skip;

mysqlTest('mysql: /readyz and the API through a connection-resetting outage and back', async (t) => {
  await withProxiedMysql(async (h, proxy) => {
    await assertReady(t, h, 'at start');
    // Several connections in the pool, so the outage leaves several dead ones.
    t.deepEqual(await listAgencies(h, 4), [200, 200, 200, 200]);
    const acceptedBefore = proxy.accepted;

    proxy.cut();
    await assertOutage(t, h, 'cut');
    await assertOutage(t, h, 'still cut');

    proxy.restore();
    // The very first query after the network comes back must succeed: the pool
    // must not hand out a connection that died during the outage.
    await assertReady(t, h, 'restored (first request)');
    t.deepEqual(await listAgencies(h, 6), [200, 200, 200, 200, 200, 200]);
    t.true(proxy.accepted > acceptedBefore, 'the pool reconnected through the proxy');

    // A second outage behaves like the first.
    proxy.cut();
    await assertOutage(t, h, 'cut again');
    proxy.restore();
    await assertReady(t, h, 'restored again');
    t.deepEqual(await listAgencies(h, 2), [200, 200]);
  });
});

mysqlTest('mysql: /readyz answers 503 after its 2 s timeout while the network is stalled, 200 once it flows', async (t) => {
  await withProxiedMysql(async (h, proxy) => {
    await assertReady(t, h, 'at start');
    proxy.stall();
    const stalled = await timed(() => h.request('GET', '/readyz'));
    t.is(stalled.value.status, 503, stalled.value.text);
    t.is(stalled.value.body?.error?.code, 'DATABASE_UNAVAILABLE');
    t.true(stalled.ms >= READYZ_TIMEOUT_MS - 50, `answered after ${stalled.ms} ms, before the timeout`);
    t.true(stalled.ms < READYZ_TIMEOUT_MS + 750, `answered after ${stalled.ms} ms`);
    t.is((await h.request('GET', '/healthz')).status, 200);

    proxy.restore();
    await assertReady(t, h, 'flowing again');
    t.deepEqual(await listAgencies(h, 3), [200, 200, 200]);
  });
});
