import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

// What WeChat DevTools' "构建 npm" does for tdesign-miniprogram, but only for
// the components the pages use: their folders, the folders those reach
// (common, icon, …) and the packages they import (tslib, …). The whole
// library is 5.6 MB, past the 2 MB main-package limit on its own.

const PACKAGE = 'tdesign-miniprogram';
const REFERENCE = /(?:from\s*|require\(\s*|import\s*|src\s*=\s*|@import\s*|url\(\s*)["']([^"'\s]+)["']|"(\.\.?\/[^"]+)"/g;

function sourceDir(repoRoot: string): string {
  const dir = join(repoRoot, 'node_modules', PACKAGE, 'miniprogram_dist');
  if (!existsSync(dir)) throw new Error(`${PACKAGE} is not installed: run npm install`);
  return dir;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

// The top folders of the library that the pages name in usingComponents.
function usedTopFolders(mpRoot: string): Set<string> {
  const used = new Set<string>();
  const prefix = new RegExp(`^/?(?:miniprogram_npm/)?${PACKAGE}/([^/]+)/`);
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (['miniprogram_npm', 'node_modules', 'scripts'].includes(e.name)) continue;
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.json')) {
        const json = JSON.parse(readFileSync(full, 'utf8')) as { usingComponents?: Record<string, string> };
        for (const path of Object.values(json.usingComponents ?? {})) {
          const m = prefix.exec(path);
          if (m) used.add(m[1]!);
        }
      }
    }
  };
  walk(mpRoot);
  return used;
}

// Folder-level closure: every relative reference from a used folder's files
// pulls in the folder it points at; bare imports pull in a bundled package.
function closure(lib: string, start: Set<string>): { folders: Set<string>; packages: Set<string> } {
  const folders = new Set<string>();
  const packages = new Set<string>();
  const todo = [...start];
  while (todo.length) {
    const folder = todo.pop()!;
    if (folders.has(folder) || !existsSync(join(lib, folder))) continue;
    folders.add(folder);
    for (const file of filesUnder(join(lib, folder))) {
      if (file.endsWith('.d.ts')) continue;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(REFERENCE)) {
        const ref = m[1] ?? m[2]!;
        if (ref.startsWith('.')) {
          const target = relative(lib, join(dirname(file), ref)).split(sep)[0]!;
          if (target && target !== '..') todo.push(target);
        } else if (/^[a-z@][\w.@/-]*$/i.test(ref) && !ref.includes('://') && existsSync(join(lib, 'miniprogram_npm', ref.split('/')[0]!))) {
          packages.add(ref.split('/')[0]!);
        }
      }
    }
  }
  return { folders, packages };
}

export function buildNpmComponents(mpRoot: string, repoRoot: string): { folders: string[]; packages: string[] } {
  const lib = sourceDir(repoRoot);
  const out = join(mpRoot, 'miniprogram_npm', PACKAGE);
  const { folders, packages } = closure(lib, usedTopFolders(mpRoot));
  rmSync(join(mpRoot, 'miniprogram_npm'), { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const keep = (src: string) => statSync(src).isDirectory() || !src.endsWith('.d.ts');
  for (const folder of folders) cpSync(join(lib, folder), join(out, folder), { recursive: true, filter: keep });
  for (const pkg of packages) {
    cpSync(join(lib, 'miniprogram_npm', pkg), join(out, 'miniprogram_npm', pkg), { recursive: true, filter: keep });
  }
  return { folders: [...folders].sort(), packages: [...packages].sort() };
}
