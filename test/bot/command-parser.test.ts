import test from 'ava';
import fc from 'fast-check';
import { MAX_MESSAGE, parseCommand, type CommandSpec, type Parsed } from '../../bot/command-parser';
import { commandTable } from '../../bot/conversation';
import { parseCaseNumber } from '../../server/domain/hearings/case-number';

// The parser against the command table: every command as written in the
// usage, as people type it on phones, and what it must refuse. Then thousands
// of random strings: it never throws, and what it accepts is well formed.

const TABLE = commandTable();
const SERIAL = 'JF-2026-000123';
const CASE_NO = '（2026）陕0602行初12号';
const DOC_NO = '宝法建〔2026〕1号';
const isRef = (c: CommandSpec) => c.args === 'ref' || c.args === 'ref-text' || c.args === 'ref-text?';
const spec = (name: string) => TABLE.find((c) => c.name === name)!;
const parse = (text: unknown) => parseCommand(text, TABLE);

// The canonical form of a command and what it parses to.
function canonical(c: CommandSpec): { input: string; expected: Parsed } {
  switch (c.args) {
    case 'none': return { input: c.name, expected: { ok: true, name: c.name } };
    case 'serial': return { input: `${c.name} ${SERIAL}`, expected: { ok: true, name: c.name, serial: SERIAL } };
    case 'serial-text':
    case 'serial-text?': return { input: `${c.name} ${SERIAL} 已联系对方`, expected: { ok: true, name: c.name, serial: SERIAL, text: '已联系对方' } };
    case 'case-text': return { input: `${c.name} ${CASE_NO} 负责人 张三`, expected: { ok: true, name: c.name, caseNumber: CASE_NO, text: '负责人 张三' } };
    case 'text': return { input: `${c.name} 2026H2`, expected: { ok: true, name: c.name, text: '2026H2' } };
    case 'ref': return { input: `${c.name} ${DOC_NO}`, expected: { ok: true, name: c.name, ref: DOC_NO } };
    case 'ref-text':
    case 'ref-text?': return { input: `${c.name} ${DOC_NO} 已整改`, expected: { ok: true, name: c.name, ref: DOC_NO, text: '已整改' } };
  }
}

// How people type "<command> <serial> <text>" on a phone: [how, input-builder].
const VARIANTS: Array<[string, (name: string, text: string) => string]> = [
  ['# before the serial', (n, x) => `${n} #${SERIAL} ${x}`],
  ['full-width ＃', (n, x) => `${n} ＃${SERIAL} ${x}`],
  ['full-width spaces', (n, x) => `${n}\u3000${SERIAL}\u3000${x}`],
  ['WeCom mention space after @机器人', (n, x) => `@机器人\u2005${n}\u2005${SERIAL} ${x}`],
  ['full-width ＠ and two mentions', (n, x) => `＠机器人 @刘桂兰 ${n} ${SERIAL} ${x}`],
  ['full-width letters and digits', (n, x) => `${n} ＪＦ－２０２６－０００１２３ ${x}`],
  ['full-width ＃, letters and digits', (n, x) => `${n}　＃ＪＦ－２０２６－０００１２３　${x}`],
  ['lower case', (n, x) => `${n} jf-2026-000123 ${x}`],
  ['colon after the command', (n, x) => `${n}:${SERIAL} ${x}`],
  ['full-width colon after the command', (n, x) => `${n}：${SERIAL}：${x}`],
  ['no space before the serial', (n, x) => `${n}${SERIAL} ${x}`],
  ['no space before #serial', (n, x) => `${n}#${SERIAL}，${x}`],
  ['short number', (n, x) => `${n} JF-2026-123 ${x}`],
  ['short full-width number', (n, x) => `${n} ＪＦ－２０２６－１２３ ${x}`],
  ['surrounding blanks and newlines', (n, x) => `  \n${n}\n${SERIAL}\n${x}\n  `],
];

for (const c of TABLE) {
  test(`${c.name}: canonical form and usage text parse`, (t) => {
    const { input, expected } = canonical(c);
    t.deepEqual(parse(input), expected);
    // The usage a refusal shows is itself a valid command.
    t.like(parse(c.usage), { ok: true, name: c.name });
    for (const alias of c.aliases ?? []) t.deepEqual(parse(input.replace(c.name, alias)), expected, alias);
  });

  // Free text after the name (通报 2026H2): the command reads it; here only that it arrives, trimmed.
  if (c.args === 'text') {
    test(`${c.name}: free text`, (t) => {
      t.deepEqual(parse(`@机器人\u2005${c.name}：\u30002026H2 `), { ok: true, name: c.name, text: '2026H2' });
      t.deepEqual(parse(c.name), { ok: false, error: 'usage', name: c.name, usage: c.usage });
    });
    continue;
  }

  if (c.args === 'none') {
    test(`${c.name}: variants and refusals`, (t) => {
      for (const input of [`@机器人\u2005${c.name}`, `\u3000${c.name}\u3000`, `${c.name}：`, `${c.name} `]) {
        t.deepEqual(parse(input), { ok: true, name: c.name }, JSON.stringify(input));
      }
      t.like(parse(`${c.name} ${SERIAL}`), { ok: false, error: 'usage', name: c.name, usage: c.usage });
      t.like(parse(`${c.name} 一下`), { ok: false, error: 'usage', name: c.name });
    });
    continue;
  }

  if (c.args === 'case-text') {
    test(`${c.name}: case number typed on a phone`, (t) => {
      const cases: Array<[string, string]> = [
        ['full-width brackets', `${c.name} （2026）陕0602行初12号 负责人 张三`],
        ['half-width brackets', `${c.name} (2026)陕0602行初12号 负责人 张三`],
        ['〔〕 brackets', `${c.name} 〔2026〕陕0602行初12号 负责人 张三`],
        ['no space before the case number', `${c.name}（2026）陕0602行初12号 负责人 张三`],
        ['spaces inside the case number', `${c.name} ( 2026 ) 陕0602 行初 12号　负责人 张三`],
        ['full-width digits', `${c.name} （２０２６）陕０６０２行初１２号，负责人 张三`],
        ['WeCom mention and colon', `@机器人\u2005${c.name}：${CASE_NO}\n负责人 张三`],
      ];
      for (const [how, input] of cases) {
        t.deepEqual(parse(input), { ok: true, name: c.name, caseNumber: CASE_NO, text: '负责人 张三' }, `${how}: ${JSON.stringify(input)}`);
      }
      t.deepEqual(parse(`${c.name} (2026)陕0602行初12号 不能出庭 局长外出学习，已提交书面说明`),
        { ok: true, name: c.name, caseNumber: CASE_NO, text: '不能出庭 局长外出学习，已提交书面说明' });
    });

    test(`${c.name}: refusals give its usage`, (t) => {
      const usage = { ok: false, error: 'usage', name: c.name, usage: c.usage };
      for (const [why, input] of [
        ['nothing after the name', c.name],
        ['case number without text', `${c.name} ${CASE_NO}`],
        ['only separators for text', `${c.name} ${CASE_NO}　：，`],
        ['text without case number', `${c.name} 负责人 张三`],
        ['a serial instead of a case number', `${c.name} ${SERIAL} 负责人`],
        ['no brackets around the year', `${c.name} 2026陕0602行初12号 负责人`],
        ['short year', `${c.name} （202）陕0602行初12号 负责人`],
        ['no 号', `${c.name} （2026）陕0602行初12 负责人`],
        ['no number', `${c.name} （2026）陕0602行初号 负责人`],
        ['no court', `${c.name} （2026）行初12号 负责人`],
        ['unknown province', `${c.name} （2026）X0602行初12号 负责人`],
        ['text glued to 号', `${c.name} ${CASE_NO}负责人`],
      ] as const) {
        t.deepEqual(parse(input), usage, `${why}: ${JSON.stringify(input)}`);
      }
    });
    continue;
  }

  // Reference commands: test/bot/reference-argument.test.ts.
  if (isRef(c)) continue;

  test(`${c.name}: typed on a phone`, (t) => {
    const needsText = c.args !== 'serial';
    for (const [how, build] of VARIANTS) {
      const input = build(c.name, needsText ? '好的' : '').trimEnd();
      t.deepEqual(parse(input), { ok: true, name: c.name, serial: SERIAL, ...(needsText ? { text: '好的' } : {}) }, `${how}: ${JSON.stringify(input)}`);
    }
  });

  test(`${c.name}: refusals give its usage`, (t) => {
    const usage = { ok: false, error: 'usage', name: c.name, usage: c.usage };
    t.deepEqual(parse(c.name), usage, 'missing serial');
    t.deepEqual(parse(`${c.name} 好的`), usage, 'text without serial');
    t.deepEqual(parse(`${c.name} JF-2026-0001234 好的`), usage, 'digits glued to the serial');
    t.deepEqual(parse(`${c.name} JF-2026-000123abc 好的`), usage, 'letters glued to the serial');
    t.deepEqual(parse(`${c.name} JF-202-000123 好的`), usage, 'short year');
    t.deepEqual(parse(`${c.name} JF2026000123 好的`), usage, 'no dashes');
    t.deepEqual(parse(`${c.name} #`), usage, 'bare #');
    if (c.args === 'serial') t.deepEqual(parse(`${c.name} ${SERIAL} abc`), usage, 'trailing junk');
    if (c.args === 'serial-text') {
      t.deepEqual(parse(`${c.name} ${SERIAL}`), usage, 'missing text');
      t.deepEqual(parse(`${c.name} ${SERIAL}　：，`), usage, 'only separators for text');
    }
    if (c.args === 'serial-text?') t.deepEqual(parse(`${c.name} ${SERIAL}`), { ok: true, name: c.name, serial: SERIAL });
  });
}

test('text needing it: 回复, 说法, 办结, 失败; optional for 受理, 调解; none for 查看', (t) => {
  t.deepEqual(['回复', '说法', '办结', '失败', '受理', '调解', '查看', '帮助', '待办'].map((n) => spec(n).args),
    ['serial-text', 'serial-text', 'serial-text', 'serial-text', 'serial-text?', 'serial-text?', 'serial', 'none', 'none']);
});

// 请法官: the mediator's question to the judges, as it is typed: [how, input, expected].
const ASK_JUDGE: Array<[string, string, Parsed]> = [
  ['canonical', `请法官 ${SERIAL} 排水纠纷能否主张排除妨碍？`, { ok: true, name: '请法官', serial: SERIAL, text: '排水纠纷能否主张排除妨碍？' }],
  ['no space, short number, colon', '请法官JF-2026-123：鉴定费谁出？', { ok: true, name: '请法官', serial: SERIAL, text: '鉴定费谁出？' }],
  ['mention, full width', `@机器人\u2005请法官　＃ＪＦ－２０２６－０００１２３　问题一\n问题二`, { ok: true, name: '请法官', serial: SERIAL, text: '问题一\n问题二' }],
  ['no question', `请法官 ${SERIAL}`, { ok: false, error: 'usage', name: '请法官', usage: spec('请法官').usage }],
  ['no serial', '请法官 排水纠纷怎么办', { ok: false, error: 'usage', name: '请法官', usage: spec('请法官').usage }],
  ['serial run into text', `请法官 ${SERIAL}问题`, { ok: false, error: 'usage', name: '请法官', usage: spec('请法官').usage }],
  ['a typo of the name', `请法宫 ${SERIAL} 问题`, { ok: false, error: 'unknown', usage: spec('请法官').usage }],
];

test('请法官: the question typed on a phone, and what is refused', (t) => {
  for (const [how, input, expected] of ASK_JUDGE) t.deepEqual(parse(input), expected, how);
});

// The plainer verbs mediators say: 调成 is 办结, 未调成 is 失败 — [input, expected].
const PLAIN_VERBS: Array<[string, Parsed]> = [
  [`调成 ${SERIAL} 双方达成协议`, { ok: true, name: '办结', serial: SERIAL, text: '双方达成协议' }],
  ['调成JF-2026-123：已赔偿', { ok: true, name: '办结', serial: SERIAL, text: '已赔偿' }],
  [`未调成 ${SERIAL} 对方拒绝调解`, { ok: true, name: '失败', serial: SERIAL, text: '对方拒绝调解' }],
  [`@机器人\u2005未调成　＃ＪＦ－２０２６－０００１２３　对方反悔`, { ok: true, name: '失败', serial: SERIAL, text: '对方反悔' }],
  [`调成 ${SERIAL}`, { ok: false, error: 'usage', name: '办结', usage: spec('办结').usage }],
  [`未调成 ${SERIAL}`, { ok: false, error: 'usage', name: '失败', usage: spec('失败').usage }],
  [`调解 ${SERIAL}`, { ok: true, name: '调解', serial: SERIAL }],
];

test('调成 and 未调成 are 办结 and 失败', (t) => {
  for (const [input, expected] of PLAIN_VERBS) t.deepEqual(parse(input), expected, input);
});

test('multi-line text is kept verbatim, ends trimmed', (t) => {
  const body = '您好：\n  1. 明天上午九点到村委会；\n  2. 带上相关票据。\n\n谢谢！';
  t.deepEqual(parse(`回复 #${SERIAL}\n${body}\n\n`), { ok: true, name: '回复', serial: SERIAL, text: body });
  t.deepEqual(parse(`@机器人\u2005说法JF-2026-9：依据民法典第二百九十条，\n相邻方应当为排水提供便利。`), {
    ok: true, name: '说法', serial: 'JF-2026-000009', text: '依据民法典第二百九十条，\n相邻方应当为排水提供便利。',
  });
  t.deepEqual(parse('回复JF-2026-000123 好'), { ok: true, name: '回复', serial: SERIAL, text: '好' });
});

test('unknown commands get the nearest usage, or none', (t) => {
  t.deepEqual(parse(`回夏 ${SERIAL} 好的`), { ok: false, error: 'unknown', usage: spec('回复').usage });
  t.deepEqual(parse(`回夏${SERIAL} 好的`), { ok: false, error: 'unknown', usage: spec('回复').usage });
  t.deepEqual(parse(`查看了 ${SERIAL}`), { ok: false, error: 'unknown', usage: spec('查看').usage });
  t.deepEqual(parse('帮忙'), { ok: false, error: 'unknown', usage: spec('帮助').usage });
  t.deepEqual(parse(`受里 ${SERIAL}`), { ok: false, error: 'unknown', usage: spec('受理').usage });
  t.deepEqual(parse('回'), { ok: false, error: 'unknown', usage: spec('回复').usage });
  for (const input of ['今天天气不错', '好', '1', 'x', '收到，谢谢', '＃ＪＦ－２０２６－０００１２３', '@机器人 你好呀']) {
    t.deepEqual(parse(input), { ok: false, error: 'unknown', usage: undefined }, input);
  }
});

test('empty, too long and not text', (t) => {
  for (const input of ['', '   ', '\u3000\u2005\n', '@机器人', '@机器人\u2005', undefined, null, 42, {}]) {
    t.deepEqual(parse(input), { ok: false, error: 'empty' }, JSON.stringify(input));
  }
  t.deepEqual(parse(`回复 ${SERIAL} ${'好'.repeat(MAX_MESSAGE)}`), { ok: false, error: 'too_long' });
  t.deepEqual(parse(' '.repeat(MAX_MESSAGE + 1)), { ok: false, error: 'too_long' });
  const longest = `回复 ${SERIAL} `;
  t.like(parse(longest + '好'.repeat(MAX_MESSAGE - longest.length)), { ok: true, name: '回复' });
  t.is(MAX_MESSAGE, 4000);
});

// ---- property: total, and strict ----

const NAMES = TABLE.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
const SPECS = new Map(TABLE.map((c) => [c.name, c]));
const WELL_FORMED_SERIAL = /^JF-\d{4}-\d{6}$/;
const WELL_FORMED_CASE = /^（\d{4}）\S+?\d+号$/;
const WELL_FORMED_REF = /^(JF-\d{4}-\d{6}|（\d{4}）\S+?\d+号|\p{Script=Han}+〔\d{4}〕[1-9]\d*号|#[1-9]\d*)$/u;

function checkAccepted(input: string, r: Parsed): void {
  if (!r.ok) return;
  const c = SPECS.get(r.name);
  if (!c) throw new Error(`accepted an unknown name ${r.name}`);
  const needsSerial = c.args !== 'none' && c.args !== 'case-text' && c.args !== 'text' && !isRef(c);
  if (isRef(c) !== (r.ref !== undefined)) throw new Error(`reference presence wrong for ${c.name}`);
  if (r.ref !== undefined && !WELL_FORMED_REF.test(r.ref)) throw new Error(`bad reference ${r.ref}`);
  if ((c.args === 'case-text') !== (r.caseNumber !== undefined)) throw new Error(`case number presence wrong for ${c.name}`);
  if (r.caseNumber !== undefined && !WELL_FORMED_CASE.test(r.caseNumber)) throw new Error(`bad case number ${r.caseNumber}`);
  if (r.caseNumber !== undefined && parseCaseNumber(r.caseNumber).ok !== true) throw new Error(`invalid case number ${r.caseNumber}`);
  if (needsSerial !== (r.serial !== undefined)) throw new Error(`serial presence wrong for ${c.name}`);
  if (r.serial !== undefined && !WELL_FORMED_SERIAL.test(r.serial)) throw new Error(`bad serial ${r.serial}`);
  const hasText = r.text !== undefined;
  if (hasText && r.text === '') throw new Error('empty text accepted');
  if ((c.args === 'serial-text' || c.args === 'case-text' || c.args === 'ref-text') && !hasText) throw new Error(`${c.name} accepted without text`);
  if (c.args === 'ref' && hasText) throw new Error(`${c.name} accepted with text`);
  if ((c.args === 'serial' || c.args === 'none') && hasText) throw new Error(`${c.name} accepted with text`);
  if (hasText && !input.includes(r.text!)) throw new Error('text not taken verbatim from the input');
  const rendered = [r.name, r.serial, r.caseNumber, r.ref, r.text].filter((x) => x !== undefined).join(' ');
  const again = parseCommand(rendered, TABLE);
  if (JSON.stringify(again) !== JSON.stringify(r)) {
    throw new Error(`re-rendered ${JSON.stringify(rendered)} parses to ${JSON.stringify(again)}, not ${JSON.stringify(r)}`);
  }
}

function neverThrowsAndStrict(input: string): boolean {
  let r: Parsed;
  try {
    r = parseCommand(input, TABLE);
  } catch (err) {
    throw new Error(`threw on ${JSON.stringify(input)}: ${String(err)}`);
  }
  if (typeof r !== 'object' || r === null || typeof r.ok !== 'boolean') throw new Error('not a Parsed');
  checkAccepted(input, r);
  return true;
}

const piece = (xs: string[]) => fc.constantFrom(...xs);
// Mostly right, sometimes wrong: each part of a serial-like fragment is drawn
// from good forms with a chance of a bad one, so both sides of the grammar are reached.
const mostly = (good: string[], bad: string[]) => fc.oneof({ arbitrary: piece(good), weight: 4 }, { arbitrary: piece(bad), weight: 1 });
const digits = (good: number) => fc.oneof(
  { arbitrary: fc.array(piece(['0', '1', '2', '9', '０', '１', '９']), { minLength: good, maxLength: good }), weight: 3 },
  { arbitrary: fc.array(piece(['0', '1', '9', '０', '٣', 'a', ' ']), { maxLength: 9 }), weight: 1 },
).map((xs) => xs.join(''));
const sep = fc.array(mostly([' ', '\u3000', '\u2005', '\u00a0', '\n', ':', '：', ',', '，', '、'], ['#', '＃', '-', '\t', 'x']), { maxLength: 3 }).map((xs) => xs.join(''));
const serialLike = fc
  .tuple(mostly(['', '#', '＃', '# '], ['##', '＃＃']), mostly(['JF', 'jf', 'ＪＦ', 'Jf'], ['J', 'FJ', 'JFF', '']), mostly(['-', '－', '—', '_'], ['', ' - ', '--']),
    digits(4), mostly(['-', '－', '–', '‐'], ['', '--', ' ']), fc.integer({ min: 1, max: 6 }).chain(digits))
  .map((xs) => xs.join(''));
// A case number in the forms people type, sometimes broken.
const caseLike = fc
  .tuple(mostly(['（', '(', '〔', '［'], ['', '((', '{']), mostly(['2026', '２０２６', '2019', ' 2026 '], ['202', '20266', '0000', '2０2']), mostly(['）', ')', '〕', '］'], ['', '))']),
    mostly(['陕0602', '陕06', '京01', '最高法', ' 陕0602 '], ['X0602', '陕6', '', '陕060']), mostly(['行初', '民初', '执', '行赔初', '诉前调'], ['', 'AB', '行初行初行初']),
    mostly(['12', '１２', '1', '340'], ['', '0', '1a', '1234567890']), mostly(['号'], ['', '号号']))
  .map((xs) => xs.join(''));
const textLike = fc.oneof(fc.constant(''), fc.string({ unit: 'grapheme', maxLength: 20 }), piece(['好的', 'abc', '123', '\u200b', '已联系\n明天到', '：', 'JF-2026-000123']));
const mention = piece(['', '@机器人\u2005', '@机器人 ', '＠机器人\u3000', '@', '@机器人']);
// The argument mostly of the name's own shape, sometimes of another.
const argumentFor = (name: string) => {
  const own = TABLE.find((c) => c.name === name || c.aliases?.includes(name))?.args === 'case-text';
  return fc.oneof({ arbitrary: own ? caseLike : serialLike, weight: 4 }, { arbitrary: own ? serialLike : caseLike, weight: 1 });
};
const built = piece([...NAMES, '回夏', '查', 'HELP', '帮助帮助'])
  .chain((name) => fc.tuple(mention, fc.constant(name), sep, argumentFor(name), sep, textLike))
  .map((xs) => xs.join(''));

test('property: random binary strings never throw and are never wrongly accepted', (t) => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), neverThrowsAndStrict), { numRuns: 5000 });
  t.pass();
});

test('property: random grapheme strings never throw and are never wrongly accepted', (t) => {
  fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), neverThrowsAndStrict), { numRuns: 5000 });
  t.pass();
});

test('property: command-shaped strings are accepted only when well formed', (t) => {
  let accepted = 0;
  let acceptedCase = 0;
  fc.assert(
    fc.property(built, (input) => {
      neverThrowsAndStrict(input);
      const r = parseCommand(input, TABLE);
      if (r.ok) accepted++;
      if (r.ok && r.caseNumber) acceptedCase++;
      return true;
    }),
    { numRuns: 20000 },
  );
  // The generator reaches both sides of the grammar.
  t.true(accepted > 400, `accepted ${accepted}`);
  t.true(accepted < 19000, `accepted ${accepted}`);
  t.true(acceptedCase > 10, `accepted with a case number ${acceptedCase}`);
});

test('property: every well-formed command is accepted, however it is spaced', (t) => {
  const spaces = fc.array(piece([' ', '\u3000', '\u2005', '\n']), { minLength: 1, maxLength: 3 }).map((xs) => xs.join(''));
  const body = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== '' && !/^[\s:：,，、]/.test(s));
  fc.assert(
    fc.property(fc.constantFrom(...TABLE.filter((c) => !isRef(c))), piece(['', '#', '＃']), fc.integer({ min: 1, max: 999999 }), spaces, spaces, body, (c, hash, n, s1, s2, text) => {
      const serial = `JF-2026-${String(n).padStart(6, '0')}`;
      const caseNumber = `（2026）陕0602行初${n}号`;
      if (c.args === 'text') return;
      const input = c.args === 'none' ? c.name : c.args === 'serial' ? `${c.name}${s1}${hash}${serial}`
        : c.args === 'case-text' ? `${c.name}${s1}${caseNumber.replace('（', '(').replace('）', ')')}${s2}${text}` : `${c.name}${s1}${hash}${serial}${s2}${text}`;
      const r = parseCommand(input, TABLE);
      const expected = c.args === 'none' ? { ok: true, name: c.name } : c.args === 'serial' ? { ok: true, name: c.name, serial }
        : c.args === 'case-text' ? { ok: true, name: c.name, caseNumber, text: text.trim() } : { ok: true, name: c.name, serial, text: text.trim() };
      if (JSON.stringify(r) !== JSON.stringify(expected)) throw new Error(`${JSON.stringify(input)} → ${JSON.stringify(r)}`);
    }),
    { numRuns: 3000 },
  );
  t.pass();
});
