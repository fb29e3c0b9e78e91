import test from 'ava';
import fc from 'fast-check';
import { parseCommand, type Parsed } from '../../bot/command-parser';
import { commandTable } from '../../bot/conversation';

// The general reference argument (签收, 反馈, 转办, 催办): a serial, a case
// number, a document number in any bracket and width, or an id — each read
// to its one normal form; anything else refused with the usage.

const TABLE = commandTable();
const parse = (text: unknown) => parseCommand(text, TABLE);
const usageOf = (name: string) => ({ ok: false, error: 'usage', name, usage: TABLE.find((c) => c.name === name)!.usage });

const ACCEPTED: Array<[string, string, Parsed]> = [
  ['document number', '签收 宝法建〔2026〕1号', { ok: true, name: '签收', ref: '宝法建〔2026〕1号' }],
  ['square brackets', '签收 宝法建[2026]1号', { ok: true, name: '签收', ref: '宝法建〔2026〕1号' }],
  ['full-width parentheses and digits', '签收 宝法建（２０２６）１２号', { ok: true, name: '签收', ref: '宝法建〔2026〕12号' }],
  ['【】 and spaces inside', '签收 宝法建【 2026 】 3 号', { ok: true, name: '签收', ref: '宝法建〔2026〕3号' }],
  ['leading zeros dropped', '签收 宝法建〔2026〕007号', { ok: true, name: '签收', ref: '宝法建〔2026〕7号' }],
  ['an id with #', '签收 #12', { ok: true, name: '签收', ref: '#12' }],
  ['an id with full-width ＃ and digits', '签收 ＃１２', { ok: true, name: '签收', ref: '#12' }],
  ['a bare id', '签收 12', { ok: true, name: '签收', ref: '#12' }],
  ['no space before #', '签收#12', { ok: true, name: '签收', ref: '#12' }],
  ['a dispute serial', '签收 jf-2026-12', { ok: true, name: '签收', ref: 'JF-2026-000012' }],
  ['a case number', '签收 (2026)陕0602行初12号', { ok: true, name: '签收', ref: '（2026）陕0602行初12号' }],
  ['feedback with text', '反馈 宝法建〔2026〕1号 已完成整改。\n附：制度文件', { ok: true, name: '反馈', ref: '宝法建〔2026〕1号', text: '已完成整改。\n附：制度文件' }],
  ['feedback after a colon', '反馈：#3：已办结', { ok: true, name: '反馈', ref: '#3', text: '已办结' }],
  ['transfer to an agency', '@机器人\u2005转办 宝法建〔2026〕1号 宝塔区住房和城乡建设局', { ok: true, name: '转办', ref: '宝法建〔2026〕1号', text: '宝塔区住房和城乡建设局' }],
  ['urge without a note', '催办 宝法建〔2026〕1号', { ok: true, name: '催办', ref: '宝法建〔2026〕1号' }],
  ['urge with a note', '催办 #5 请本周内反馈', { ok: true, name: '催办', ref: '#5', text: '请本周内反馈' }],
];

const REFUSED: Array<[string, string, string]> = [
  ['no reference', '签收', '签收'],
  ['words, not a reference', '签收 那件事', '签收'],
  ['text after 签收', '签收 #12 好的', '签收'],
  ['glued text', '反馈 宝法建〔2026〕1号已整改', '反馈'],
  ['feedback without text', '反馈 #12', '反馈'],
  ['transfer without an agency', '转办 宝法建〔2026〕1号', '转办'],
  ['a three-digit year', '签收 宝法建〔202〕1号', '签收'],
  ['no 号', '签收 宝法建〔2026〕1', '签收'],
  ['id zero', '签收 #0', '签收'],
  ['number zero', '签收 宝法建〔2026〕0号', '签收'],
  ['an id too long', '签收 #1234567890', '签收'],
];

test('references accepted, each in its normal form', (t) => {
  for (const [why, input, expected] of ACCEPTED) t.deepEqual(parse(input), expected, why);
});

test('what is not a reference is refused with the usage', (t) => {
  for (const [why, input, name] of REFUSED) t.deepEqual(parse(input), usageOf(name), why);
});

const piece = (xs: string[]) => fc.constantFrom(...xs);
const referenceLike = fc.oneof(
  fc.tuple(piece(['宝法建', '延中法建', '', 'ab']), piece(['〔', '[', '（', '【', '(', '']), piece(['2026', '２０２６', '202', '']),
    piece(['〕', ']', '）', '】', ')', '']), fc.integer({ min: 0, max: 99999999 }).map(String), piece(['号', '', '号号'])).map((xs) => xs.join('')),
  fc.tuple(piece(['#', '＃', '', '# ']), fc.string({ unit: fc.constantFrom('0', '1', '9', '１', 'x'), maxLength: 11 })).map((xs) => xs.join('')),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);

test('property: reference commands never throw, and what they accept re-renders to itself', (t) => {
  let accepted = 0;
  fc.assert(fc.property(piece(['签收', '反馈', '转办', '催办']), piece([' ', '', '\u3000', '：']), referenceLike, piece(['', ' ', ' 好的', '已办']), (name, sep, ref, tail) => {
    const r = parse(`${name}${sep}${ref}${tail}`);
    if (!r.ok) return true;
    accepted++;
    if (!r.ref || !/^(JF-\d{4}-\d{6}|（\d{4}）\S+?\d+号|\p{Script=Han}+〔\d{4}〕[1-9]\d*号|#[1-9]\d*)$/u.test(r.ref)) return false;
    const again = parse([r.name, r.ref, r.text].filter((x) => x !== undefined).join(' '));
    return JSON.stringify(again) === JSON.stringify(r);
  }), { numRuns: 5000 });
  t.true(accepted > 100, `accepted ${accepted}`);
});
