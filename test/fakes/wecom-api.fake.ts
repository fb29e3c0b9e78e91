import { createHash, randomBytes } from 'node:crypto';
import { fixedClock, type Clock } from '../../server/domain/clock';
import { TEST_NOW } from '../helpers/test-now';
import { startFakeServer, type FakeRequest, type FakeResponse, type FakeServer, type RouteTable } from './fake-server';

// The WeCom server API (qyapi.weixin.qq.com) as far as this product uses it.
// Shapes follow developer.work.weixin.qq.com:
//   GET /cgi-bin/gettoken?corpid&corpsecret → {errcode:0, errmsg:"ok", access_token, expires_in:7200}
//   GET /cgi-bin/auth/getuserinfo?access_token&code
//     → member {errcode:0, errmsg:"ok", userid, user_ticket?}; outsider {errcode:0, errmsg:"ok", openid}
//   POST /cgi-bin/webhook/send?key  {msgtype:text|markdown|image, …} → {errcode:0, errmsg:"ok"};
//     93000 unknown key, 45009 over 20 messages a minute, 40058 content over its byte limit;
//     image {base64, md5 of the raw image}: 40009 empty or over 2 MB, 301019 md5 not matching
//   POST /cgi-bin/message/send?access_token  {touser:"a|b", msgtype, agentid, text|markdown:{content}}
//     → {errcode:0, errmsg:"ok", invaliduser:"…"}; 81013 when no recipient exists

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
  // A group robot that exists: its webhook key.
  registerWebhook(key: string): void;
  // The messages a robot accepted (the request bodies), oldest first.
  webhookMessages(key: string): Array<Record<string, any>>;
  // WeCom user ids the app may message.
  registerUsers(...userIds: string[]): void;
  // The app messages accepted, oldest first.
  appMessages(): Array<Record<string, any>>;
}

const WEBHOOK_LIMIT_PER_MINUTE = 20;
// Content limits in UTF-8 bytes: the group robot's, and the app's (发送应用消息).
// WeCom cuts an app text over its limit short; the fake refuses it, so the
// loss shows in a test.
const BYTE_LIMITS: Record<string, number> = { text: 2048, markdown: 4096 };
const APP_BYTE_LIMITS: Record<string, number> = { text: 2048, markdown: 2048 };
const IMAGE_MAX_BYTES = 2 * 1024 * 1024;

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
  // Not given one, a fake lives at a fixed instant, never on the machine's clock.
  const clock = opts.clock ?? fixedClock(TEST_NOW);
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

  const webhooks = new Map<string, { accepted: Array<Record<string, any>>; times: number[] }>();
  function webhookSend(req: FakeRequest): FakeResponse {
    const hook = webhooks.get(req.query.key ?? '');
    if (!hook) return fail(93000, 'invalid webhook url');
    const body = req.body as Record<string, any> | undefined;
    const type = body?.msgtype;
    if (type !== 'text' && type !== 'markdown' && type !== 'image') return fail(40008, 'invalid message type');
    if (type === 'image') {
      if (typeof body!.image?.base64 !== 'string' || typeof body!.image?.md5 !== 'string') return fail(40058, 'image.base64 and image.md5 required');
      // The md5 is of the image itself (before base64), which may be at most 2 MB.
      const image = Buffer.from(body!.image.base64, 'base64');
      if (image.length === 0 || image.length > IMAGE_MAX_BYTES) return fail(40009, 'invalid image size');
      if (createHash('md5').update(image).digest('hex') !== String(body!.image.md5).toLowerCase()) return fail(301019, 'media md5 not match');
    } else {
      const content = body![type]?.content;
      if (typeof content !== 'string' || content.length === 0) return fail(40058, `${type}.content required`);
      if (Buffer.byteLength(content, 'utf8') > BYTE_LIMITS[type]!) return fail(40058, `${type}.content exceed max length ${BYTE_LIMITS[type]}`);
    }
    // Twenty a minute per robot, as WeCom documents; the fake's clock decides what a minute is.
    const now = clock.now().getTime();
    hook.times = hook.times.filter((t) => t > now - 60_000);
    if (hook.times.length >= WEBHOOK_LIMIT_PER_MINUTE) return fail(45009, 'api freq out of limit');
    hook.times.push(now);
    hook.accepted.push(body!);
    return ok({});
  }

  const users = new Set<string>();
  const appMessages: Array<Record<string, any>> = [];
  function messageSend(req: FakeRequest): FakeResponse {
    const refused = checkToken(req);
    if (refused) return refused;
    const body = req.body as Record<string, any> | undefined;
    if (!body || typeof body.touser !== 'string') return fail(40058, 'touser required');
    if (typeof body.agentid !== 'number') return fail(40056, 'invalid agentid');
    const type = body.msgtype;
    if (type !== 'text' && type !== 'markdown') return fail(40008, 'invalid message type');
    const content = body[type]?.content;
    if (typeof content !== 'string' || !content) return fail(40058, `${type}.content required`);
    if (Buffer.byteLength(content, 'utf8') > APP_BYTE_LIMITS[type]!) return fail(40058, `${type}.content exceed max length ${APP_BYTE_LIMITS[type]}`);
    const to = body.touser.split('|');
    const invalid = to.filter((u: string) => !users.has(u));
    if (invalid.length === to.length) return fail(81013, 'user & party & tag all invalid');
    appMessages.push(body);
    return ok({ invaliduser: invalid.join('|'), invalidparty: '', invalidtag: '', msgid: randomBytes(8).toString('hex') });
  }

  const routes: RouteTable = {
    'GET /cgi-bin/gettoken': gettoken,
    'GET /cgi-bin/auth/getuserinfo': getuserinfo,
    'POST /cgi-bin/webhook/send': webhookSend,
    'POST /cgi-bin/message/send': messageSend,
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
    registerWebhook(key) {
      if (!webhooks.has(key)) webhooks.set(key, { accepted: [], times: [] });
    },
    webhookMessages: (key) => [...(webhooks.get(key)?.accepted ?? [])],
    registerUsers(...ids) {
      for (const id of ids) users.add(id);
    },
    appMessages: () => [...appMessages],
  };
}
