import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import test from 'ava';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import type { ExecutionContext } from 'ava';
import { discardBody } from '../../server/http/discard-body';
import { startHarness, type Harness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';

// Bad bodies, sent by a raw node:http client that writes every byte it
// declared: each gets a 4xx JSON answer with a Chinese message, never a 500
// and never a socket closed under a client that is still sending (EPIPE).

const APP = { token: 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo', aesKey: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt', corpId: 'ww1436e0e65a779aee' };
const BOT = { token: 'FuyuanBotToken2026', aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' };
const TWO_MB = 2 * 1024 * 1024;

interface RawReply { status: number; headers: Record<string, string | string[] | undefined>; text: string; body: any }

// Writes the whole body (in 64 KiB pieces, as a slow phone would), and only
// then counts the exchange as done: a server that stops reading and closes
// makes the write fail, and the test with it.
function rawPost(h: Harness, path: string, headers: Record<string, string>, body: Buffer, { chunked = false } = {}): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const url = new URL(h.url + path);
    const req = httpRequest({
      host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST', agent: false,
      headers: { ...headers, ...(chunked ? {} : { 'content-length': String(body.length) }) },
    });
    let reply: RawReply | undefined;
    let written = false;
    const settle = () => { if (reply && written) resolve(reply); };
    req.on('error', (err) => reject(new Error(`the client could not finish (${(err as NodeJS.ErrnoException).code ?? err.message}); answer so far: ${reply?.status}`)));
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d)).on('end', () => {
        let parsed: unknown;
        try { parsed = JSON.parse(text); } catch { parsed = undefined; }
        reply = { status: res.statusCode!, headers: res.headers, text, body: parsed };
        settle();
      });
    });
    let offset = 0;
    const writeMore = () => {
      while (offset < body.length) {
        const piece = body.subarray(offset, offset + 64 * 1024);
        offset += piece.length;
        // A pause between pieces, as over a real network: the server answers while the client is still sending.
        if (!req.write(piece)) return void req.once('drain', writeMore);
        return void setTimeout(writeMore, 2);
      }
      req.end(() => { written = true; settle(); });
    };
    writeMore();
  });
}

function isRefusal(t: ExecutionContext, what: string, r: RawReply, status: number, code: string) {
  t.is(r.status, status, `${what}: ${r.text}`);
  t.is(r.body?.error?.code, code, what);
  t.regex(String(r.body?.error?.message), /[\u4e00-\u9fff]/, `${what}: a message in Chinese`);
}

const query = 'msg_signature=0000000000000000000000000000000000000000&timestamp=1764122400&nonce=1';
const garbage = Buffer.from('这不是压缩过的内容，this is not compressed at all '.repeat(4));
const json = { 'content-type': 'application/json' };

eachDb('malformed gzip, deflate and br bodies are 400, unknown encodings 415, on the API and both callbacks', async (t, db) => {
  const h = await startHarness(db, { wecomCallbacks: { app: APP, bot: BOT, maxSkewS: 0 } });
  try {
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const r = await rawPost(h, '/api/auth/mp-login', { ...json, 'content-encoding': encoding }, garbage);
      isRefusal(t, `API, malformed ${encoding}`, r, 400, 'INVALID_CONTENT_ENCODING');
    }
    // A valid body cut short is malformed too.
    const cut = (b: Buffer) => b.subarray(0, b.length - 8);
    const good = Buffer.from(JSON.stringify({ code: 'x'.repeat(2000) }));
    for (const [encoding, packed] of [['gzip', gzipSync(good)], ['deflate', deflateSync(good)], ['br', brotliCompressSync(good)]] as const) {
      const r = await rawPost(h, '/api/auth/mp-login', { ...json, 'content-encoding': encoding }, cut(packed));
      isRefusal(t, `API, truncated ${encoding}`, r, 400, 'INVALID_CONTENT_ENCODING');
    }
    // Well-formed br still works: the answer is about the code, not the body.
    const ok = await rawPost(h, '/api/auth/mp-login', { ...json, 'content-encoding': 'br' }, brotliCompressSync(JSON.stringify({ code: 'br-user' })));
    t.is(ok.status, 200, ok.text);
    for (const encoding of ['compress', 'zstd', 'gzip, br']) {
      const r = await rawPost(h, '/api/auth/mp-login', { ...json, 'content-encoding': encoding }, garbage);
      isRefusal(t, `API, ${encoding}`, r, 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
    // WeCom never compresses its callbacks: any encoding is refused, malformed or not.
    for (const encoding of ['gzip', 'br', 'compress']) {
      isRefusal(t, `app callback, ${encoding}`, await rawPost(h, `/wecom/callback?${query}`, { 'content-type': 'text/xml', 'content-encoding': encoding }, garbage), 415, 'UNSUPPORTED_MEDIA_TYPE');
      isRefusal(t, `robot callback, ${encoding}`, await rawPost(h, `/wecom/bot?${query}`, { ...json, 'content-encoding': encoding }, garbage), 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
    t.false(h.logLines.some((l) => Number(l.status) >= 500), 'never a 500');
  } finally {
    await h.close();
  }
});

eachDb('a 2 MB body is answered 413 JSON after the client has sent all of it, declared or chunked', async (t, db) => {
  const h = await startHarness(db, { wecomCallbacks: { app: APP, bot: BOT, maxSkewS: 0 } });
  try {
    const big = Buffer.alloc(TWO_MB, 'x');
    const bigJson = Buffer.from(JSON.stringify({ code: 'x'.repeat(TWO_MB) }));
    const cases: Array<[string, string, Record<string, string>, Buffer, number, string]> = [
      ['robot callback, text/plain', `/wecom/bot?${query}`, { 'content-type': 'text/plain' }, big, 413, 'PAYLOAD_TOO_LARGE'],
      ['robot callback, JSON', `/wecom/bot?${query}`, json, bigJson, 413, 'PAYLOAD_TOO_LARGE'],
      ['app callback, XML', `/wecom/callback?${query}`, { 'content-type': 'text/xml' }, big, 413, 'PAYLOAD_TOO_LARGE'],
      ['API, JSON', '/api/auth/mp-login', json, bigJson, 413, 'PAYLOAD_TOO_LARGE'],
      ['API, text/plain', '/api/auth/mp-login', { 'content-type': 'text/plain' }, big, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['API, gzip that inflates past the limit', '/api/auth/mp-login', { ...json, 'content-encoding': 'gzip' }, gzipSync(bigJson), 413, 'PAYLOAD_TOO_LARGE'],
    ];
    for (const [what, path, headers, body, status, code] of cases) {
      isRefusal(t, `${what}, with a length`, await rawPost(h, path, headers, body), status, code);
      isRefusal(t, `${what}, chunked`, await rawPost(h, path, headers, body, { chunked: true }), status, code);
    }
    // The server is still there for everyone else.
    const after = await h.request('GET', '/healthz');
    t.is(after.status, 200);
    t.false(h.logLines.some((l) => Number(l.status) >= 500), 'never a 500');
  } finally {
    await h.close();
  }
});

// discardBody on a bare server: what it does past its cap and with a client that stalls.
async function discardOn(limits: { limitBytes: number; timeoutMs: number }, send: (req: ReturnType<typeof httpRequest>) => void): Promise<boolean> {
  let result!: Promise<boolean>;
  const server = createServer((req: IncomingMessage, res) => {
    result = discardBody(req, limits);
    void result.then(() => res.writeHead(413, { connection: 'close' }).end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const req = httpRequest({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, method: 'POST', path: '/', agent: false });
    req.on('error', () => {});
    const answered = new Promise<void>((r) => req.on('response', (res) => res.resume().on('end', r)));
    send(req);
    await answered;
    return await result;
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

test('discardBody reads a body to its end within the cap, and gives up past it or when the client stalls', async (t) => {
  const limits = { limitBytes: 10_000, timeoutMs: 300 };
  t.true(await discardOn(limits, (req) => req.end(Buffer.alloc(9_000))), 'within the cap: read to its end');
  t.false(await discardOn(limits, (req) => { req.setHeader('content-length', '20000'); req.write(Buffer.alloc(5_000)); }), 'a declared length past the cap');
  t.false(await discardOn(limits, (req) => { for (let i = 0; i < 4; i++) req.write(Buffer.alloc(4_000)); }), 'chunks past the cap');
  t.false(await discardOn(limits, (req) => req.write(Buffer.alloc(100))), 'a client that stops sending');
});
