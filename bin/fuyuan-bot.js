#!/usr/bin/env node
// `npm run bot`: the Wechaty chat bot (bot/main.ts), compiled in production
// as the server is (bin/dist-state.js).
'use strict';
const { loadEntry } = require('./dist-state');

loadEntry('fuyuan bot', 'bot/main.js', 'bot/main.ts').run();
