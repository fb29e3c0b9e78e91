#!/usr/bin/env node
// The `fuyuan` command: runs the TypeScript sources through tsx, so there is no build step.
require('tsx/cjs');
require('../server/cli/cli.ts').main();
