import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { formatBytes, MAIN_PACKAGE_LIMIT, packageFiles } from '../../miniprogram/scripts/package-files';
import { assertBuilt, compiled, MP_ROOT } from './helpers/compiled';

// The mini-program as WeChat would take it: every page complete, the main
// package (what would be uploaded, without sources and scripts) under 2 MB.

const appJson = JSON.parse(readFileSync(join(MP_ROOT, 'app.json'), 'utf8')) as {
  pages: string[];
  tabBar?: { list: Array<{ pagePath: string }> };
  sitemapLocation?: string;
};

test('every page in app.json has its .ts/.js, .json, .wxml and .wxss', (t) => {
  t.true(appJson.pages.length >= 7);
  for (const page of appJson.pages) {
    const base = join(MP_ROOT, page);
    const missing = ['.json', '.wxml', '.wxss'].filter((ext) => !existsSync(base + ext));
    if (!existsSync(`${base}.ts`) && !existsSync(`${base}.js`)) missing.push('.ts/.js');
    t.deepEqual(missing, [], page);
  }
  for (const tab of appJson.tabBar?.list ?? []) t.true(appJson.pages.includes(tab.pagePath), tab.pagePath);
});

test('the project opens in DevTools: miniprogramRoot, app files, sitemap', (t) => {
  const project = JSON.parse(readFileSync(join(MP_ROOT, 'project.config.json'), 'utf8')) as { miniprogramRoot?: string; compileType?: string };
  t.is(project.compileType, 'miniprogram');
  t.truthy(project.miniprogramRoot);
  const root = join(MP_ROOT, project.miniprogramRoot!);
  for (const f of ['app.ts', 'app.json', 'app.wxss', appJson.sitemapLocation ?? 'sitemap.json']) t.true(existsSync(join(root, f)), f);
});

test('every component a page uses is in the built package, with what it needs', (t) => {
  assertBuilt();
  const files = new Set(packageFiles().map((f) => f.path));
  const pending = appJson.pages.map((p) => `${p}.json`);
  const seen = new Set<string>();
  while (pending.length) {
    const json = pending.pop()!;
    if (seen.has(json)) continue;
    seen.add(json);
    const using = (JSON.parse(readFileSync(join(MP_ROOT, json), 'utf8')) as { usingComponents?: Record<string, string> }).usingComponents ?? {};
    for (const ref of Object.values(using)) {
      const path = ref.startsWith('/') ? ref.slice(1) : join(dirname(json), ref).replace(/\\/g, '/');
      for (const ext of ['.json', '.wxml', '.js']) t.true(files.has(path + ext), `${json} → ${path}${ext}`);
      pending.push(`${path}.json`);
    }
  }
  t.true(seen.size > appJson.pages.length);
});

test('the main package holds no sources or scripts, and stays under 2 MB', (t) => {
  assertBuilt();
  const files = packageFiles();
  t.deepEqual(files.filter((f) => f.path.endsWith('.ts') || f.path.startsWith('scripts/') || f.path === 'tsconfig.json'), []);
  for (const page of appJson.pages) t.true(files.some((f) => f.path === `${page}.js`), `${page}.js`);
  const size = files.reduce((sum, f) => sum + f.bytes, 0);
  const npm = files.filter((f) => f.path.startsWith('miniprogram_npm/')).reduce((sum, f) => sum + f.bytes, 0);
  t.log(`main package: ${formatBytes(size)} in ${files.length} files (TDesign ${formatBytes(npm)}), limit ${formatBytes(MAIN_PACKAGE_LIMIT)}`);
  t.true(size < MAIN_PACKAGE_LIMIT);
});

test('every category icon is in the TDesign icon font', (t) => {
  const { ICON_NAMES } = compiled<{ ICON_NAMES: string[] }>('services/categories.js');
  const css = readFileSync(join(MP_ROOT, 'miniprogram_npm/tdesign-miniprogram/icon/icon.wxss'), 'utf8');
  for (const name of ICON_NAMES) t.true(css.includes(`.t-icon-${name}:before`), name);
});
