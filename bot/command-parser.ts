// From a chat message to a command, without touching anything else: the
// grammar of each command comes from the command table, so a later feature
// adds a command without changing this file. Pure, total (never throws), and
// strict: a message it accepts is a well-formed command.

import { parseCaseNumber } from '../server/domain/hearings/case-number';

export type ArgShape =
  | 'none' // 帮助
  | 'serial' // 查看 JF-2026-000123
  | 'serial-text' // 回复 JF-2026-000123 <text>
  | 'serial-text?' // 受理 JF-2026-000123 [note]
  | 'case-text' // 出庭 （2026）陕0602行初12号 负责人 张三
  | 'text' // 通报 2026H2
  // A reference to a record, whichever way people name it: a serial, a case
  // number, a document number (宝法建〔2026〕1号) or an id (#12).
  | 'ref' // 签收 宝法建〔2026〕1号
  | 'ref-text' // 反馈 #12 <text>
  | 'ref-text?'; // 催办 宝法建〔2026〕1号 [note]

export interface CommandSpec {
  name: string;
  aliases?: readonly string[];
  args: ArgShape;
  usage: string;
}

export type Parsed =
  | { ok: true; name: string; serial?: string; caseNumber?: string; ref?: string; text?: string }
  | { ok: false; error: 'empty' | 'too_long' | 'unknown' | 'usage'; name?: string; usage?: string };

export const MAX_MESSAGE = 4000;

// Spaces as people type them on phones: ASCII, ideographic (U+3000), the
// four-per-em space WeCom puts after an @mention, no-break space.
const SPACE = '[\\s\\u3000\\u2005\\u00a0]';
const LEADING_MENTIONS = new RegExp(`^(?:${SPACE}*[@＠][^\\s\\u3000\\u2005\\u00a0]+)+${SPACE}*`);
const SEPARATOR = new RegExp(`^(?:${SPACE}|[:：,，、])+`);
// A serial in any width: #JF-2026-000123, ＃ＪＦ－２０２６－１２３, jf2026123 is not (the year must stand apart).
const SERIAL = /^[#＃]?[\s\u3000]*[JjＪｊ][FfＦｆ][\s\u3000]*[-－—–_‐][\s\u3000]*([0-9０-９]{4})[\s\u3000]*[-－—–_‐][\s\u3000]*([0-9０-９]{1,6})(?![0-9０-９])/;

// A case number (案号) up to its 号: a bracketed four-digit year in any bracket
// and width, then court, type and number; parseCaseNumber judges the rest.
const CASE = /^[(（〔［\[【][\s\u3000]*[0-9０-９]{4}[\s\u3000]*[)）〕］\]】][^号\n]{1,40}?号/;

// A document number: a prefix of Chinese characters, the year in any bracket
// and width, the number, 号 — 宝法建〔2026〕1号, 宝法建[2026]1号, 宝法建（２０２６）１号.
const DOCUMENT = /^(\p{Script=Han}{1,12})[\s\u3000]*[(（〔［\[【][\s\u3000]*([0-9０-９]{4})[\s\u3000]*[)）〕］\]】][\s\u3000]*([0-9０-９]{1,6})[\s\u3000]*号/u;
// An id: #12, ＃１２, or the bare number.
const ID = /^[#＃]?[\s\u3000]*([0-9０-９]{1,9})(?![0-9０-９])/;

const toAscii = (digits: string) => digits.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

export function normalizeSerial(year: string, number: string): string {
  return `JF-${toAscii(year)}-${toAscii(number).padStart(6, '0')}`;
}

export function parseCommand(input: unknown, specs: readonly CommandSpec[]): Parsed {
  if (typeof input !== 'string') return { ok: false, error: 'empty' };
  if (input.length > MAX_MESSAGE) return { ok: false, error: 'too_long' };
  const message = input.replace(LEADING_MENTIONS, '').trim();
  if (!message) return { ok: false, error: 'empty' };

  // Longest name first, so a name that begins another never shadows it.
  const names = specs
    .flatMap((spec) => [spec.name, ...(spec.aliases ?? [])].map((name) => ({ name, spec })))
    .sort((a, b) => b.name.length - a.name.length);
  const hit = names.find(({ name }) => message.startsWith(name) && boundary(message.slice(name.length)));
  if (!hit) return { ok: false, error: 'unknown', usage: nearest(message, specs)?.usage };

  const spec = hit.spec;
  const rest = message.slice(hit.name.length).replace(SEPARATOR, '');
  const refuse: Parsed = { ok: false, error: 'usage', name: spec.name, usage: spec.usage };
  if (spec.args === 'none') return rest === '' ? { ok: true, name: spec.name } : refuse;
  if (spec.args === 'text') return rest !== '' ? { ok: true, name: spec.name, text: rest } : refuse;

  if (spec.args === 'case-text') {
    const c = CASE.exec(rest);
    const parsed = c ? parseCaseNumber(c[0]) : undefined;
    if (!c || !parsed?.ok) return refuse;
    const after = rest.slice(c[0].length);
    if (after !== '' && !SEPARATOR.test(after)) return refuse;
    const text = after.replace(SEPARATOR, '').trim();
    return text !== '' ? { ok: true, name: spec.name, caseNumber: parsed.normalized, text } : refuse;
  }

  if (spec.args === 'ref' || spec.args === 'ref-text' || spec.args === 'ref-text?') {
    const r = reference(rest);
    if (!r) return refuse;
    const after = rest.slice(r.length);
    if (after !== '' && !SEPARATOR.test(after)) return refuse;
    const text = after.replace(SEPARATOR, '').trim();
    if (spec.args === 'ref') return text === '' ? { ok: true, name: spec.name, ref: r.ref } : refuse;
    if (spec.args === 'ref-text') return text !== '' ? { ok: true, name: spec.name, ref: r.ref, text } : refuse;
    return { ok: true, name: spec.name, ref: r.ref, ...(text ? { text } : {}) };
  }

  const m = SERIAL.exec(rest);
  if (!m) return refuse;
  const serial = normalizeSerial(m[1]!, m[2]!);
  const after = rest.slice(m[0].length);
  if (after !== '' && !SEPARATOR.test(after)) return refuse; // JF-2026-000123abc
  const text = after.replace(SEPARATOR, '').trim();
  switch (spec.args) {
    case 'serial':
      return text === '' ? { ok: true, name: spec.name, serial } : refuse;
    case 'serial-text':
      return text !== '' ? { ok: true, name: spec.name, serial, text } : refuse;
    case 'serial-text?':
      return { ok: true, name: spec.name, serial, ...(text ? { text } : {}) };
    default:
      return refuse;
  }
}

// The reference at the start of `rest`, in its normal form, and how many
// characters it took: a serial, a case number, a document number, an id.
function reference(rest: string): { ref: string; length: number } | null {
  const serial = SERIAL.exec(rest);
  if (serial) return { ref: normalizeSerial(serial[1]!, serial[2]!), length: serial[0].length };
  const c = CASE.exec(rest);
  const parsed = c ? parseCaseNumber(c[0]) : undefined;
  if (c && parsed?.ok) return { ref: parsed.normalized, length: c[0].length };
  const doc = DOCUMENT.exec(rest);
  if (doc && Number(toAscii(doc[3]!)) > 0) return { ref: `${doc[1]}〔${toAscii(doc[2]!)}〕${Number(toAscii(doc[3]!))}号`, length: doc[0].length };
  const id = ID.exec(rest);
  if (id && Number(toAscii(id[1]!)) > 0) return { ref: `#${Number(toAscii(id[1]!))}`, length: id[0].length };
  return null;
}

// After a command's name comes the end, a separator, or the serial or case number itself (回复JF-…, 出庭（2026）…).
function boundary(after: string): boolean {
  return after === '' || SEPARATOR.test(after) || /^[#＃JjＪｊ(（〔［\[【]/.test(after);
}

// The command a mistyped message most likely meant: the smallest edit
// distance from its first word to a name, if it is close enough to be a guess.
export function nearest(message: string, specs: readonly CommandSpec[]): CommandSpec | undefined {
  // The first word ends at a space or, as after a real name, where a serial begins (回夏JF-…).
  const word = Array.from(message.split(new RegExp(`${SPACE}|[#＃]|[JjＪｊ][FfＦｆ]`))[0] ?? '').slice(0, 8).join('');
  let best: { spec: CommandSpec; d: number } | undefined;
  for (const spec of specs) {
    for (const name of [spec.name, ...(spec.aliases ?? [])]) {
      const d = editDistance(Array.from(word).slice(0, Array.from(name).length + 1).join(''), name);
      // Changing every character of a name is no guess: any one character is one edit from "?".
      if (d >= Array.from(name).length) continue;
      if (!best || d < best.d) best = { spec, d };
    }
  }
  return best && best.d <= 1 ? best.spec : undefined;
}

export function editDistance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length]!;
}
