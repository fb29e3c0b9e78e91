import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import test from 'ava';
import { ROOT } from '../helpers/cli.helper';

// The arrows between the parts run one way (README, "Architecture"): the
// entry points (server/main.ts, bot/main.ts, server/cli/) build everything
// through server/wiring.ts; server/domain knows no Koa, Wechaty or bot;
// server/http gets the conversation core as a dependency instead of
// importing the bot; the bot never imports the server's entry point.

interface Import {
  file: string; // repository-relative, with forward slashes
  spec: string; // as written
  target: string; // repository-relative for relative specifiers, else the package name as written
}

const IMPORT = /\b(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?['"]([^'"]+)['"]|\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string, source: string): Import[] {
  const found: Import[] = [];
  for (const m of source.matchAll(IMPORT)) {
    const spec = (m[1] ?? m[2])!;
    const target = spec.startsWith('.') ? posix.normalize(posix.join(posix.dirname(file), spec)) : spec;
    found.push({ file, spec, target });
  }
  return found;
}

interface Rule {
  name: string;
  from: (file: string) => boolean;
  forbidden: (target: string) => boolean;
}

const under = (dir: string) => (path: string) => path === dir || path.startsWith(dir + '/');
const isPackage = (...names: string[]) => (target: string) =>
  names.some((n) => target === n || target.startsWith(n + '/') || target.startsWith(n + '-'));
const isFile = (path: string) => (target: string) => target.replace(/\.ts$/, '') === path;

const RULES: Rule[] = [
  { name: 'server/domain imports no Koa, Wechaty or bot', from: under('server/domain'), forbidden: (t) => isPackage('koa', '@koa', 'wechaty')(t) || under('bot')(t) },
  { name: 'server/http does not import bot/', from: under('server/http'), forbidden: under('bot') },
  { name: 'bot/ does not import server/main', from: under('bot'), forbidden: isFile('server/main') },
  { name: 'only server/wiring.ts in server/ imports bot/', from: (f) => under('server')(f) && f !== 'server/wiring.ts', forbidden: under('bot') },
];

function violations(imports: Import[]): string[] {
  return RULES.flatMap((rule) =>
    imports.filter((i) => rule.from(i.file) && rule.forbidden(i.target)).map((i) => `${rule.name}: ${i.file} imports '${i.spec}'`),
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)).split('\\').join('/'));
}

test('the imports of server/ and bot/ run one way', (t) => {
  const files = [...sourceFiles('server'), ...sourceFiles('bot')];
  const imports = files.flatMap((f) => importsOf(f, readFileSync(join(ROOT, f), 'utf8')));
  // The scan sees what it should: every file, and the imports we know are there.
  t.true(files.includes('server/wiring.ts') && files.includes('bot/main.ts') && files.some((f) => f.startsWith('server/domain/')));
  t.true(imports.some((i) => i.file === 'bot/main.ts' && i.target === 'server/wiring'), 'bot/main.ts builds through server/wiring');
  t.true(imports.some((i) => i.file === 'server/wiring.ts' && i.target === 'bot/conversation'));
  t.deepEqual(violations(imports), []);
});

test('the import rules catch each kind of wrong arrow', (t) => {
  const sample = [
    importsOf('server/domain/x-service.ts', "import Koa from 'koa';\nimport type { Contact } from 'wechaty';\nimport { y } from '../../bot/conversation';"),
    importsOf('server/domain/disputes/y.ts', "const r = require('@koa/router');"),
    importsOf('server/http/app.ts', "import { createConversation, type Conversation } from '../../bot/conversation';"),
    importsOf('server/http/wecom/z.ts', "import type { Conversation } from '../../../bot/conversation';"),
    importsOf('bot/main.ts', "import { accessTokens,\n  openAndMigrate } from '../server/main';"),
    importsOf('bot/wechaty/a.ts', "export { start } from '../../server/main.ts';"),
    importsOf('server/jobs/j.ts', "import('../../bot/commands/x')"),
  ].flat();
  t.is(violations(sample).length, 12, violations(sample).join('\n'));
  // What is allowed stays allowed.
  const allowed = [
    importsOf('bot/main.ts', "import { openAndMigrate, wireBot } from '../server/wiring';\nimport { x } from '../server/domain/clock';"),
    importsOf('server/http/app.ts', "import Koa from 'koa';\nimport type { Conversation } from '../domain/conversation';"),
    importsOf('server/domain/clock.ts', "import type { Via } from '../../entities';"),
    importsOf('server/wiring.ts', "import { createConversation } from '../bot/conversation';"),
    importsOf('bot/mainly.ts', "import { a } from '../server/mainline';"),
  ].flat();
  t.is(allowed.length, 7);
  t.deepEqual(violations(allowed), []);
});
