import type { ExecutionContext } from 'ava';
import type { Harness, Reply, RequestOpts } from './app-harness';

// The shape every refusal has, whatever caused it, and "a refused call wrote nothing".

// Anything that looks like a stack frame, a source file or a path on this machine.
export const STACK = /\n\s+at |\bat [\w.<>]+ \(|[\w-]+\.(ts|js|cjs|mjs):\d+|node_modules|\/work\//;

// A raw body sent as JSON, for malformed text.
export const jsonBody = (raw: string | Buffer, headers: Record<string, string> = {}): RequestOpts =>
  ({ rawBody: raw, headers: { 'content-type': 'application/json', ...headers } });

// A 4xx whose body is one `error` with a stable code and a Chinese message, and no stack.
export function assertRefusal(t: ExecutionContext, what: string, r: Reply, status?: number, code?: string) {
  t.true(r.status >= 400 && r.status < 500, `${what}: status ${r.status} ${r.text.slice(0, 200)}`);
  if (status) t.is(r.status, status, `${what}: ${r.text.slice(0, 200)}`);
  t.regex(r.headers.get('content-type') ?? '', /application\/json/, what);
  t.deepEqual(Object.keys(r.body ?? {}), ['error'], `${what}: ${r.text.slice(0, 200)}`);
  t.regex(String(r.body?.error?.code), /^[A-Z]+(_[A-Z]+)*$/, what);
  if (code) t.is(r.body?.error?.code, code, `${what}: ${r.text.slice(0, 200)}`);
  t.regex(String(r.body?.error?.message), /[\u4e00-\u9fff]/, what);
  t.notRegex(r.text, STACK, `${what}: stack trace in ${r.text.slice(0, 300)}`);
}

// Sends, asserts the refusal, and that `counts` is the same after as before.
export async function refusedWithoutWrites(
  t: ExecutionContext, h: Harness, counts: () => Promise<unknown>,
  method: string, path: string, opts: RequestOpts, status?: number, code?: string,
): Promise<Reply> {
  const before = await counts();
  const r = await h.request(method, path, opts);
  const what = `${method} ${path} ${String(opts.rawBody ?? JSON.stringify(opts.body) ?? '').slice(0, 80)}`;
  assertRefusal(t, what, r, status, code);
  t.deepEqual(await counts(), before, `${what}: rows changed`);
  return r;
}
