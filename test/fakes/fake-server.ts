import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fixedClock, type Clock } from '../../server/domain/clock';
import { TEST_NOW } from '../helpers/test-now';

// A real HTTP server on a loopback port that plays an upstream API (WeChat,
// WeCom). Endpoints are entries of a route table ("GET /cgi-bin/gettoken");
// every request is recorded; the next N calls of an endpoint can be made to
// fail in the ways the real services fail.

export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  // The body parsed as JSON, or undefined when it is empty or not JSON.
  body: unknown;
  // When the fake received it, on the fake's clock.
  at: Date;
}

export interface RecordedRequest extends FakeRequest {
  // The failure injected into this call, if any ('errcode 40014', 'status 500', 'reset', ...).
  injected?: string;
  // What the fake answered: HTTP status and parsed JSON body (absent for a reset).
  status?: number;
  answer?: unknown;
}

export interface FakeResponse {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type Handler = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

// Keys are "METHOD /path", e.g. "GET /sns/jscode2session" or "POST /cgi-bin/webhook/send".
export type RouteTable = Record<string, Handler>;

export type Failure =
  // A 200 answer carrying an error code, as WeChat and WeCom report most errors.
  | { errcode: number; errmsg?: string }
  // An HTTP error status (a gateway in front of the service failing).
  | { status: number; body?: string }
  // A 200 answer whose body is not JSON.
  | { raw: string; contentType?: string }
  // The socket is destroyed before any answer.
  | { reset: true }
  // The answer comes after a delay (real time; for timeouts), then as usual.
  | { delayMs: number };

export interface Hold {
  // Resolves when a held call has arrived.
  reached: Promise<void>;
  // Lets the held call proceed to its normal answer.
  release(): void;
}

export interface FakeServer {
  url: string;
  requests: RecordedRequest[];
  // The recorded requests to one path (any method) or to one "METHOD /path".
  callsTo(route: string): RecordedRequest[];
  failNext(route: string, failure: Failure, times?: number): void;
  // The next call of the route waits until release(): to make calls overlap deterministically.
  hold(route: string): Hold;
  close(): Promise<void>;
}

interface Pending {
  route: string;
  failure: Failure | { hold: Hold & { open: Promise<void>; arrived(): void } };
  left: number;
}

function matches(route: string, method: string, path: string): boolean {
  return route.includes(' ') ? route === `${method} ${path}` : route === path;
}

export function describeFailure(f: Failure): string {
  if ('errcode' in f) return `errcode ${f.errcode}`;
  if ('status' in f) return `status ${f.status}`;
  if ('raw' in f) return 'raw body';
  if ('reset' in f) return 'reset';
  return `delay ${f.delayMs}ms`;
}

export async function startFakeServer(routes: RouteTable, opts: { clock?: Clock } = {}): Promise<FakeServer> {
  // Not given one, a fake lives at a fixed instant, never on the machine's clock.
  const clock = opts.clock ?? fixedClock(TEST_NOW);
  const requests: RecordedRequest[] = [];
  const pending: Pending[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const holds = new Set<() => void>();

  function takeFailure(method: string, path: string): Pending['failure'] | undefined {
    const i = pending.findIndex((p) => matches(p.route, method, path));
    if (i < 0) return undefined;
    const p = pending[i]!;
    p.left -= 1;
    if (p.left <= 0) pending.splice(i, 1);
    return p.failure;
  }

  function reply(res: ServerResponse, status: number, body: string, contentType: string, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...headers });
    res.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const u = new URL(req.url ?? '/', 'http://fake.invalid');
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      body = undefined;
    }
    const method = req.method ?? 'GET';
    const fakeReq: FakeRequest = {
      method, path: u.pathname, query: Object.fromEntries(u.searchParams), headers: { ...req.headers },
      rawBody, body, at: clock.now(),
    };
    const recorded: RecordedRequest = { ...fakeReq };
    requests.push(recorded);
    const send = (status: number, text: string, contentType: string, headers: Record<string, string> = {}) => {
      recorded.status = status;
      try {
        recorded.answer = JSON.parse(text);
      } catch {
        recorded.answer = text;
      }
      reply(res, status, text, contentType, headers);
    };

    const failure = takeFailure(method, u.pathname);
    if (failure && 'hold' in failure) {
      recorded.injected = 'hold';
      failure.hold.arrived();
      await failure.hold.open;
    } else if (failure) {
      recorded.injected = describeFailure(failure);
      if ('reset' in failure) return void req.socket.destroy();
      if ('errcode' in failure) {
        return send(200, JSON.stringify({ errcode: failure.errcode, errmsg: failure.errmsg ?? `injected error ${failure.errcode}` }), 'application/json');
      }
      if ('status' in failure) return send(failure.status, failure.body ?? '<html><body>Bad Gateway</body></html>', 'text/html');
      if ('raw' in failure) return send(200, failure.raw, failure.contentType ?? 'text/html');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, failure.delayMs);
        timers.add(timer);
      });
      if (res.destroyed) return;
    }

    const handler = routes[`${method} ${u.pathname}`];
    if (!handler) return send(404, JSON.stringify({ errcode: 404, errmsg: 'not found' }), 'application/json');
    const answer = await handler(fakeReq);
    const headers = answer.headers ?? {};
    const contentType = headers['content-type'] ?? 'application/json; charset=utf-8';
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    send(answer.status ?? 200, text, contentType, headers);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent && !res.destroyed) reply(res, 500, JSON.stringify({ errcode: -1, errmsg: `fake failed: ${err.message}` }), 'application/json');
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    callsTo: (route) => requests.filter((r) => matches(route, r.method, r.path)),
    failNext(route, failure, times = 1) {
      pending.push({ route, failure, left: times });
    },
    hold(route) {
      let arrived!: () => void;
      let release!: () => void;
      const reached = new Promise<void>((r) => (arrived = r));
      const open = new Promise<void>((r) => (release = r));
      holds.add(release);
      pending.push({ route, failure: { hold: { reached, release, open, arrived } }, left: 1 });
      return { reached, release };
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      for (const release of holds) release();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

