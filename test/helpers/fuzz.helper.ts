import type { ExecutionContext } from 'ava';
import fc from 'fast-check';
import type { Reply } from './app-harness';

// What the property tests share: how many runs, what counts as a clean
// answer, and the arbitrary text, values and raw bodies they send.

export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 60);

// Never a 5xx; anything but a 2xx is a JSON error with a stable code, a
// Chinese message and no stack trace. Logs the answer when it is not.
export function answersCleanly(t: ExecutionContext, what: string, r: Reply): boolean {
  const ok =
    r.status < 500 &&
    (r.status < 300 ||
      (/application\/json/.test(r.headers.get('content-type') ?? '') &&
        /^[A-Z]+(_[A-Z]+)*$/.test(String(r.body?.error?.code)) &&
        /[\u4e00-\u9fff]/.test(String(r.body?.error?.message)) &&
        !/\n\s+at .+:\d+:\d+/.test(r.text)));
  if (!ok) t.log(`${what} → ${r.status} ${r.text.slice(0, 300)}`);
  return ok;
}

// Text with everything in it: lone surrogates, astral characters, controls,
// and the hostile strings a test adds (markup, SQL).
export const anyTextWith = (...hostile: string[]) => fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(...hostile, '𠀀😀', '\ud800', 'a\udfff', ' \u3000 ', ''),
);

// Any JSON value at all, the text above among them.
export const anyValueOf = (text: fc.Arbitrary<string>) =>
  fc.oneof(text, fc.jsonValue({ maxDepth: 2 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
