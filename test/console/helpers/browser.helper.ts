import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import test, { type ExecutionContext, type TestFn } from 'ava';
import { chromium, type Browser, type Page } from 'playwright-core';

// The console's browser tests drive Debian's Chromium through playwright-core.
// Without it they are skipped with one loud line (a developer's machine), except
// where FUYUAN_REQUIRE_BROWSER=1 (.ci/run), where that is a failure.
// FUYUAN_BROWSER_TESTS=skip skips them quietly (.ci/run's faketime passes).

export const CHROMIUM = process.env.FUYUAN_CHROMIUM ?? '/usr/bin/chromium';
export const CONSOLE_DIR = resolve(__dirname, '../../../console/dist');
const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

export function browserTest(): TestFn | null {
  // .ci/run's faketime passes: the browser tests already ran in its npm test.
  if (process.env.FUYUAN_BROWSER_TESTS === 'skip') {
    test.skip('console browser tests (FUYUAN_BROWSER_TESTS=skip)', () => {});
    return null;
  }
  const required = process.env.FUYUAN_REQUIRE_BROWSER === '1';
  const missing = !existsSync(CHROMIUM) ? `Chromium not found at ${CHROMIUM}` : !existsSync(join(CONSOLE_DIR, 'index.html')) ? `console not built (${CONSOLE_DIR}): run npm run build:console` : null;
  if (!missing) return test;
  if (required) {
    test('browser tests can run', (t) => t.fail(`${missing}; FUYUAN_REQUIRE_BROWSER=1 makes this a failure`));
    return null;
  }
  process.stderr.write(`\n!!! CONSOLE BROWSER TESTS NOT RUN: ${missing} (apt-get install chromium) !!!\n\n`);
  test.skip('console browser tests (Chromium missing)', () => {});
  return null;
}

// One browser per test file; each person gets a fresh context (their own storage).
export function launch(): Promise<Browser> {
  // playwright-core makes a fresh user-data-dir for each launch.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 60_000 });
}

const SHOTS = join(tmpdir(), 'fuyuan-console-shots');

// A step a person takes; when it fails, a screenshot of the page is kept and its path printed.
export async function step<T>(t: ExecutionContext, page: Page, name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    mkdirSync(SHOTS, { recursive: true });
    const file = join(SHOTS, `${t.title.replace(/[^\w\u4e00-\u9fff-]+/g, '_')}-${name.replace(/[^\w\u4e00-\u9fff-]+/g, '_')}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    t.log(`screenshot of the failed step "${name}": ${file}`);
    process.stderr.write(`console test screenshot: ${file}\n`);
    throw err;
  }
}

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

// axe-core on the page as it is now: no serious or critical violations.
// Run once transitions have ended: a dialog still fading in has its text at
// part opacity, which axe reports as too little contrast.
export async function checkA11y(t: ExecutionContext, page: Page, name: string): Promise<void> {
  await page.waitForFunction(() => (globalThis as unknown as { document: { getAnimations(): Array<{ playState: string }> } }).document.getAnimations().every((a) => a.playState !== 'running'), undefined, { timeout: 10_000 });
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run((globalThis as unknown as { document: unknown }).document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target) }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) {
    await step(t, page, `axe-${name}`, async () => {
      throw new Error(`${name}: accessibility violations\n${JSON.stringify(bad, null, 2)}`);
    });
  }
  t.pass(`${name}: no serious accessibility violations`);
}
