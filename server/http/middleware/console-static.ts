import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Middleware } from 'koa';
import { staff } from '../../texts/staff.texts';

const PREFIX = '/console/';
// Vite names every built asset by its content hash: a changed file is a new
// URL, so browsers may keep the old ones for good. index.html names them, so
// it is asked for afresh every time.
const IMMUTABLE = 'public, max-age=31536000, immutable';

async function fileAt(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

// The officials' console (console/dist, built by Vite): `/` leads to it, its
// files are served as built, and any other path under /console/ is one of the
// single-page app's own pages (a deep link), answered with index.html.
export function consoleStatic(dir: string): Middleware {
  const root = path.resolve(dir);
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path === '/' || ctx.path === '/console') {
      ctx.redirect(PREFIX);
      return;
    }
    if (!ctx.path.startsWith(PREFIX)) return next();
    let rel: string;
    try {
      rel = decodeURIComponent(ctx.path.slice(PREFIX.length));
    } catch {
      return next();
    }
    const file = path.resolve(root, rel);
    if (rel && file.startsWith(root + path.sep) && (await fileAt(file))) {
      ctx.set('cache-control', rel.startsWith('assets/') ? IMMUTABLE : 'no-cache');
      ctx.type = path.extname(file);
      ctx.body = createReadStream(file);
      return;
    }
    // A missing asset is a 404, not the app: a stale page must not get HTML for its script.
    if (rel.startsWith('assets/') || path.extname(rel)) return next();
    const index = path.join(root, 'index.html');
    if (!(await fileAt(index))) {
      ctx.status = 503;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = staff.console.notBuilt;
      return;
    }
    ctx.set('cache-control', 'no-cache');
    ctx.type = 'html';
    ctx.body = createReadStream(index);
  };
}
