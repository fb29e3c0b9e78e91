#!/usr/bin/env node
// `npm run build`: tsc -p tsconfig.build.json into dist/, then the stamp that
// tells bin/fuyuan.js the build is current.
//   --when-stale     (what `npm start` runs) builds only when a source changed
//                    since the last build, and never with NODE_ENV=production;
//                    when the TypeScript compiler is not installed (npm ci
//                    --omit=dev) it leaves bin/fuyuan.js to run the sources
//                    through tsx.
//   --out-dir DIR    builds into DIR instead (the build test and the start-up
//                    benchmark); DIR must be inside the repository, so the
//                    compiled files find node_modules as dist/ does.
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdirSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { dirname, join, relative, resolve } = require('node:path');
const { DIST, ROOT, distState } = require('./dist-state');

const args = process.argv.slice(2);
const whenStale = args.includes('--when-stale');
const outIndex = args.indexOf('--out-dir');
const outDir = outIndex >= 0 ? resolve(args[outIndex + 1] ?? '') : DIST;
if (outIndex >= 0 && (!args[outIndex + 1] || relative(ROOT, outDir).startsWith('..'))) {
  process.stderr.write('fuyuan build: --out-dir needs a directory inside the repository\n');
  process.exit(2);
}

// Production runs the build it was given (bin/fuyuan.js refuses to start without one) and
// never compiles at start.
if (whenStale && process.env.NODE_ENV === 'production') process.exit(0);
const state = distState(outDir);
if (whenStale && state === 'fresh') process.exit(0);

let tsc;
try {
  // The package exports no bin/ path; its package.json says where tsc is.
  const pkg = require.resolve('typescript/package.json', { paths: [ROOT] });
  tsc = join(dirname(pkg), require(pkg).bin.tsc);
} catch {
  if (!whenStale) {
    process.stderr.write('fuyuan build: the TypeScript compiler is not installed (npm ci without --omit=dev installs it)\n');
    process.exit(1);
  }
  process.stderr.write(`fuyuan build: dist/ is ${state} and TypeScript is not installed: running the sources through tsx\n`);
  process.exit(0);
}

// The stamp's time is the file system's, taken before tsc starts: a source
// saved during the build is newer than it, and it compares with the sources'
// times however the process clock is set (the test suite runs under faketime).
if (whenStale) process.stderr.write(`fuyuan build: dist/ is ${state}, compiling (npm run build)…\n`);
mkdirSync(outDir, { recursive: true });
// Gone while tsc rewrites the files, and after a failed build: bin/fuyuan.js then runs the sources.
rmSync(join(outDir, '.build-stamp'), { force: true });
const pending = join(outDir, '.build-stamp.pending');
writeFileSync(pending, '');
const tscArgs = ['-p', 'tsconfig.build.json', '--outDir', outDir, '--tsBuildInfoFile', join(outDir, '.tsbuildinfo')];
const r = spawnSync(process.execPath, [tsc, ...tscArgs], { cwd: ROOT, stdio: 'inherit' });
if (r.status !== 0) {
  rmSync(pending, { force: true });
  process.exit(r.status ?? 1);
}
renameSync(pending, join(outDir, '.build-stamp'));
