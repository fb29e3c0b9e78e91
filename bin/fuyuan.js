#!/usr/bin/env node
// The `fuyuan` command. Production (NODE_ENV=production) runs the compiled
// JavaScript in dist/ (`npm run build`): no TypeScript compiler in the
// process, a faster start and less memory. Elsewhere it runs dist/ when it is
// up to date with the sources, else the TypeScript sources through tsx, so an
// edit is never hidden behind an old build.
'use strict';
const { DIST_CLI, distState } = require('./dist-state');

if (process.env.NODE_ENV === 'production') {
  if (distState() === 'missing') {
    process.stderr.write(
      'fuyuan: NODE_ENV=production runs the compiled server in dist/, which is missing.\n' +
        'Build it first (npm ci && npm run build), then start again.\n',
    );
    process.exit(78); // EX_CONFIG, as for a wrong setting
  }
  require(DIST_CLI).main();
} else if (distState() === 'fresh') {
  require(DIST_CLI).main();
} else {
  require('tsx/cjs');
  require('../server/cli/cli.ts').main();
}
