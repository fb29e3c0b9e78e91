// A small reader of WeCom markdown (the `markdown` and `markdown_v2` syntax,
// plus the `<a href>` of app text messages and a client's auto-linking), for
// tests: what in a message would do something rather than show as text.

export interface Markup {
  links: string[];
  mentions: string[];
  headings: string[];
  // Per line, the block it starts (quote, list, rule, fence, table, indented code) or '' for a paragraph line.
  blocks: string[];
  // Inline marks in order: bold/italic stars, code ticks, font tags, images.
  inline: string[];
}

const LINKS = [
  /!?\[[^\]\n]*\]\([^)\n]*\)/g, // [text](url), ![](img)
  /<a\s[^>]*>/gi, // app text messages
  /<(?:https?|ftp|mailto):[^>]*>/gi, // autolinks
  /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, // bare addresses a client links by itself
  /\bwww\.[^\s]+/gi,
];

function blockOf(line: string): string {
  if (/^ {0,3}#{1,6}(\s|$)/.test(line)) return 'heading';
  if (/^ {4,}|^\t/.test(line) && line.trim()) return 'code';
  if (/^ {0,3}>/.test(line)) return 'quote';
  if (/^ {0,3}(```|~~~)/.test(line)) return 'fence';
  if (/^ {0,3}([-*_])(\s*\1){2,}\s*$/.test(line) || /^ {0,3}=+\s*$/.test(line)) return 'rule';
  if (/^ {0,3}[-+*](\s|$)/.test(line)) return 'list';
  if (/^ {0,3}\d{1,9}[.)](\s|$)/.test(line)) return 'ordered';
  if (/^\s*\|/.test(line)) return 'table';
  return '';
}

export function readMarkup(md: string): Markup {
  const links = LINKS.flatMap((re) => md.match(re) ?? []);
  const mentions = [...md.matchAll(/<@([^>\s]*)>/g)].map((m) => m[1]!);
  const lines = md.split(/\r\n?|\n|\u2028|\u2029/);
  const headings = lines.filter((l) => blockOf(l) === 'heading');
  const blocks = lines.map(blockOf);
  const inline = md.match(/\*+|`+|<\/?font[^>]*>|!\[|<[a-z][^>]*>/gi) ?? [];
  return { links, mentions, headings, blocks, inline };
}
