// What people wrote (a village, a name, a description, a chat message), put
// into a WeCom message so that it shows as the text it is and nothing more.
//
// WeCom's markdown (群机器人 `markdown`, app `markdown`, the intelligent
// robot's reply; see developer.work.weixin.qq.com/document/path/99110 and
// 90236) knows: headings `# ` to `###### ` at a line start, `*italic*`,
// `**bold**`, `[text](url)` links, `` `code` ``, `> ` quotes at a line start,
// `<font color="…">`, and `<@userid>` mentions; `markdown_v2` adds lists
// (`- `, `1. `), nested quotes, images `![](…)`, `---` rules, tables `|…|`
// and code fences. App *text* messages take `<a href>` links. None of them
// documents a backslash escape, so an escaped character would show its
// backslash, or not work at all. Instead every character that means something
// is replaced by its full-width look-alike, which reads the same to a Chinese
// reader and means nothing to the renderer:
//   \ ` * _ ~ [ ] < > # | &   →   ＼ ｀ ＊ ＿ ～ ［ ］ ＜ ＞ ＃ ｜ ＆
// (`<` takes `<@all>`, `<@userid>`, `<font>` and `<a>` with it; `[` takes
// links and images; `&` takes HTML entities such as `&lt;@all&gt;`.)
// A bare address would still be made a link by the client: the colon of
// `scheme://` and the dot of `www.` become full-width too.
// Every replacement is one UTF-16 unit for one, so lengths (and clipping done
// before) stay as they were.
//
// One-line contexts (every card line: `> 村（社区）：…`) get mdText: line
// breaks and tabs become a space, so nothing a person writes starts a line.
// Multi-line contexts (a message read in full) get mdLines: the breaks stay,
// and what would start a block at a line start (`- `, `+ `, `1. `, `=`,
// indentation) is made a look-alike as well.

const LOOK_ALIKE: Record<string, string> = {
  '\\': '＼', '`': '｀', '*': '＊', '_': '＿', '~': '～', '[': '［', ']': '］',
  '<': '＜', '>': '＞', '#': '＃', '|': '｜', '&': '＆',
};
const MEANINGFUL = /[\\`*_~[\]<>#|&]/g;

// Characters the validation refuses today (server/domain/user-text.ts) may
// still be in rows written before it: controls, separators and bidi controls
// are dropped here so that they cannot break or reorder a card either.
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
const BREAKS = /\r\n?|[\n\u2028\u2029\u0085]/g;

// A block marker at a line start, after any indentation.
const BLOCK_START = /^([ \t\u3000]*)(?:([-+=])|(\d{1,9})([.)]))/;
const FULL_WIDTH_MARK: Record<string, string> = { '-': '－', '+': '＋', '=': '＝', '.': '．', ')': '）' };

function neutralize(s: string): string {
  return s
    .replace(INVISIBLE, '')
    .replace(MEANINGFUL, (c) => LOOK_ALIKE[c]!)
    .replace(/:\/\//g, '：//')
    .replace(/\b(www)\./gi, '$1．');
}

function neutralizeLineStart(line: string): string {
  // Indentation (four spaces make code) as ideographic spaces, which no markdown counts.
  const indented = line.replace(/^[ \t]+/, (ws) => '\u3000'.repeat(Math.ceil(ws.replace(/\t/g, '  ').length / 2)));
  return indented.replace(BLOCK_START, (_m, ws: string, mark?: string, digits?: string, after?: string) =>
    mark ? ws + FULL_WIDTH_MARK[mark]! : ws + digits! + FULL_WIDTH_MARK[after!]!,
  );
}

// One line of text inside a markdown (or WeCom text) message.
export function mdText(s: string | null | undefined): string {
  if (!s) return '';
  const flat = neutralize(s.replace(BREAKS, ' ').replace(/\t/g, ' ')).replace(/ {2,}/g, ' ').trim();
  return neutralizeLineStart(flat);
}

// Text that keeps its line breaks, each line shown as text.
export function mdLines(s: string | null | undefined): string {
  if (!s) return '';
  return s
    .split(BREAKS)
    .map((line) => neutralizeLineStart(neutralize(line)))
    .join('\n');
}

// Who a card @-mentions: a WeCom userid as the directory knows it. `all`
// (which would be `<@all>`) or anything outside the userid alphabet is no one.
export function mentionOf(userId: string | null | undefined): string | null {
  if (!userId || !/^[A-Za-z0-9_.@-]{1,64}$/.test(userId) || /^@?all$/i.test(userId)) return null;
  return `<@${userId}>`;
}
