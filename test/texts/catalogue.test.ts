import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import test from 'ava';
import { ROOT } from '../helpers/cli.helper';
import { hasCjk, isRegExpSource, scanLiterals, type Literal } from './literal-scanner';

// Every user-visible string of the server and the bot is in one catalogue per
// audience (README, "Architecture": where wording lives): a Chinese string or
// template literal anywhere else in server/ or bot/ fails here, listed as
// `file:line: literal`. Comments are not literals; regex literals and the
// patterns handed to `new RegExp` read input rather than speak, so they are
// never scanned.

// Each catalogue is its index file and, when it grows, the section files it
// gathers from its own folder (server/texts/staff/disputes.texts.ts, …).
const CATALOGUES = ['server/texts/resident.texts.ts', 'server/texts/staff.texts.ts'];
const SECTION = /^server\/texts\/(resident|staff)\/[^/]+\.texts\.ts$/;

// Demo data is data, not product wording.
const DATA = /^server\/seed\/[^/]+\.data\.ts$/;

// TEMPORARY: files another helper is changing now. The lead empties this list
// after merging, and their strings move into the catalogues then.
const PENDING = [
  'server/domain/disputes/dispute-notices.ts',
  'server/domain/disputes/dispute-status.ts',
  'server/domain/disputes/dispute-filing.ts',
  'server/domain/disputes/dispute-service.ts',
  'server/domain/disputes/dispute-views.ts',
  'server/domain/disputes/dispute-extensions.ts',
  'bot/commands/dispute.commands.ts',
  'bot/commands/general.commands.ts',
  'server/http/routes/disputes.routes.ts',
  'server/domain/agency-service.ts',
  'server/http/routes/agencies.routes.ts',
  'server/domain/articles/*',
  'server/config.ts',
  'server/domain/linkage/**',
  'bot/commands/linkage.commands.ts',
];

// Chinese literals that are not wording: each names its file, what it allows, and why.
interface Exception {
  file: string;
  allows: (text: string) => boolean;
  reason: string;
}
const oneOf = (...texts: string[]) => (text: string) => texts.includes(text);
const HAN = /\p{Script=Han}/u;

const EXCEPTIONS: Exception[] = [
  {
    file: 'server/domain/outbox/markdown-text.ts',
    allows: (text) => !HAN.test(text),
    reason: 'the full-width look-alikes that neutralise markdown in what people typed: characters, not words',
  },
  {
    file: 'server/domain/hearings/case-number.ts',
    allows: oneOf('京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵云藏陕甘青宁新兵', '（', '）', '（${…}）${…}${…}${…}号'),
    reason: 'the court-code provinces, the canonical brackets and the normalised case number: the format of a case number, not wording',
  },
  {
    file: 'server/domain/hearings/shanghai-datetime.ts',
    allows: oneOf('下午', '晚上', '中午'),
    reason: 'the words for afternoon and evening the court writes in a hearing time, read to add twelve hours',
  },
  {
    file: 'server/domain/hearings/calendar-table.ts',
    allows: oneOf('是', '否'),
    reason: 'a TRUE/FALSE spreadsheet cell turned into the yes/no the 负责人出庭 column is read as',
  },
  {
    file: 'server/domain/hearings/hearing-import.ts',
    allows: oneOf('行'),
    reason: 'the type-code prefix of an administrative case (行初, 行终…)',
  },
  {
    file: 'server/domain/hearings/hearing-service.ts',
    allows: oneOf('行'),
    reason: 'the type-code prefix of an administrative case (行初, 行终…)',
  },
];

function matches(pattern: string, file: string): boolean {
  if (pattern.endsWith('/**')) return file.startsWith(pattern.slice(0, -2));
  if (pattern.endsWith('/*')) {
    const dir = pattern.slice(0, -1);
    return file.startsWith(dir) && !file.slice(dir.length).includes('/');
  }
  return file === pattern;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}

const scanned = (file: string) => !CATALOGUES.includes(file) && !SECTION.test(file) && !DATA.test(file) && !PENDING.some((p) => matches(p, file));

function offenders(file: string): string[] {
  const source = readFileSync(join(ROOT, file), 'utf8');
  return scanLiterals(source)
    .filter((l: Literal) => l.kind !== 'regex' && !isRegExpSource(source, l) && hasCjk(l.text))
    .filter((l) => !EXCEPTIONS.some((e) => e.file === file && e.allows(l.text)))
    .map((l) => `${file}:${l.line}: ${l.raw}`);
}

const FILES = [...sourceFiles('server'), ...sourceFiles('bot')];

test('every Chinese string of server/ and bot/ is in a catalogue', (t) => {
  const found = FILES.filter(scanned).flatMap(offenders);
  t.deepEqual(found, [], `Move these into server/texts/resident.texts.ts or staff.texts.ts:\n${found.join('\n')}`);
});

test('the catalogues exist, are scanned by nothing else, and the exceptions still apply', (t) => {
  for (const c of CATALOGUES) t.true(FILES.includes(c), c);
  // An exception for a file that no longer has the literal is dead weight: remove it.
  for (const e of EXCEPTIONS) {
    t.true(FILES.includes(e.file), e.file);
    const source = readFileSync(join(ROOT, e.file), 'utf8');
    t.true(scanLiterals(source).some((l) => hasCjk(l.text) && e.allows(l.text)), `${e.file}: ${e.reason}`);
  }
});
