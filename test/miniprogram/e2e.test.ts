import { IsNull, Not } from 'typeorm';
import { Consent } from '../../entities';
import { eachDb } from '../helpers/databases';
import { startHarness, type Harness } from '../helpers/app-harness';
import { compiled, type ApiModule } from './helpers/compiled';
import { installFakeWx, type WxReply, type WxRequest } from './helpers/fake-wx';

// The compiled mini-program's API client against the real Koa server on a
// real database: wx.request goes over loopback HTTP, wx.login hands out
// development codes (no WECHAT_APPID: code X logs in as openid dev-X).

const { createApi } = compiled<ApiModule>('services/api.js');
// One `wx` global for the whole file: tests (and their [sqlite]/[mysql] runs) take turns.
const SERIAL = { serial: true };

function overHttp(h: Harness) {
  return async (req: WxRequest): Promise<WxReply> => {
    const headers: Record<string, string> = {};
    if (req.authorization) headers.authorization = req.authorization;
    const hasBody = req.body !== undefined && req.method !== 'GET';
    if (hasBody) headers['content-type'] = 'application/json';
    const res = await fetch(req.url, {
      method: req.method, headers, body: hasBody ? JSON.stringify(req.body) : undefined,
      signal: AbortSignal.timeout(req.timeoutMs ?? 10000),
    });
    const text = await res.text();
    let data: unknown = text;
    try {
      data = JSON.parse(text);
    } catch {
      // Not JSON: handed over as text, as wx.request does.
    }
    return { status: res.status, data };
  };
}

// A committee with a mediator, a court with a judge who has published one article.
async function staff(h: Harness) {
  const created = async (path: string, token: string, body?: unknown) => {
    const r = await h.request('POST', path, { token, body });
    if (r.status !== 201) throw new Error(`${path}: ${r.status} ${r.text}`);
    return r.body as { id: number; token: string };
  };
  const admin = (path: string, body?: unknown) => created(path, h.adminToken, body);
  const committee = await admin('/api/agencies', { name: '宝塔区人民调解委员会', kind: 'mediation_committee', categories: ['neighbor'] });
  const court = await admin('/api/agencies', { name: '宝塔区人民法院', kind: 'court' });
  const mediator = await admin('/api/users', { name: '刘调解员', role: 'mediator', agencyId: committee.id });
  const judge = await admin('/api/users', { name: '王法官', role: 'judge', agencyId: court.id });
  const article = await created('/api/articles', (await admin(`/api/users/${judge.id}/tokens`)).token, {
    category: 'neighbor', title: '邻里之间漏水，谁来赔？', body: '楼上漏水造成楼下损失的，楼上住户应当赔偿。可以先协商，协商不成找调解员。',
  });
  return { committeeId: committee.id, mediatorToken: (await admin(`/api/users/${mediator.id}/tokens`)).token, articleId: article.id };
}

eachDb('mini-program API client ↔ real server: log in, file a dispute, read it back, chat, subscribe, withdraw consent', async (t, db) => {
  const h = await startHarness(db);
  try {
    const { committeeId, mediatorToken, articleId } = await staff(h);
    const wx = installFakeWx(overHttp(h));
    wx.loginCode = () => 'e2e-resident';
    // The phone's clock is the server's: a session's end is judged on the harness clock, not the day the test runs.
    const api = createApi({ baseUrl: h.url, timeoutMs: 10000, now: () => h.clock.now().getTime() });

    const login = await api.login();
    t.is(login.user.role, 'resident');
    t.is((await api.me()).role, 'resident');

    const categories = await api.categories();
    t.true(categories.items.some((c) => c.id === 'neighbor' && c.label === '邻里纠纷'));

    // The village picker's list: the district's streets and towns with their villages.
    const town = (await h.request('POST', '/api/agencies', { token: h.adminToken, body: { name: '南市街道', kind: 'township' } })).body;
    const village = (await h.request('POST', '/api/agencies', { token: h.adminToken, body: { name: '杜甫川社区', kind: 'village', parentId: town.id } })).body;
    t.deepEqual(await api.places(), { townships: [{ id: town.id, name: '南市街道', kind: 'street', villages: [{ id: village.id, name: '杜甫川社区' }] }] });

    const filed = await api.fileDispute({
      category: 'neighbor', description: '邻居家在我家门口堆放柴火，已经堵了三个月。', village: '杜甫川村', otherParty: '李某', phone: '13800138000', consent: true,
      callback: true,
    });
    t.regex(filed.serial, /^JF-2026-\d{6}$/);
    // 请调解员给我回电 reaches the staff's view.
    t.is((await h.request('GET', `/api/disputes/${filed.id}`, { token: mediatorToken })).body.callback, true);
    t.deepEqual(filed.committee, { id: committeeId, name: '宝塔区人民调解委员会' });
    t.is(filed.mediator?.name, '刘调解员');
    t.deepEqual(filed.articles.map((a) => a.id), [articleId]);

    const mine = await api.myDisputes();
    t.is(mine.total, 1);
    t.like(mine.items[0], { id: filed.id, serial: filed.serial, status: 'submitted', statusLabel: '已提交', categoryLabel: '邻里纠纷', village: '杜甫川村' });

    const reply = await h.request('POST', `/api/disputes/${filed.id}/messages`, { token: mediatorToken, body: { body: '您好，明天上午到村里了解情况。' } });
    t.is(reply.status, 201);
    await api.sendMessage(filed.id, '好的，我在家等您。');
    const detail = await api.dispute(filed.id);
    t.is(detail.serial, filed.serial);
    t.is(detail.contactPhone, '13800138000');
    t.deepEqual(detail.timeline.map((e) => [e.kind, e.author?.role, e.body]), [
      ['move', 'resident', '群众提交纠纷'],
      ['message', 'mediator', '您好，明天上午到村里了解情况。'],
      ['message', 'resident', '好的，我在家等您。'],
    ]);
    t.deepEqual(detail.explanations, []);

    const { credits } = await api.reportSubscriptions(['dispute_reply', 'dispute_status']);
    t.like(credits, { dispute_reply: 1, dispute_status: 1 });
    t.deepEqual((await api.subscriptions()).credits, credits);
    t.is(wx.logins, 1, 'one login for the whole visit');

    // A token the server no longer knows: one new login, and the call goes through.
    wx.storage.set('fuyuan.session', { ...(wx.storage.get('fuyuan.session') as object), token: 'revoked-token' });
    t.is((await api.dispute(filed.id)).id, filed.id);
    t.is(wx.logins, 2);

    // A day later by the shared clock the session has ended: the client logs in before calling, with no 401 first.
    h.clock.advance(24 * 3600 * 1000);
    const before = wx.requests.length;
    t.is((await api.me()).role, 'resident');
    t.is(wx.logins, 3);
    t.deepEqual(wx.requests.slice(before).map((r) => r.path), ['/api/auth/mp-login', '/api/me']);

    const withdrawal = await api.withdrawPrivacy();
    t.is(withdrawal.kind, 'privacy');
    t.truthy(withdrawal.withdrawnAt);
    t.is(await db.ds.getRepository(Consent).countBy({ kind: 'privacy', withdrawnAt: Not(IsNull()) }), 1);
    t.deepEqual(wx.toasts, []);
  } finally {
    await h.close();
  }
}, SERIAL);

eachDb('mini-program API client ↔ real server: the resident agrees to an approved extension and the deadline moves', async (t, db) => {
  const h = await startHarness(db);
  try {
    const { mediatorToken } = await staff(h);
    const wx = installFakeWx(overHttp(h));
    wx.loginCode = () => 'e2e-extension';
    const api = createApi({ baseUrl: h.url, timeoutMs: 10000, now: () => h.clock.now().getTime() });
    // No other party: the resident's agreement is the last one needed.
    const filed = await api.fileDispute({
      category: 'neighbor', description: '邻居家在我家门口堆放柴火，已经堵了三个月。', village: '杜甫川村', otherParty: null, phone: '13800138000', consent: true,
    });
    const asked = await h.request('POST', `/api/disputes/${filed.id}/extensions`, { token: mediatorToken, body: { days: 10, reason: '双方需补充证据材料' } });
    t.is(asked.status, 201, asked.text);
    const extId = (asked.body as { id: number }).id;
    t.like((await api.dispute(filed.id)).extensions, [{ id: extId, days: 10, reason: '双方需补充证据材料', status: 'requested', approvedAt: null }]);

    // Before the head approves, the server refuses, in Chinese, shown as a toast.
    const early = await t.throwsAsync(api.consentExtension(filed.id, extId));
    t.regex(early!.message, /尚未经调委会负责人批准/);
    t.deepEqual(wx.toasts, [early!.message]);

    t.is((await h.request('POST', `/api/disputes/${filed.id}/extensions/${extId}/approve`, { token: h.adminToken })).status, 200);
    const agreed = await api.consentExtension(filed.id, extId);
    t.like(agreed, { id: extId, status: 'effective', waitingFor: [], previousDeadlineAt: filed.deadlineAt });
    t.truthy(agreed.residentConsentAt);
    t.true(Date.parse(agreed.newDeadlineAt!) >= Date.parse(filed.deadlineAt) + 10 * 24 * 3600 * 1000);
    const detail = await api.dispute(filed.id);
    t.is(detail.deadlineAt, agreed.newDeadlineAt);
    t.like(detail.extensions[0], { status: 'effective', newDeadlineAt: agreed.newDeadlineAt });
    t.true(detail.timeline.some((e) => e.kind === 'extension' && e.author?.role === 'resident' && e.body === '申请人同意延期'));
    t.true(wx.requests.some((r) => r.method === 'POST' && r.path === `/api/disputes/${filed.id}/extensions/${extId}/consent`));
  } finally {
    await h.close();
  }
}, SERIAL);

eachDb('mini-program API client ↔ real server: 开庭提醒, follow a case, see its next session, stop following', async (t, db) => {
  const h = await startHarness(db);
  try {
    const created = async (path: string, token: string, body?: unknown) => {
      const r = await h.request('POST', path, { token, body });
      if (r.status !== 201) throw new Error(`${path}: ${r.status} ${r.text}`);
      return r.body as { id: number; token: string };
    };
    const court = await created('/api/agencies', h.adminToken, { name: '宝塔区人民法院', kind: 'court' });
    const judge = await created('/api/users', h.adminToken, { name: '王法官', role: 'judge', agencyId: court.id });
    const judgeToken = (await created(`/api/users/${judge.id}/tokens`, h.adminToken)).token;
    const caseNumber = '（2026）陕0602民初77号';
    const wx = installFakeWx(overHttp(h));
    wx.loginCode = () => 'e2e-hearings';
    const api = createApi({ baseUrl: h.url, timeoutMs: 10000, now: () => h.clock.now().getTime() });

    // Not yet scheduled: followed all the same.
    const followed = await api.followCase(caseNumber);
    t.like(followed, { caseNumber, nextHearing: null });
    await created('/api/hearings', judgeToken, { caseNumber, session: 2, startsAt: '2026-12-15T14:30:00+08:00', cause: '民间借贷纠纷', courtRoom: '第三法庭' });
    const list = await api.followedCases();
    t.is(list.total, 1);
    t.like(list.items[0], { id: followed.id, caseNumber, nextHearing: { session: 2, startsAt: '2026-12-15T06:30:00.000Z', courtRoom: '第三法庭' } });

    // A malformed number: the server's reason, as a toast.
    const bad = await t.throwsAsync(api.followCase('陕0602民初77号'));
    t.regex(bad!.message, /^案号有误：/);
    t.deepEqual(wx.toasts, [bad!.message]);

    await api.unfollowCase(followed.id);
    t.deepEqual(await api.followedCases(), { items: [], total: 0 });
  } finally {
    await h.close();
  }
}, SERIAL);

eachDb('mini-program API client ↔ real server: 撤回, and 申请司法确认 joined by the other party', async (t, db) => {
  const h = await startHarness(db);
  try {
    const { mediatorToken } = await staff(h);
    const wx = installFakeWx(overHttp(h));
    wx.loginCode = () => 'e2e-confirmation';
    const api = createApi({ baseUrl: h.url, timeoutMs: 10000, now: () => h.clock.now().getTime() });
    const file = () => api.fileDispute({
      category: 'neighbor', description: '邻居家在我家门口堆放柴火，已经堵了三个月。', village: '杜甫川村', otherParty: '李某', phone: '13800138000', consent: true,
    });

    const first = await file();
    t.deepEqual((await api.dispute(first.id)).allowedActions, ['withdraw']);
    t.deepEqual(await api.withdrawDispute(first.id), { id: first.id, status: 'withdrawn', allowedActions: [] });
    const again = await t.throwsAsync(api.withdrawDispute(first.id));
    t.is(again!.message, '当前状态下您不能“撤回”');

    const second = await file();
    for (const action of ['accept', 'mediate', 'resolve']) {
      t.is((await h.request('POST', `/api/disputes/${second.id}/transitions`, { token: mediatorToken, body: { action } })).status, 200);
    }
    t.like((await api.dispute(second.id)).confirmation, { dueAt: '2026-12-28T15:59:59.999Z', canApply: true, residentAppliedAt: null });
    const applied = await api.applyConfirmation(second.id);
    t.like(applied, { status: 'resolved', confirmation: { canApply: false, residentAppliedAt: h.clock.now().toISOString() } });
    t.is((await h.request('POST', `/api/disputes/${second.id}/confirmation/other-party`, { token: mediatorToken })).status, 200);
    const done = await api.dispute(second.id);
    t.like(done, { status: 'confirmation_requested', statusLabel: '已申请司法确认', confirmation: { requested: true } });
    t.deepEqual(done.timeline.filter((e) => e.kind === 'confirmation').map((e) => e.body), ['申请人申请司法确认', '调解员记录：对方当事人申请司法确认']);
  } finally {
    await h.close();
  }
}, SERIAL);
