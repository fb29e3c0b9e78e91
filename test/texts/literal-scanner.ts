// A small TypeScript tokenizer that finds string and template literals.
// TypeScript 7 is native and offers no JS compiler API to walk the syntax tree,
// and a regular expression cannot tell a `//` inside a string from a comment,
// so this reads the source once, character by character, and knows exactly
// the lexical states that matter: code, comments, quoted strings, template
// literals (with `${…}` nested to any depth) and regex literals.

export type LiteralKind = 'string' | 'template' | 'regex';

export interface Literal {
  kind: LiteralKind;
  // The literal as written, quotes included (templates show each `${…}` as is).
  raw: string;
  // The text a person would read: a string's content, a template's static
  // parts joined by `${…}`, a regex's body. Escapes are left as written.
  text: string;
  line: number; // 1-based line of the opening quote
  start: number; // offset of the opening quote in the source
}

// After these keywords an expression starts, so a `/` opens a regex.
const REGEX_AFTER_WORDS = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw',
  'case', 'do', 'else', 'yield', 'await',
]);

const isIdentStart = (c: string) => /[A-Za-z_$\u00a0-\uffff]/.test(c);
const isIdentPart = (c: string) => /[\w$\u00a0-\uffff]/.test(c);

export function scanLiterals(source: string): Literal[] {
  const out: Literal[] = [];
  let i = 0;
  let line = 1;
  // What the last significant token was decides whether `/` divides or opens a regex.
  let regexAllowed = true;
  // One entry per open template substitution: the `{` depth inside it.
  const templateBraces: number[] = [];

  const peek = (k = 0) => source[i + k] ?? '';
  const advance = () => {
    if (source[i] === '\n') line++;
    i++;
  };

  // Reads a template from its backtick (or from the `}` that closes a
  // substitution) to the next backtick or `${`. Returns whether it ended the template.
  function readTemplateChunk(parts: string[]): boolean {
    let text = '';
    while (i < source.length) {
      const c = peek();
      if (c === '\\') {
        text += c + peek(1);
        advance();
        advance();
        continue;
      }
      if (c === '`') {
        advance();
        parts.push(text);
        return true;
      }
      if (c === '$' && peek(1) === '{') {
        advance();
        advance();
        parts.push(text);
        return false;
      }
      text += c;
      advance();
    }
    throw new Error(`unterminated template literal at line ${line}`);
  }

  // An open template: its start and the static parts read so far.
  interface OpenTemplate { start: number; line: number; parts: string[] }
  const openTemplates: OpenTemplate[] = [];

  function finishTemplate(t: OpenTemplate) {
    out.push({ kind: 'template', raw: source.slice(t.start, i), text: t.parts.join('${…}'), line: t.line, start: t.start });
  }

  while (i < source.length) {
    const c = peek();

    if (c === '\n' || c === ' ' || c === '\t' || c === '\r') {
      advance();
      continue;
    }
    if (c === '/' && peek(1) === '/') {
      while (i < source.length && peek() !== '\n') advance();
      continue;
    }
    if (c === '/' && peek(1) === '*') {
      const at = line;
      advance();
      advance();
      while (i < source.length && !(peek() === '*' && peek(1) === '/')) advance();
      if (i >= source.length) throw new Error(`unterminated comment at line ${at}`);
      advance();
      advance();
      continue;
    }
    if (c === '"' || c === "'") {
      const start = i;
      const at = line;
      advance();
      let text = '';
      while (peek() !== c) {
        if (i >= source.length || peek() === '\n') throw new Error(`unterminated string at line ${at}`);
        if (peek() === '\\') {
          text += peek() + peek(1);
          advance();
          advance();
          continue;
        }
        text += peek();
        advance();
      }
      advance();
      out.push({ kind: 'string', raw: source.slice(start, i), text, line: at, start });
      regexAllowed = false;
      continue;
    }
    if (c === '`') {
      const t: OpenTemplate = { start: i, line, parts: [] };
      advance();
      if (readTemplateChunk(t.parts)) {
        finishTemplate(t);
        regexAllowed = false;
      } else {
        openTemplates.push(t);
        templateBraces.push(0);
        regexAllowed = true;
      }
      continue;
    }
    if (c === '{') {
      if (templateBraces.length > 0) templateBraces[templateBraces.length - 1]!++;
      advance();
      regexAllowed = true;
      continue;
    }
    if (c === '}') {
      advance();
      if (templateBraces.length > 0) {
        const depth = templateBraces[templateBraces.length - 1]!;
        if (depth === 0) {
          // The end of a `${…}`: the template goes on.
          const t = openTemplates[openTemplates.length - 1]!;
          if (readTemplateChunk(t.parts)) {
            templateBraces.pop();
            openTemplates.pop();
            finishTemplate(t);
            regexAllowed = false;
          } else {
            regexAllowed = true;
          }
          continue;
        }
        templateBraces[templateBraces.length - 1] = depth - 1;
      }
      // A block ends here far more often than an object literal is divided.
      regexAllowed = true;
      continue;
    }
    if (c === '/' && regexAllowed) {
      const start = i;
      const at = line;
      advance();
      let body = '';
      let inClass = false;
      while (inClass || peek() !== '/') {
        if (i >= source.length || peek() === '\n') throw new Error(`unterminated regex at line ${at}`);
        if (peek() === '\\') {
          body += peek() + peek(1);
          advance();
          advance();
          continue;
        }
        if (peek() === '[') inClass = true;
        else if (peek() === ']') inClass = false;
        body += peek();
        advance();
      }
      advance();
      while (isIdentPart(peek())) advance();
      out.push({ kind: 'regex', raw: source.slice(start, i), text: body, line: at, start });
      regexAllowed = false;
      continue;
    }
    if (isIdentStart(c)) {
      let word = '';
      while (i < source.length && isIdentPart(peek())) {
        word += peek();
        advance();
      }
      regexAllowed = REGEX_AFTER_WORDS.has(word);
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(peek(1)))) {
      while (i < source.length && /[\w.]/.test(peek())) advance();
      regexAllowed = false;
      continue;
    }
    // Punctuation: after `)` or `]` a value has ended; after the rest an expression starts.
    regexAllowed = !(c === ')' || c === ']');
    // `x++ / 2` and `x-- / 2`: the operator ends a value.
    if ((c === '+' || c === '-') && peek(1) === c) {
      advance();
      regexAllowed = false;
    }
    // (`!/re/.test(s)` is common and `x! / 2`, a non-null assertion divided, is not: `!` opens.)
    advance();
  }
  if (openTemplates.length > 0) throw new Error(`unterminated template literal at line ${openTemplates[0]!.line}`);
  // In source order (a template is finished after the literals inside it).
  return out.sort((a, b) => a.start - b.start);
}

// Chinese characters and the full-width punctuation that only Chinese text uses.
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;

export const hasCjk = (text: string) => CJK.test(text);

// A string or template handed straight to `new RegExp(…)` is a pattern, like a regex literal.
export function isRegExpSource(source: string, literal: Literal): boolean {
  return literal.kind !== 'regex' && /\bnew\s+RegExp\(\s*$/.test(source.slice(Math.max(0, literal.start - 40), literal.start));
}
