import type { AddressInfo } from 'node:net';
import test from 'ava';
import Koa from 'koa';
import { accessLog } from '../../server/http/middleware/access-log';
import { requestId } from '../../server/http/middleware/request-id';
import { createLogger } from '../../server/logger';

// What an operator reads of each request: one line with its id (the one the
// caller was answered with), method, path with secrets masked, status and
// time; and a line the request's own code logs carries the same id.
test('each request gives one access line, and what a request logs itself carries its id', async (t) => {
  const lines: Array<Record<string, any>> = [];
  const app = new Koa();
  app.silent = true;
  app.use(requestId());
  app.use(accessLog(createLogger('info', { write: (l: string) => lines.push(JSON.parse(l)) })));
  app.use(async (ctx) => {
    if (ctx.path === '/inside') ctx.state.log.warn({ phone: '13812341234' }, 'something to note');
    if (ctx.path === '/fails') ctx.status = 503;
    else ctx.body = { ok: true };
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const cases: Array<[string, string, number, Array<[string, string]>]> = [
      ['a request that logs nothing itself', '/quiet?page=2', 200, [['info', 'request']]],
      ['a secret in the query', '/quiet?js_code=abc123secret&x=1', 200, [['info', 'request']]],
      ['a request that logs a line itself', '/inside', 200, [['warn', 'something to note'], ['info', 'request']]],
      ['a failed request', '/fails', 503, [['error', 'request failed']]],
    ];
    for (const [title, path, status, expected] of cases) {
      lines.length = 0;
      const r = await fetch(url + path, { headers: { 'x-request-id': `req-${expected.length}-${status}-abcdef` } });
      t.is(r.status, status, title);
      const id = r.headers.get('x-request-id');
      t.deepEqual(lines.map((l) => [l.level === 30 ? 'info' : l.level === 40 ? 'warn' : 'error', l.msg]), expected, title);
      t.true(lines.every((l) => l.requestId === id && l.service === 'fuyuan'), title);
      const access = lines.at(-1)!;
      t.deepEqual([access.method, access.status, typeof access.ms], ['GET', status, 'number'], title);
      t.is(access.url, path.replace('abc123secret', '***'), title);
    }
    // The request's own line is masked as every line is.
    lines.length = 0;
    await fetch(`${url}/inside`);
    t.is(lines[0]!.phone, '138****1234');
  } finally {
    server.close();
  }
});
