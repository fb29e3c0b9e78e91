import { getSignature } from '@wecom/crypto';
import type { ExecutionContext } from 'ava';
import type { SealedMessage } from '../../server/http/wecom/wecom-crypto';
import { startHarness, type Harness, type Reply } from './app-harness';
import type { TestDb } from './databases';

// WeCom's two callbacks (the app's XML one and the robot's JSON one) through
// the real HTTP server: a harness that counts outbox kicks and seals what a
// test posts, the forgeries both refuse alike, and waiting for background work.

export type Sealed = SealedMessage;
export interface PostOpts { ts?: string; receiveId?: string; tamper?: (s: Sealed) => Sealed }

export interface CallbackWorld<M> {
  h: Harness;
  kicks: number;
  // The harness clock in Unix seconds, moved by `offsetS`.
  ts(offsetS?: number): string;
  // Seals `message` as WeCom would (changed by `o`) and posts it.
  post(message: M, o?: PostOpts): Promise<Reply>;
}

export async function withCallbacks<M>(
  db: TestDb,
  callbacks: NonNullable<Parameters<typeof startHarness>[1]>['wecomCallbacks'],
  makePost: (w: CallbackWorld<M>) => CallbackWorld<M>['post'],
  fn: (w: CallbackWorld<M>) => Promise<void>,
): Promise<void> {
  const world = { kicks: 0 } as CallbackWorld<M>;
  const h = await startHarness(db, { wecomCallbacks: callbacks, kickOutbox: () => void world.kicks++ });
  world.h = h;
  world.ts = (offsetS = 0) => String(Math.floor(h.clock.now().getTime() / 1000) + offsetS);
  world.post = makePost(world);
  try {
    await fn(world);
  } finally {
    await h.close();
  }
}

export type RefusalCase = [what: string, reply: Promise<Reply>, status: number, code: string];

const flip = (s: string) => (s[0] === 'a' ? 'b' : 'a') + s.slice(1);

// A query with a signature that cannot be right, at the harness's now.
export const forgedSignature = (w: CallbackWorld<unknown>) => `msg_signature=${'0'.repeat(40)}&timestamp=${w.ts()}&nonce=1`;

// Forgeries of `message`, sealed with `token`: refused whichever callback takes them.
export function forgeries<M>(w: CallbackWorld<M>, message: M, token: string): RefusalCase[] {
  return [
    ['tampered signature', w.post(message, { tamper: (s) => ({ ...s, signature: flip(s.signature) }) }), 403, 'WECOM_BAD_SIGNATURE'],
    ['tampered cipher text', w.post(message, { tamper: (s) => ({ ...s, encrypt: flip(s.encrypt) }) }), 403, 'WECOM_BAD_SIGNATURE'],
    // Someone with the token but not the key: a bit flipped in the last-but-one block breaks the padding.
    ['cipher text re-signed with the token', w.post(message, {
      tamper: (s) => {
        const bytes = Buffer.from(s.encrypt, 'base64');
        bytes[bytes.length - 17]! ^= 0x01;
        const encrypt = bytes.toString('base64');
        return { ...s, encrypt, signature: getSignature(token, s.timestamp, s.nonce, encrypt) };
      },
    }), 400, 'WECOM_BAD_CIPHERTEXT'],
  ];
}

// Each case: its exact status and code, and a message in Chinese.
export async function assertRefused(t: ExecutionContext, cases: RefusalCase[]): Promise<void> {
  for (const [what, reply, status, code] of cases) {
    const r = await reply;
    t.is(r.status, status, `${what}: ${r.text}`);
    t.is(r.body?.error?.code, code, what);
    t.regex(String(r.body?.error?.message), /[\u4e00-\u9fff]/, `${what}: a message in Chinese`);
  }
}

// Polls `check` until it holds; the callbacks answer first and work after.
export async function until(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = performance.now() + ms; // elapsed time, not the day
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
