import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';

// How Koa serves the built console: `/` leads to it, hashed assets are cached
// for good, index.html never, deep links get the app, a missing asset a 404.

eachDb('the console is served at /console/ with the right caching', async (t, db) => {
  const dir = mkdtempSync(join(tmpdir(), 'fuyuan-console-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>工作台</title>');
  writeFileSync(join(dir, 'assets', 'index-AbC123.js'), 'console.log(1)');
  const h = await startHarness(db, { consoleDir: dir });
  try {
    const root = await fetch(`${h.url}/`, { redirect: 'manual' });
    t.is(root.status, 302);
    t.is(root.headers.get('location'), '/console/');

    const index = await h.request('GET', '/console/');
    t.is(index.status, 200);
    t.regex(index.headers.get('content-type')!, /text\/html/);
    t.is(index.headers.get('cache-control'), 'no-cache');

    const asset = await h.request('GET', '/console/assets/index-AbC123.js');
    t.is(asset.status, 200);
    t.regex(asset.headers.get('content-type')!, /javascript/);
    t.is(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');

    const deep = await h.request('GET', '/console/disputes/12');
    t.is(deep.status, 200);
    t.regex(deep.text, /工作台/);
    t.is(deep.headers.get('cache-control'), 'no-cache');

    t.is((await h.request('GET', '/console/assets/gone-123.js')).status, 404);
    t.is((await h.request('GET', '/console/..%2f..%2fetc%2fpasswd')).status, 200, 'a path out of the directory is only a deep link');
    t.is((await h.request('GET', '/api/nothing')).status, 404);
  } finally {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

eachDb('an unbuilt console says how to build it', async (t, db) => {
  const h = await startHarness(db, { consoleDir: join(tmpdir(), 'fuyuan-no-console-here') });
  try {
    const r = await h.request('GET', '/console/');
    t.is(r.status, 503);
    t.regex(r.text, /npm run build:console/);
  } finally {
    await h.close();
  }
});
