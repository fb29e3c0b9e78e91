import test from 'ava';
import { compiled, type ApiModule } from './helpers/compiled';
import { CLIENT_NOW, FakeApi, SESSION_ENDS } from './helpers/fake-api';
import { installFakeWx, NEVER_ENDS, NO_ANSWER, type WxReply, type WxRequest } from './helpers/fake-wx';

// The compiled API client (miniprogram/services/api.js) on a fake wx: login,
// the expired-token retry, errors as Chinese toasts, timeouts. No DOM here.

const { createApi, ApiError } = compiled<ApiModule>('services/api.js');
const BASE = 'http://api.test';

// The client's clock starts at CLIENT_NOW and moves only when a test moves it.
function setup(override?: (req: WxRequest, real: (r: WxRequest) => WxReply) => ReturnType<Parameters<typeof installFakeWx>[0]>) {
  const server = new FakeApi();
  const wx = installFakeWx((req) => (override ? override(req, server.handle) : server.handle(req)));
  const clock = { t: CLIENT_NOW };
  return { server, wx, clock, api: createApi({ baseUrl: BASE, timeoutMs: 200, now: () => clock.t }) };
}

const session = (token: string, expiresAt = SESSION_ENDS) => ({ token, expiresAt, userId: 7, role: 'resident' });
const MINUTE = 60_000;

test.serial('logs in with wx.login on first use, keeps the token, and sends it', async (t) => {
  const { wx, api } = setup();
  const me = await api.me();
  t.is(me.role, 'resident');
  await api.myDisputes();
  t.is(wx.logins, 1);
  t.deepEqual(wx.requests.map((r) => `${r.method} ${r.url} ${r.authorization ?? '-'}`), [
    `POST ${BASE}/api/auth/mp-login -`,
    `GET ${BASE}/api/me Bearer token-1`,
    `GET ${BASE}/api/disputes?page=1&pageSize=20 Bearer token-1`,
  ]);
  t.deepEqual(wx.requests[0]!.body, { code: 'code-1' });
  t.true(wx.requests.every((r) => typeof r.timeoutMs === 'number' && r.timeoutMs > 0));
});

test.serial('a token the server refuses (401) leads to exactly one new login and one retry', async (t) => {
  const { wx, api } = setup();
  wx.storage.set('fuyuan.session', session('stale'));
  const list = await api.myDisputes();
  t.is(list.total, 1);
  t.is(wx.logins, 1);
  t.deepEqual(wx.requests.map((r) => r.authorization ?? '-'), ['Bearer stale', '-', 'Bearer token-1']);
  t.deepEqual(wx.toasts, []);
});

test.serial('a second 401 after logging in again is an error, not a loop', async (t) => {
  const { wx, api } = setup((req, real) =>
    req.path === '/api/auth/mp-login' ? real(req) : { status: 401, data: { error: { code: 'TOKEN_INVALID', message: '登录凭证无效或已过期，请重新登录' } } });
  wx.storage.set('fuyuan.session', session('stale'));
  const err = await t.throwsAsync(api.dispute(101), { instanceOf: ApiError });
  t.is(err.status, 401);
  t.is(wx.logins, 1);
  t.is(wx.requests.filter((r) => r.path === '/api/disputes/101').length, 2);
  t.deepEqual(wx.toasts, ['登录凭证无效或已过期，请重新登录']);
});

test.serial('a token past its end is replaced before use; calls at once share one login', async (t) => {
  const { wx, api } = setup();
  wx.storage.set('fuyuan.session', session('old', new Date(CLIENT_NOW - MINUTE).toISOString()));
  await Promise.all([api.me(), api.myDisputes(), api.subscriptions()]);
  t.is(wx.logins, 1);
  t.false(wx.requests.some((r) => r.authorization === 'Bearer old'));
});

test.serial("a token's end is judged by the client's clock, and a token ending within a minute is not used", async (t) => {
  const { server, wx, clock, api } = setup();
  // Two minutes left by the client's clock (the day the tests run plays no part).
  server.tokens.add('short');
  wx.storage.set('fuyuan.session', session('short', new Date(CLIENT_NOW + 2 * MINUTE).toISOString()));
  await api.me();
  t.is(wx.logins, 0);
  clock.t += MINUTE + 1;
  await api.me();
  t.is(wx.logins, 1);
  t.deepEqual(wx.requests.map((r) => r.authorization ?? '-'), ['Bearer short', '-', 'Bearer token-1']);
});

test.serial("errors become the server's Chinese message as a toast; toast: false keeps quiet", async (t) => {
  const { wx, api } = setup();
  const err = await t.throwsAsync(api.article(999), { instanceOf: ApiError });
  t.is(err.code, 'NOT_FOUND');
  t.deepEqual(wx.toasts, ['文章不存在']);
  await t.throwsAsync(api.article(998, { toast: false }));
  t.deepEqual(wx.toasts, ['文章不存在']);
});

test.serial('validation errors carry the fields', async (t) => {
  const { server, api } = setup();
  server.nextFilingErrors = { phone: '不是有效的电话号码' };
  const err = await t.throwsAsync(api.fileDispute({ category: 'neighbor', description: '一二三四五六七八九十', village: '村', phone: '1', consent: true }));
  t.deepEqual((err as InstanceType<typeof ApiError>).fields, { phone: '不是有效的电话号码' });
});

test.serial('a server error without a body and a failed connection still speak Chinese', async (t) => {
  const { wx, api } = setup((req, real) => {
    if (req.path === '/api/articles') return { status: 502, data: 'Bad Gateway' };
    if (req.path === '/api/articles/1') throw new Error('ECONNREFUSED');
    return real(req);
  });
  await t.throwsAsync(api.articles());
  await t.throwsAsync(api.article(1));
  t.deepEqual(wx.toasts, ['服务暂时不可用，请稍后再试', '网络连接失败，请检查网络后再试']);
});

test.serial('no request hangs: WeChat’s timeout, and our own when WeChat never answers', async (t) => {
  const { wx, api } = setup((req, real) => (req.path === '/api/articles' ? NO_ANSWER : req.path === '/api/articles/1' ? NEVER_ENDS : real(req)));
  const timedOut = await t.throwsAsync(api.articles());
  t.is((timedOut as InstanceType<typeof ApiError>).code, 'TIMEOUT');
  const started = performance.now();
  const neverEnded = await t.throwsAsync(api.article(1));
  t.is((neverEnded as InstanceType<typeof ApiError>).code, 'TIMEOUT');
  t.true(performance.now() - started < 5000);
  t.deepEqual(wx.toasts, ['网络太慢，等待超时，请稍后再试', '网络太慢，等待超时，请稍后再试']);
});

test.serial('query strings are encoded; empty filters are left out', async (t) => {
  const { wx, api } = setup();
  await api.articles({ q: '彩礼 & 嫁妆', category: '', page: 2 });
  t.is(wx.requests.at(-1)!.url, `${BASE}/api/articles?q=${encodeURIComponent('彩礼 & 嫁妆')}&page=2`);
});

test.serial('places: the townships and their villages for the filing form, as the server lists them', async (t) => {
  const { wx, api } = setup();
  const places = await api.places();
  t.deepEqual(places.townships.map((x) => x.name), ['宝塔山街道', '南市街道', '桥沟街道', '河庄坪镇']);
  t.deepEqual(places.townships[1]!.villages.find((v) => v.name === '杜甫川社区'), { id: 202, name: '杜甫川社区' });
  t.deepEqual(wx.requests.map((r) => `${r.method} ${r.path}`).slice(-1), ['GET /api/places']);
});
