import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixedClock, type Clock } from '../../server/domain/clock';
import { TEST_NOW } from '../helpers/test-now';
import { startFakeServer, type FakeRequest, type FakeResponse, type FakeServer, type RouteTable } from './fake-server';

// The WeChat server API (api.weixin.qq.com) as far as this product uses it.
// Shapes follow the official mini-program docs (auth.code2Session):
//   GET /sns/jscode2session?appid&secret&js_code&grant_type=authorization_code
//   → {openid, session_key, unionid?} or {errcode, errmsg}
//   POST /cgi-bin/stable_token {grant_type:"client_credential", appid, secret} → {access_token, expires_in}
//   POST /cgi-bin/message/subscribe/send?access_token {touser, template_id, page?, data:{key:{value}}}
//     → {errcode:0, errmsg:"ok"}; 43101 no subscription left, 40003 unknown openid,
//       40037 unknown template, 47003 a value breaking its key's rule, 40001/42001 token,
//       41030 a page that is not a page of the mini-program (judged against miniprogram/app.json)

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
  // A template of the mini-program, by id.
  registerTemplate(templateId: string): void;
  // The resident accepted `count` one-time subscriptions of a template.
  grantSubscription(openid: string, templateId: string, count?: number): void;
  // The subscribe messages accepted (the request bodies), oldest first.
  subscribeMessages(): Array<Record<string, any>>;
  // Every access token issued so far answers 42001 from now on.
  expireTokens(): void;
  issuedTokens(): string[];
}

// WeChat's rules for values, by key type: a value that breaks one fails the message.
const VALUE_RULES: Array<[RegExp, (v: string) => boolean]> = [
  [/^thing\d+$/, (v) => Array.from(v).length <= 20],
  // Chinese characters only: no punctuation, digits or letters.
  [/^phrase\d+$/, (v) => /^\p{Script=Han}{1,5}$/u.test(v)],
  [/^name\d+$/, (v) => Array.from(v).length <= 10],
  [/^character_string\d+$/, (v) => /^[\x21-\x7e]{1,32}$/.test(v)],
];

// The mini-program's pages, as WeChat knows them from the uploaded app.json.
export function miniprogramPages(): string[] {
  return (JSON.parse(readFileSync(join(__dirname, '../../miniprogram/app.json'), 'utf8')) as { pages: string[] }).pages;
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

  // Not given one, a fake lives at a fixed instant, never on the machine's clock.
  const clock = opts.clock ?? fixedClock(TEST_NOW);
  const tokens = new Map<string, number>();
  const issued: string[] = [];
  function stableToken(req: FakeRequest): FakeResponse {
    const b = (req.body ?? {}) as Record<string, unknown>;
    if (b.grant_type !== 'client_credential') return fail(40002, 'invalid grant_type');
    if (b.appid !== appId) return fail(40013, 'invalid appid');
    if (b.secret !== secret) return fail(40125, 'invalid appsecret');
    const token = randomBytes(24).toString('base64url');
    tokens.set(token, clock.now().getTime() + 7200_000);
    issued.push(token);
    return json({ access_token: token, expires_in: 7200 });
  }

  const templates = new Set<string>();
  const pages = new Set(miniprogramPages());
  const credits = new Map<string, number>();
  const accepted: Array<Record<string, any>> = [];
  function subscribeSend(req: FakeRequest): FakeResponse {
    const expiry = tokens.get(req.query.access_token ?? '');
    if (expiry === undefined) return fail(40001, 'invalid credential, access_token is invalid or not latest');
    if (expiry <= clock.now().getTime()) return fail(42001, 'access_token expired');
    const b = (req.body ?? {}) as Record<string, any>;
    if (!templates.has(b.template_id)) return fail(40037, 'invalid template_id');
    if (b.page !== undefined && !pages.has(String(b.page).replace(/^\//, '').split('?')[0]!)) return fail(41030, 'invalid page');
    const key = `${b.touser}\u0000${b.template_id}`;
    if (!credits.has(key) && ![...credits.keys()].some((k) => k.startsWith(`${b.touser}\u0000`))) return fail(40003, 'invalid openid');
    for (const [k, v] of Object.entries((b.data ?? {}) as Record<string, { value?: unknown }>)) {
      const value = v?.value;
      const rule = VALUE_RULES.find(([re]) => re.test(k));
      if (typeof value !== 'string' || (rule && !rule[1](value))) return fail(47003, `argument invalid! data.${k}.value invalid`);
    }
    const left = credits.get(key) ?? 0;
    if (left <= 0) return fail(43101, 'user refuse to accept the msg');
    credits.set(key, left - 1);
    accepted.push(b);
    return json({ errcode: 0, errmsg: 'ok', msgid: Number.parseInt(randomBytes(4).toString('hex'), 16) });
  }

  const routes: RouteTable = {
    'GET /sns/jscode2session': code2Session,
    'POST /cgi-bin/stable_token': stableToken,
    'POST /cgi-bin/message/subscribe/send': subscribeSend,
  };

  const server = await startFakeServer(routes, { clock });
  return {
    ...server,
    appId,
    secret,
    registerCode(code, openid, extra = {}) {
      codes.set(code, { openid, unionid: extra.unionid, used: false });
    },
    registerTemplate(templateId) {
      templates.add(templateId);
    },
    grantSubscription(openid, templateId, count = 1) {
      const key = `${openid}\u0000${templateId}`;
      credits.set(key, (credits.get(key) ?? 0) + count);
    },
    subscribeMessages: () => [...accepted],
    expireTokens() {
      const now = clock.now().getTime();
      for (const [t, exp] of tokens) tokens.set(t, Math.min(exp, now));
    },
    issuedTokens: () => [...issued],
  };
}
