import test from 'ava';
import fc from 'fast-check';
import { CASE_TYPE_LABELS, parseCaseNumber } from '../../server/domain/hearings/case-number';

// How people write the same case: every form must reach one normalized string.
const SAME_CASE = [
  '（2026）陕0602行初12号',
  '(2026)陕0602行初12号',
  '〔2026〕陕0602行初12号',
  '[2026]陕0602行初12号',
  ' （ 2026 ） 陕 0602 行初 12 号 ',
  '（２０２６）陕０６０２行初１２号',
  '（2026）陕0602行初12',
  '(2026)\u3000陕0602行初012号',
];

for (const form of SAME_CASE) {
  test(`accepted and normalized: ${JSON.stringify(form)}`, (t) => {
    const r = parseCaseNumber(form);
    if (!r.ok) return t.fail(r.error);
    t.like(r, { year: 2026, court: '陕0602', type: '行初', seq: 12, normalized: '（2026）陕0602行初12号', typeLabel: '行政一审', warning: null });
  });
}

const OTHERS: Array<[string, Record<string, unknown>]> = [
  ['（2025）陕06行终7号', { court: '陕06', type: '行终', typeLabel: '行政二审' }],
  ['（2026）陕0602执345号', { type: '执', typeLabel: '首次执行', seq: 345 }],
  ['（2026）陕0602执恢8号', { type: '执恢', typeLabel: '恢复执行' }],
  ['（2026）陕0602民特55号', { type: '民特', normalized: '（2026）陕0602民特55号' }],
  ['（2023）最高法行申123号', { court: '最高法', type: '行申' }],
];
for (const [form, expected] of OTHERS) {
  test(`accepted: ${form}`, (t) => {
    const r = parseCaseNumber(form);
    if (!r.ok) return t.fail(r.error);
    t.like(r, expected);
  });
}

test('an unknown type code is accepted with a warning, never refused', (t) => {
  const r = parseCaseNumber('（2026）陕0602知民初3号');
  if (!r.ok) return t.fail(r.error);
  t.is(r.type, '知民初');
  t.is(r.typeLabel, null);
  t.regex(r.warning ?? '', /知民初.*不在常见列表/);
});

const REFUSED: Array<[unknown, string]> = [
  ['（26）陕0602行初12号', '年份应为四位数字'],
  ['（二〇二六）陕0602行初12号', '年份应为四位数字'],
  ['（2026）0602行初12号', '法院代字不正确'],
  ['（2026）陕6行初12号', '法院代字不正确'],
  ['（2026）陕0602行初号', '缺少案件序号'],
  ['（2026）陕0602行初', '缺少案件序号'],
  ['2026陕0602行初12号', '案号应以括号内的收案年度开头，如（2026）陕0602行初12号'],
  ['（2026）陕0602 12号', '案件类型代字不正确，如“民初”“行初”“执”'],
  ['', '请填写案号'],
  ['   ', '请填写案号'],
  [12, '案号应为文字'],
  ['（2026）陕0602行初12号'.repeat(5), '案号太长，请检查'],
];
for (const [form, error] of REFUSED) {
  test(`refused with a reason: ${JSON.stringify(form)}`, (t) => {
    t.deepEqual(parseCaseNumber(form), { ok: false, error });
  });
}

const provinces = [...'京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵云藏陕甘青宁新'];
const wellFormed = fc.record({
  year: fc.integer({ min: 1990, max: 2100 }),
  court: fc.oneof(
    fc.constant('最高法'),
    fc.tuple(fc.constantFrom(...provinces), fc.integer({ min: 0, max: 99 }), fc.option(fc.integer({ min: 0, max: 99 }))).map(
      ([p, a, b]) => `${p}${String(a).padStart(2, '0')}${b === null ? '' : String(b).padStart(2, '0')}`,
    ),
  ),
  type: fc.constantFrom(...Object.keys(CASE_TYPE_LABELS)),
  seq: fc.integer({ min: 1, max: 999_999 }),
});

test('property: every well-formed number round-trips through its normalized form, however bracketed', (t) => {
  fc.assert(
    fc.property(wellFormed, fc.constantFrom(['（', '）'], ['(', ')'], ['〔', '〕']), fc.boolean(), (c, [open, close], spaced) => {
      const sp = spaced ? ' ' : '';
      const typed = `${open}${c.year}${close}${sp}${c.court}${sp}${c.type}${sp}${c.seq}号`;
      const r = parseCaseNumber(typed);
      if (!r.ok) return false;
      const again = parseCaseNumber(r.normalized);
      return again.ok && again.normalized === r.normalized && r.year === c.year && r.court === c.court && r.type === c.type && r.seq === c.seq;
    }),
    { numRuns: 2000 },
  );
  t.pass();
});

test('property: thousands of random strings never throw, and what is accepted is stable', (t) => {
  const alphabet = fc.constantFrom(...'（）()〔〕 0123456789０１陕京最高法民行刑执初终恢号x'.split(''));
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: alphabet, maxLength: 30 })), (s) => {
      const r = parseCaseNumber(s);
      if (!r.ok) return typeof r.error === 'string' && r.error.length > 0;
      const again = parseCaseNumber(r.normalized);
      return again.ok && again.normalized === r.normalized;
    }),
    { numRuns: 5000 },
  );
  t.pass();
});
