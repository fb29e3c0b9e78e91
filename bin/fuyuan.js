#!/usr/bin/env node
// The `fuyuan` command: the compiled CLI in dist/ in production, the sources
// through tsx in development when dist/ is older than them (bin/dist-state.js).
'use strict';
const { loadEntry } = require('./dist-state');

loadEntry('fuyuan', 'server/cli/cli.js', 'server/cli/cli.ts').main();
