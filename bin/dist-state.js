// Where the compiled server lives (`npm run build`, tsconfig.build.json) and
// whether it is up to date with the TypeScript it was built from. Plain
// CommonJS: bin/fuyuan.js and bin/build.js read it before anything is compiled.
'use strict';
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..');
const DIST = join(ROOT, 'dist');
// What tsconfig.build.json compiles (server/ imports miniprogram/config/), and the configs.
const SOURCES = ['entities', 'server', 'bot', join('miniprogram', 'config'), 'tsconfig.json', 'tsconfig.build.json'];

function newestMtimeMs(path) {
  let st;
  try {
    st = statSync(path);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return /\.(ts|json)$/.test(path) ? st.mtimeMs : 0;
  let newest = 0;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtimeMs(join(path, name)));
  return newest;
}

// The build in `outDir`: 'missing' (never built), 'stale' (a source changed
// since), or 'fresh'. Its .build-stamp is made by bin/build.js just before tsc
// starts and kept only when tsc succeeds, so its modification time is when
// the build began: a file saved while tsc was running counts as newer. A few
// hundred stat calls: milliseconds, so every start can afford it.
function distState(outDir = DIST) {
  const cli = join(outDir, 'server', 'cli', 'cli.js');
  const stamp = join(outDir, '.build-stamp');
  if (!existsSync(cli) || !existsSync(stamp)) return 'missing';
  const builtAt = statSync(stamp).mtimeMs;
  const newest = Math.max(...SOURCES.map((s) => newestMtimeMs(join(ROOT, s))));
  return newest < builtAt ? 'fresh' : 'stale';
}

// The module behind a command (`fuyuan`, `npm run bot`). Production
// (NODE_ENV=production) runs its compiled file in dist/ (`npm run build`): no
// TypeScript compiler in the process, a faster start and less memory; without
// a build it stops and says how to make one. Elsewhere it runs dist/ when it
// is up to date with the sources, else the TypeScript source through tsx, so
// an edit is never hidden behind an old build.
function loadEntry(command, compiled, source) {
  if (process.env.NODE_ENV === 'production') {
    if (distState() === 'missing') {
      process.stderr.write(
        `${command}: NODE_ENV=production runs the compiled server in dist/, which is missing.\n` +
          'Build it first (npm ci && npm run build), then start again.\n',
      );
      process.exit(78); // EX_CONFIG, as for a wrong setting
    }
    return require(join(DIST, compiled));
  }
  if (distState() === 'fresh') return require(join(DIST, compiled));
  require('tsx/cjs');
  return require(join(ROOT, source));
}

module.exports = { ROOT, DIST, distState, loadEntry };
