import { randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '../../server/domain/clock';
import { startFakeServer, type FakeRequest, type FakeResponse, type FakeServer, type RouteTable } from './fake-server';

// The WeCom server API (qyapi.weixin.qq.com) as far as this product uses it.
// Shapes follow developer.work.weixin.qq.com:
//   GET /cgi-bin/gettoken?corpid&corpsecret → {errcode:0, errmsg:"ok", access_token, expires_in:7200}
//   GET /cgi-bin/auth/getuserinfo?access_token&code
//     → member {errcode:0, errmsg:"ok", userid, user_ticket?}; outsider {errcode:0, errmsg:"ok", openid}
// Later features add endpoints (webhook/send, message/send) as entries of `routes`.

export interface FakeWecomOptions {
  corpId?: string;
  secret?: string;
  // Expiry of access tokens is judged on this clock; share the client's fake clock.
  clock?: Clock;
  tokenTtlSeconds?: number;
}

export interface FakeWecom extends FakeServer {
  corpId: string;
  secret: string;
  // An OAuth code that names a member of the enterprise (single use).
  registerMember(code: string, userid: string, extra?: { userTicket?: string }): void;
  // An OAuth code of someone outside the enterprise: answered with an openid.
  registerNonMember(code: string, openid: string): void;
  // Every access token issued so far now answers 42001 (expired).
  expireTokens(): void;
  // Every access token issued so far is forgotten: it answers 40014 (invalid).
  revokeTokens(): void;
  // The access tokens handed out, oldest first.
  issuedTokens(): string[];
}

type CodeEntry = { kind: 'member'; userid: string; userTicket?: string; used: boolean } | { kind: 'outsider'; openid: string; used: boolean };

function ok(body: Record<string, unknown>): FakeResponse {
  return { body: { errcode: 0, errmsg: 'ok', ...body } };
}

// WeCom errmsg carries a hint and a link to its error-code lookup.
function fail(errcode: number, text: string): FakeResponse {
  const hint = randomBytes(8).toString('hex');
  return {
    body: { errcode, errmsg: `${text}, hint: [${hint}], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}` },
  };
}

export async function startFakeWecom(opts: FakeWecomOptions = {}): Promise<FakeWecom> {
  const corpId = opts.corpId ?? 'ww0123456789abcdef';
  const secret = opts.secret ?? 'fake-wecom-secret-ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const clock = opts.clock ?? systemClock;
  const ttl = opts.tokenTtlSeconds ?? 7200;
  const tokens = new Map<string, { expiresAt: number }>();
  const issued: string[] = [];
  const codes = new Map<string, CodeEntry>();

  // The token check comes first, as on WeCom: a call with a bad token does not use up the code.
  function checkToken(req: FakeRequest): FakeResponse | null {
    const token = req.query.access_token;
    if (!token) return fail(41001, 'access_token missing');
    const t = tokens.get(token);
    if (!t) return fail(40014, 'invalid access_token');
    if (t.expiresAt <= clock.now().getTime()) return fail(42001, 'access_token expired');
    return null;
  }

  function gettoken(req: FakeRequest): FakeResponse {
    if (!req.query.corpid) return fail(41002, 'corpid missing');
    if (req.query.corpid !== corpId) return fail(40013, 'invalid corpid');
    if (!req.query.corpsecret) return fail(41004, 'corpsecret missing');
    if (req.query.corpsecret !== secret) return fail(40001, 'invalid credential');
    const token = randomBytes(32).toString('base64url');
    tokens.set(token, { expiresAt: clock.now().getTime() + ttl * 1000 });
    issued.push(token);
    return ok({ access_token: token, expires_in: ttl });
  }

  function getuserinfo(req: FakeRequest): FakeResponse {
    const refused = checkToken(req);
    if (refused) return refused;
    if (!req.query.code) return fail(41008, 'missing code');
    const entry = codes.get(req.query.code);
    if (!entry || entry.used) return fail(40029, 'invalid code');
    entry.used = true;
    if (entry.kind === 'outsider') return ok({ openid: entry.openid });
    return ok({ userid: entry.userid, ...(entry.userTicket ? { user_ticket: entry.userTicket } : {}) });
  }

  const routes: RouteTable = {
    'GET /cgi-bin/gettoken': gettoken,
    'GET /cgi-bin/auth/getuserinfo': getuserinfo,
  };

  const server = await startFakeServer(routes, { clock });
  return {
    ...server,
    corpId,
    secret,
    registerMember(code, userid, extra = {}) {
      codes.set(code, { kind: 'member', userid, userTicket: extra.userTicket, used: false });
    },
    registerNonMember(code, openid) {
      codes.set(code, { kind: 'outsider', openid, used: false });
    },
    expireTokens() {
      const now = clock.now().getTime();
      for (const t of tokens.values()) t.expiresAt = Math.min(t.expiresAt, now);
    },
    revokeTokens() {
      tokens.clear();
    },
    issuedTokens: () => [...issued],
  };
}
