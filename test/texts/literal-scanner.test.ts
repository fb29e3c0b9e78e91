import test from 'ava';
import { hasCjk, isRegExpSource, scanLiterals, type LiteralKind } from './literal-scanner';

// The tokenizer behind the catalogue test: each row is a piece of TypeScript
// and the literals it holds, in source order, as [kind, text].

const B = '`'; // a backtick, so the sources below stay readable
const cases: Array<{ name: string; source: string; literals: Array<[LiteralKind, string]> }> = [
  { name: 'a line comment is skipped', source: "const a = 'x'; // '注释' and \"quotes\"", literals: [['string', 'x']] },
  { name: '// inside a string is not a comment', source: "const u = 'http://example.com'; const v = \"a // b\";", literals: [['string', 'http://example.com'], ['string', 'a // b']] },
  { name: '/* */ inside a string is not a comment', source: "const s = '/* 不是注释 */';", literals: [['string', '/* 不是注释 */']] },
  { name: 'a block comment with quotes and backticks', source: "/* it's \"quoted\" and " + B + "ticked" + B + " */ const x = 'ok';", literals: [['string', 'ok']] },
  { name: 'a line comment with an apostrophe', source: "// the resident's text\nconst y = '中';", literals: [['string', '中']] },
  { name: 'a multi-line block comment', source: "/**\n * '中'\n */\nconst z = 'z';", literals: [['string', 'z']] },
  { name: 'escaped quotes stay inside', source: "const a = 'it\\'s'; const b = \"say \\\"hi\\\"\";", literals: [['string', "it\\'s"], ['string', 'say \\"hi\\"']] },
  { name: 'a plain template', source: `const t = ${B}开庭提醒${B};`, literals: [['template', '开庭提醒']] },
  { name: 'a template with a substitution', source: `const t = ${B}案号：\${n}号${B};`, literals: [['template', '案号：${…}号']] },
  { name: 'a template nested in a substitution, with a string in it', source: `const t = ${B}a\${ok ? ${B}b\${'中'}${B} : 'c'}d${B};`, literals: [['template', 'a${…}d'], ['template', 'b${…}'], ['string', '中'], ['string', 'c']] },
  { name: 'an object literal inside a substitution', source: `const t = ${B}\${ {a: '1'}.a }文${B};`, literals: [['template', '${…}文'], ['string', '1']] },
  { name: 'a // inside a template is text', source: `const t = ${B}https://\${host}/a // b${B};`, literals: [['template', 'https://${…}/a // b']] },
  { name: 'a regex with quotes', source: "const r = /['\"]/g; const s = '中';", literals: [['regex', "['\"]"], ['string', '中']] },
  { name: 'a regex with a slash in a class', source: "const r = /[/']+/; const s = 'x';", literals: [['regex', "[/']+"], ['string', 'x']] },
  { name: 'a regex with an escaped slash', source: "const r = /https?:\\/\\/'/; const s = 'x';", literals: [['regex', "https?:\\/\\/'"], ['string', 'x']] },
  { name: 'a regex after return, !, ( and =>', source: "return /中/.test(s) || !/'/.test(s) || f(/\"/) || (x => /`/)", literals: [['regex', '中'], ['regex', "'"], ['regex', '"'], ['regex', '`']] },
  { name: 'division is not a regex', source: "const half = total / 2 / n; const s = 'x/y'; const q = (a + b) / 2; const r = arr[0] / 3;", literals: [['string', 'x/y']] },
  { name: 'division after x++', source: "const k = i++ / 2; const s = 'a/b';", literals: [['string', 'a/b']] },
  { name: 'a CJK identifier is not a literal', source: "const map = { 民初: '民事一审' };", literals: [['string', '民事一审']] },
];

for (const c of cases) {
  test(`scanner: ${c.name}`, (t) => {
    t.deepEqual(scanLiterals(c.source).map((l) => [l.kind, l.text]), c.literals);
  });
}

test('scanner: line numbers are those of the opening quote', (t) => {
  const source = "const a = 'x';\n/* '\n' */\nconst t = `one\ntwo`;\nconst b = '中';";
  t.deepEqual(scanLiterals(source).map((l) => [l.text, l.line]), [['x', 1], ['one\ntwo', 4], ['中', 6]]);
});

test('scanner: an unterminated string or template is an error, not a silent pass', (t) => {
  t.throws(() => scanLiterals("const a = 'open;\n"), { message: /unterminated string at line 1/ });
  t.throws(() => scanLiterals('const t = `open ${x}'), { message: /unterminated template/ });
});

test('scanner: a literal handed to new RegExp is a pattern', (t) => {
  const source = "const r = new RegExp(`[@＠]${name}`); const s = f(`[@＠]`);";
  const [pattern, other] = scanLiterals(source);
  t.true(isRegExpSource(source, pattern!));
  t.false(isRegExpSource(source, other!));
});

test('hasCjk: Han characters and full-width punctuation, not Latin or curly quotes', (t) => {
  const table: Array<[string, boolean]> = [['开庭', true], ['（', true], ['，', true], ['abc', false], ['“x”', false], ['—', false]];
  for (const [text, expected] of table) t.is(hasCjk(text), expected, text);
});
