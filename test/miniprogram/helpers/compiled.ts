import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { MP_ROOT } from '../../../miniprogram/scripts/package-files';
import type { ApiClient } from '../../../miniprogram/services/types';

// The mini-program as tsc compiled it (npm run mp:build, run by `npm test`
// before ava): tests load the .js the phone would run, never the .ts.

export { MP_ROOT };

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (['scripts', 'miniprogram_npm', 'node_modules'].includes(e.name)) return [];
    const full = join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

let checked = false;

export function assertBuilt(): void {
  if (checked) return;
  const stale = sources(MP_ROOT).filter((ts) => {
    const js = ts.replace(/\.ts$/, '.js');
    return !existsSync(js) || statSync(js).mtimeMs < statSync(ts).mtimeMs;
  });
  if (stale.length || !existsSync(join(MP_ROOT, 'miniprogram_npm', 'tdesign-miniprogram'))) {
    throw new Error(`The mini-program is not built or is out of date (${stale.length} stale files): run \`npm run mp:build\` (npm test does).`);
  }
  checked = true;
}

export interface ApiErrorLike extends Error {
  status: number;
  code: string;
  fields: Record<string, string>;
}

export interface ApiModule {
  api: ApiClient;
  createApi(config: { baseUrl: string; timeoutMs?: number; now?: () => number }): ApiClient;
  ApiError: new (...args: never[]) => ApiErrorLike;
}

export interface ClockModule {
  now(): number;
  setClock(clock?: () => number): void;
}

// Required as from a .js file of the mini-program: from a .ts file, tsx would
// map `x.js` to `x.ts` and the test would run the sources instead.
const requireCompiled = createRequire(join(MP_ROOT, 'app.js'));

// The page paths are plain constants the server imports too (miniprogram/config/pages.ts):
// the server side of a test may load that source; the client side must not.
const SHARED_WITH_SERVER = [join(MP_ROOT, 'scripts'), join(MP_ROOT, 'config', 'pages.ts')];

export function assertCompiledOnly(): void {
  const loaded = Object.keys(requireCompiled.cache).filter((k) => k.startsWith(MP_ROOT) && k.endsWith('.ts') && !SHARED_WITH_SERVER.some((p) => k.startsWith(p)));
  if (loaded.length) throw new Error(`mini-program sources loaded instead of compiled code: ${loaded.join(', ')}`);
}

export function compiled<T>(relativePath: string): T {
  assertBuilt();
  const module = requireCompiled(join(MP_ROOT, relativePath)) as T;
  assertCompiledOnly();
  return module;
}
