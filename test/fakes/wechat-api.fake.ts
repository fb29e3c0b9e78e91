import { randomBytes } from 'node:crypto';
import type { Clock } from '../../server/domain/clock';
import { startFakeServer, type FakeRequest, type FakeResponse, type FakeServer, type RouteTable } from './fake-server';

// The WeChat server API (api.weixin.qq.com) as far as this product uses it.
// Shapes follow the official mini-program docs (auth.code2Session):
//   GET /sns/jscode2session?appid&secret&js_code&grant_type=authorization_code
//   → {openid, session_key, unionid?} or {errcode, errmsg}
// Later features add endpoints (access tokens, subscribe messages) as entries of `routes`.

export interface FakeWechatOptions {
  appId?: string;
  secret?: string;
  clock?: Clock;
}

export interface FakeWechat extends FakeServer {
  appId: string;
  secret: string;
  // The next wx.login code of a user: code2Session answers this openid (once: codes are single use).
  registerCode(code: string, openid: string, extra?: { unionid?: string }): void;
}

interface CodeEntry {
  openid: string;
  unionid?: string;
  used: boolean;
}

// WeChat appends a request id to every errmsg.
function fail(errcode: number, text: string): FakeResponse {
  return json({ errcode, errmsg: `${text}, rid: ${randomBytes(6).toString('hex')}` });
}

// WeChat answers these with Content-Type text/plain although the body is JSON.
function json(body: unknown): FakeResponse {
  return { body, headers: { 'content-type': 'text/plain' } };
}

export async function startFakeWechat(opts: FakeWechatOptions = {}): Promise<FakeWechat> {
  const appId = opts.appId ?? 'wx0123456789abcdef';
  const secret = opts.secret ?? 'fake-wechat-secret-0123456789abcdef';
  const codes = new Map<string, CodeEntry>();

  function code2Session(req: FakeRequest): FakeResponse {
    const q = req.query;
    if (!q.appid || q.appid !== appId) return fail(40013, 'invalid appid');
    if (!q.secret || q.secret !== secret) return fail(40125, 'invalid appsecret');
    if (q.grant_type !== 'authorization_code') return fail(40002, 'invalid grant_type');
    if (!q.js_code) return fail(41008, 'missing code');
    const entry = codes.get(q.js_code);
    if (!entry) return fail(40029, 'invalid code');
    if (entry.used) return fail(40163, 'code been used');
    entry.used = true;
    return json({
      session_key: randomBytes(16).toString('base64'),
      openid: entry.openid,
      ...(entry.unionid ? { unionid: entry.unionid } : {}),
    });
  }

  const routes: RouteTable = {
    'GET /sns/jscode2session': code2Session,
  };

  const server = await startFakeServer(routes, { clock: opts.clock });
  return {
    ...server,
    appId,
    secret,
    registerCode(code, openid, extra = {}) {
      codes.set(code, { openid, unionid: extra.unionid, used: false });
    },
  };
}
