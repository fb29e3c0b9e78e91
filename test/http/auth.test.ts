import { createHash } from 'node:crypto';
import type { ExecutionContext } from 'ava';
import { AuditEntry, User } from '../../entities';
import { createWechatAuthClient } from '../../server/clients/wechat-auth.client';
import { createWecomAccessToken } from '../../server/clients/wecom-access-token';
import { createWecomAuthClient } from '../../server/clients/wecom-auth.client';
import type { Clock } from '../../server/domain/clock';
import { startHarness, type Harness, type Reply } from '../helpers/app-harness';
import { eachDb, type TestDb } from '../helpers/databases';
import { startFakeWechat, type FakeWechat } from '../fakes/wechat-api.fake';
import { startFakeWecom, type FakeWecom } from '../fakes/wecom-api.fake';

// Sign-in and access control through the real HTTP server, with the real
// WeChat and WeCom clients talking to fake upstreams on loopback ports.

const HOUR = 3600_000;
const DAY = 24 * HOUR;

interface World {
  h: Harness;
  wechat: FakeWechat;
  wecom: FakeWecom;
}

async function withWorld(db: TestDb, fn: (w: World) => Promise<void>, opts: { wecom?: boolean } = {}) {
  let h: Harness | undefined;
  // The token cache and the fake WeCom judge expiry on the harness's clock.
  const clock: Clock = { now: () => h!.clock.now() };
  const wechat = await startFakeWechat();
  const wecom = await startFakeWecom({ clock });
  try {
    h = await startHarness(db, {
      wechat: createWechatAuthClient({ appId: wechat.appId, secret: wechat.secret, apiBase: wechat.url }),
      wecom: opts.wecom === false
        ? null
        : createWecomAuthClient({ apiBase: wecom.url }, createWecomAccessToken({ apiBase: wecom.url, corpId: wecom.corpId, secret: wecom.secret }, clock)),
    });
    await fn({ h, wechat, wecom });
  } finally {
    await h?.close();
    await wechat.close();
    await wecom.close();
  }
}

// What every refusal looks like: one `error` object with a code and a Chinese message.
function expectError(t: ExecutionContext, r: Reply, status: number, code: string) {
  t.is(r.status, status, r.text);
  t.regex(r.headers.get('content-type') ?? '', /application\/json/);
  t.deepEqual(Object.keys(r.body ?? {}), ['error'], r.text);
  t.is(r.body.error.code, code, r.text);
  t.is(typeof r.body.error.message, 'string');
  t.regex(r.body.error.message, /[\u4e00-\u9fff]/, 'the message is in Chinese');
}

async function mpLogin(w: World, code: string, openid: string) {
  w.wechat.registerCode(code, openid);
  const r = await w.h.request('POST', '/api/auth/mp-login', { body: { code } });
  if (r.status !== 200) throw new Error(`mp-login failed: ${r.status} ${r.text}`);
  return r.body as { token: string; expiresAt: string; user: { id: number; role: string } };
}

async function adminPost(h: Harness, path: string, body: unknown) {
  const r = await h.request('POST', path, { token: h.adminToken, body });
  if (r.status !== 201) throw new Error(`${path}: ${r.status} ${r.text}`);
  return r.body as { id: number };
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

async function sessionRows(db: TestDb): Promise<Array<Record<string, unknown>>> {
  return db.ds.query(`SELECT * FROM ${db.ds.driver.escape('session')}`);
}

eachDb('mp-login: a new WeChat user becomes a resident, the same openid signs in as the same user', async (t, db) => {
  await withWorld(db, async (w) => {
    w.wechat.registerCode('code-a', 'openid-1');
    const first = await w.h.request('POST', '/api/auth/mp-login', { body: { code: 'code-a' } });
    t.is(first.status, 200, first.text);
    t.deepEqual(Object.keys(first.body).sort(), ['expiresAt', 'token', 'user']);
    t.is(first.body.user.role, 'resident');
    t.deepEqual(Object.keys(first.body.user).sort(), ['id', 'role']);
    t.is(first.body.expiresAt, new Date(w.h.clock.now().getTime() + DAY).toISOString());
    t.is(w.wechat.requests[0]!.query.js_code, 'code-a');

    const again = await mpLogin(w, 'code-b', 'openid-1');
    t.is(again.user.id, first.body.user.id);
    t.not(again.token, first.body.token);
    const other = await mpLogin(w, 'code-c', 'openid-2');
    t.not(other.user.id, first.body.user.id);
    t.is(await db.ds.getRepository(User).countBy({ wechatOpenid: 'openid-1' }), 1);

    const me = await w.h.request('GET', '/api/me', { token: first.body.token });
    t.is(me.status, 200, me.text);
    t.like(me.body, { id: first.body.user.id, role: 'resident', agencyId: null });
    t.is(typeof me.body.name, 'string');

    const stored = JSON.stringify(await sessionRows(db));
    for (const token of [first.body.token, again.token, other.token]) {
      t.false(stored.includes(token), 'a login token is stored only as its hash');
      t.true(stored.includes(sha256(token)));
    }
  });
});

eachDb('mp-login: a new resident tapping login several times at once gets one account', async (t, db) => {
  await withWorld(db, async (w) => {
    const codes = ['p1', 'p2', 'p3', 'p4', 'p5'];
    for (const code of codes) w.wechat.registerCode(code, 'openid-rush');
    const replies = await Promise.all(codes.map((code) => w.h.request('POST', '/api/auth/mp-login', { body: { code } })));
    t.deepEqual(replies.map((r) => r.status), [200, 200, 200, 200, 200], replies.map((r) => r.text).join('\n'));
    t.is(new Set(replies.map((r) => r.body.user.id)).size, 1);
    t.is(await db.ds.getRepository(User).countBy({ wechatOpenid: 'openid-rush' }), 1);
  });
});

eachDb('mp-login refusals: bad code, WeChat down, no code; no user is created', async (t, db) => {
  await withWorld(db, async (w) => {
    expectError(t, await w.h.request('POST', '/api/auth/mp-login', { body: { code: 'never-issued' } }), 401, 'WECHAT_CODE_INVALID');
    w.wechat.registerCode('good', 'openid-9');
    w.wechat.failNext('/sns/jscode2session', { status: 500 });
    const down = await w.h.request('POST', '/api/auth/mp-login', { body: { code: 'good' } });
    expectError(t, down, 502, 'WECHAT_UNAVAILABLE');
    t.false(down.text.includes(w.wechat.secret));
    w.wechat.failNext('/sns/jscode2session', { reset: true });
    expectError(t, await w.h.request('POST', '/api/auth/mp-login', { body: { code: 'good' } }), 502, 'WECHAT_UNAVAILABLE');
    expectError(t, await w.h.request('POST', '/api/auth/mp-login', { body: {} }), 400, 'VALIDATION_FAILED');
    t.is(await db.ds.getRepository(User).count(), 0);
  });
});

eachDb('wecom-login: registered staff sign in; unknown members and outsiders are refused', async (t, db) => {
  await withWorld(db, async (w) => {
    const court = await adminPost(w.h, '/api/agencies', { name: '宝塔区人民法院', kind: 'court' });
    const judge = await adminPost(w.h, '/api/users', { name: '李法官', role: 'judge', agencyId: court.id, wecomUserId: 'LiFaGuan' });
    await adminPost(w.h, '/api/users', { name: '王群众', role: 'resident', wecomUserId: 'WangQunZhong' });

    w.wecom.registerMember('wc-1', 'LiFaGuan', { userTicket: 'TICKET' });
    const login = await w.h.request('POST', '/api/auth/wecom-login', { body: { code: 'wc-1' } });
    t.is(login.status, 200, login.text);
    t.deepEqual(login.body.user, { id: judge.id, role: 'judge' });
    t.is(login.body.expiresAt, new Date(w.h.clock.now().getTime() + DAY).toISOString());
    const me = await w.h.request('GET', '/api/me', { token: login.body.token });
    t.like(me.body, { id: judge.id, role: 'judge', name: '李法官', agencyId: court.id });

    w.wecom.registerMember('wc-2', 'SomeoneNew');
    expectError(t, await w.h.request('POST', '/api/auth/wecom-login', { body: { code: 'wc-2' } }), 403, 'STAFF_NOT_REGISTERED');
    w.wecom.registerMember('wc-3', 'WangQunZhong');
    expectError(t, await w.h.request('POST', '/api/auth/wecom-login', { body: { code: 'wc-3' } }), 403, 'STAFF_NOT_REGISTERED');
    w.wecom.registerNonMember('wc-4', 'oOutsider');
    expectError(t, await w.h.request('POST', '/api/auth/wecom-login', { body: { code: 'wc-4' } }), 403, 'WECOM_NOT_MEMBER');
    expectError(t, await w.h.request('POST', '/api/auth/wecom-login', { body: { code: 'wc-1' } }), 401, 'WECOM_CODE_INVALID');
    t.is(w.wecom.callsTo('/cgi-bin/gettoken').length, 1, 'one access token for every login');
    t.is(await db.ds.getRepository(User).count(), 2, 'no user was created by a refused login');
  });
});

eachDb('wecom-login without WeCom configured is 503', async (t, db) => {
  await withWorld(db, async (w) => {
    expectError(t, await w.h.request('POST', '/api/auth/wecom-login', { body: { code: 'x' } }), 503, 'WECOM_NOT_CONFIGURED');
    t.is(w.wecom.requests.length, 0);
  }, { wecom: false });
});

eachDb('bearer tokens: missing, malformed, unknown and expired are 401', async (t, db) => {
  await withWorld(db, async (w) => {
    const noToken = await w.h.request('GET', '/api/me');
    expectError(t, noToken, 401, 'UNAUTHENTICATED');
    for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', 'token abc']) {
      expectError(t, await w.h.request('GET', '/api/me', { headers: { authorization: header } }), 401, 'TOKEN_INVALID');
    }
    expectError(t, await w.h.request('GET', '/api/me', { token: 'not-a-token-we-issued' }), 401, 'TOKEN_INVALID');
    expectError(t, await w.h.request('GET', '/api/me', { token: 'x'.repeat(300) }), 401, 'TOKEN_INVALID');

    const { token, user } = await mpLogin(w, 'c', 'openid-exp');
    w.h.clock.advance(DAY - 1000);
    const late = await w.h.request('GET', '/api/me', { token });
    t.is(late.status, 200, 'still valid a second before 24 h');
    t.is(late.body.id, user.id);
    w.h.clock.advance(1000);
    expectError(t, await w.h.request('GET', '/api/me', { token }), 401, 'TOKEN_INVALID');
  });
});

eachDb('the admin token acts as admin; a resident is refused admin and staff routes', async (t, db) => {
  await withWorld(db, async (w) => {
    const me = await w.h.request('GET', '/api/me', { token: w.h.adminToken });
    t.is(me.status, 200, me.text);
    t.like(me.body, { id: null, role: 'admin' });
    t.is((await w.h.request('GET', '/api/users', { token: w.h.adminToken })).status, 200);

    const { token, user } = await mpLogin(w, 'c', 'openid-r');
    const attempts: Array<[string, string, unknown?]> = [
      ['POST', '/api/agencies', { name: '某某局', kind: 'government' }],
      ['GET', '/api/agencies'],
      ['GET', '/api/users'],
      ['POST', '/api/users', { name: '张三', role: 'admin' }],
      ['POST', `/api/users/${user.id}/tokens`],
    ];
    for (const [method, path, body] of attempts) {
      expectError(t, await w.h.request(method, path, { token, body }), 403, 'FORBIDDEN');
    }
    const agencies = await w.h.request('GET', '/api/agencies', { token: w.h.adminToken });
    t.is(agencies.body.total, 0, 'the refused create wrote nothing');
    t.is(await db.ds.getRepository(User).countBy({ role: 'admin' }), 0);
  });
});

eachDb('a resident reads its own record with the phone masked, and not anyone else’s', async (t, db) => {
  await withWorld(db, async (w) => {
    const resident = await adminPost(w.h, '/api/users', { name: '赵大妈', role: 'resident', phone: '139-1234-5678' });
    const issued = await w.h.request('POST', `/api/users/${resident.id}/tokens`, { token: w.h.adminToken });
    const own = await w.h.request('GET', `/api/users/${resident.id}`, { token: issued.body.token });
    t.is(own.status, 200, own.text);
    t.is(own.body.phone, '139****5678');
    t.false(own.text.includes('12345678'), 'the full number never leaves the server');

    const other = await mpLogin(w, 'c', 'openid-other');
    const probe = await w.h.request('GET', `/api/users/${resident.id}`, { token: other.token });
    expectError(t, probe, 404, 'NOT_FOUND');
    const missing = await w.h.request('GET', '/api/users/999999', { token: other.token });
    t.deepEqual(missing.body, probe.body, 'someone else’s record looks like no record');
    const self = await w.h.request('GET', `/api/users/${other.user.id}`, { token: other.token });
    t.is(self.status, 200);
    t.like(self.body, { id: other.user.id, role: 'resident', phone: null });
  });
});

eachDb('API tokens authenticate as their user, expire after their TTL, are stored hashed and audited', async (t, db) => {
  await withWorld(db, async (w) => {
    const office = await adminPost(w.h, '/api/agencies', { name: '宝塔区司法局', kind: 'government' });
    const official = await adminPost(w.h, '/api/users', { name: '刘干部', role: 'official', agencyId: office.id });
    const issued = await w.h.request('POST', `/api/users/${official.id}/tokens`, { token: w.h.adminToken });
    t.is(issued.status, 201, issued.text);
    const { token, expiresAt } = issued.body as { token: string; expiresAt: string };
    t.true(token.length >= 32);
    t.is(expiresAt, new Date(w.h.clock.now().getTime() + 365 * DAY).toISOString());

    const me = await w.h.request('GET', '/api/me', { token });
    t.like(me.body, { id: official.id, role: 'official', name: '刘干部', agencyId: office.id });

    const rows = await sessionRows(db);
    t.false(JSON.stringify(rows).includes(token), 'no session row contains the token');
    const row = rows.find((r) => r.tokenHash === sha256(token));
    t.truthy(row, 'the token is stored as its SHA-256');
    t.is(row!.kind, 'api');
    t.is(Number(row!.userId), official.id);

    const audits = await db.ds.getRepository(AuditEntry).findBy({ action: 'user.token' });
    t.is(audits.length, 1);
    t.like(audits[0], { subjectType: 'user', subjectId: official.id, actorId: null });
    t.is(audits[0]!.requestId, issued.headers.get('x-request-id'));

    expectError(t, await w.h.request('POST', '/api/users/999999/tokens', { token: w.h.adminToken }), 404, 'NOT_FOUND');

    w.h.clock.advance(365 * DAY - 1000);
    t.is((await w.h.request('GET', '/api/me', { token })).status, 200, 'valid until its last second');
    w.h.clock.advance(1000);
    expectError(t, await w.h.request('GET', '/api/me', { token }), 401, 'TOKEN_INVALID');
  });
});
