import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

// The files WeChat would upload as the main package: everything under the
// mini-program root but what project.config.json's packOptions.ignore leaves
// out (sources, build scripts, notes) and DevTools' own project files.

export const MP_ROOT = join(__dirname, '..');
export const MAIN_PACKAGE_LIMIT = 2 * 1024 * 1024;

interface IgnoreRule {
  type: 'suffix' | 'prefix' | 'file' | 'folder' | 'regexp' | 'glob';
  value: string;
}

const ALWAYS_LEFT_OUT = new Set(['project.config.json', 'project.private.config.json']);

function ignoreRules(root: string): IgnoreRule[] {
  const config = JSON.parse(readFileSync(join(root, 'project.config.json'), 'utf8')) as { packOptions?: { ignore?: IgnoreRule[] } };
  return config.packOptions?.ignore ?? [];
}

function ignored(rel: string, rules: IgnoreRule[]): boolean {
  const name = rel.split('/').pop()!;
  if (ALWAYS_LEFT_OUT.has(rel)) return true;
  return rules.some((r) => {
    switch (r.type) {
      case 'suffix':
        return name.endsWith(r.value);
      case 'prefix':
        return name.startsWith(r.value);
      case 'file':
        return rel === r.value.replace(/^\.?\//, '');
      case 'folder': {
        const folder = r.value.replace(/^\.?\//, '').replace(/\/$/, '');
        return rel === folder || rel.startsWith(`${folder}/`);
      }
      case 'regexp':
        return new RegExp(r.value).test(rel);
      default:
        return false;
    }
  });
}

export function packageFiles(root = MP_ROOT): Array<{ path: string; bytes: number }> {
  const rules = ignoreRules(root);
  const out: Array<{ path: string; bytes: number }> = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      const rel = relative(root, full).split(sep).join('/');
      if (ignored(rel, rules) || entry.name === 'node_modules') continue;
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push({ path: rel, bytes: statSync(full).size });
    }
  };
  walk(root);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

export function packageSize(root = MP_ROOT): number {
  return packageFiles(root).reduce((sum, f) => sum + f.bytes, 0);
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}
