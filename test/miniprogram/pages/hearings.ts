import test from 'ava';
import { settle } from '../helpers/fake-wx';
import { loadPage } from '../helpers/simulate';
import { world } from '../helpers/world';

// 开庭提醒: follow a case by its number, see its next session in plain words,
// stop following it.

const CASE = '（2026）陕0602民初123号';
const OTHER = '（2026）陕0602民初77号';

async function openHearings(setUp: (w: ReturnType<typeof world>) => void = () => undefined) {
  const w = world();
  setUp(w);
  const page = loadPage('hearings');
  page.call('onShow');
  await settle(w.wx);
  return { ...w, page };
}

test.serial('hearings: the list says each next session in plain words, scheduled or not', async (t) => {
  const { page } = await openHearings(({ server }) => {
    server.sessions.set(CASE, { session: 2, startsAt: '2026-12-15T06:30:00.000Z', courtRoom: '第三法庭', cause: '民间借贷纠纷', status: 'scheduled' });
    server.followed.push({ id: 4, caseNumber: CASE, nextHearing: null }, { id: 5, caseNumber: OTHER, nextHearing: null });
  });
  t.is(page.text('#case-4'), `${CASE}第2次开庭：2026年12月15日 14:30，第三法庭取消提醒`);
  t.is(page.text('#case-5'), `${OTHER}法院尚未排期，排期后会通知您取消提醒`);
  t.false(page.has('#empty'));
  // The hint shows how a 案号 is written; the buttons are TDesign's large ones (112rpx = 56px by the theme).
  t.is(page.text('#hint'), '如：（2026）陕0602民初123号');
  t.regex(page.html(), /<wx-button[^>]*t-button--size-large[^>]*><wx-view[^>]*>取消提醒</);
  t.regex(page.html(), /<wx-button[^>]*t-button--size-large[^>]*><wx-view[^>]*>添加提醒</);
});

test.serial('hearings: 添加提醒 asks for the hearing reminder, reports it, follows the case and shows it', async (t) => {
  const { server, wx, page } = await openHearings();
  t.true(page.has('#empty'));
  await page.fire('#case-input', 'change', { value: ` ${CASE} ` });
  const before = wx.requests.length;
  await page.fire('#add', 'tap');
  await settle(wx);
  t.deepEqual(wx.subscribeRequests, [['DEV_TEMPLATE_HEARING_REMINDER']]);
  t.deepEqual(server.reported, [['hearing_reminder']]);
  t.deepEqual(wx.requests.slice(before).map((r) => `${r.method} ${r.path}`), [
    'POST /api/me/subscriptions', 'POST /api/hearing-subscriptions', 'GET /api/hearing-subscriptions',
  ]);
  t.deepEqual(wx.requests.find((r) => r.path === '/api/hearing-subscriptions' && r.method === 'POST')!.body, { caseNumber: CASE });
  t.true(wx.toasts.includes('已添加提醒'));
  t.is(page.text('#case-1'), `${CASE}法院尚未排期，排期后会通知您取消提醒`);
  t.is(page.data.caseNumber, '');

  // Declining WeChat's question still follows the case; nothing is reported.
  wx.subscribeAnswer = 'reject';
  await page.fire('#case-input', 'change', { value: OTHER });
  await page.fire('#add', 'tap');
  await settle(wx);
  t.deepEqual(server.reported, [['hearing_reminder']]);
  t.deepEqual(server.followed.map((f) => f.caseNumber), [CASE, OTHER]);
  t.true(page.has('#case-2'));
});

test.serial("hearings: a malformed 案号 shows the server's message, and nothing is followed", async (t) => {
  const { server, wx, page } = await openHearings();
  await page.fire('#case-input', 'change', { value: '2026陕0602民初123' });
  await page.fire('#add', 'tap');
  await settle(wx);
  t.true(wx.toasts.includes('案号有误：年份应为四位数字'));
  t.is(page.text('#error-case'), '案号有误：年份应为四位数字');
  t.deepEqual(server.followed, []);
  t.true(page.has('#empty'));

  // An empty field is not sent at all.
  await page.fire('#case-input', 'change', { value: '  ' });
  const before = wx.requests.length;
  await page.fire('#add', 'tap');
  await settle(wx);
  t.is(wx.requests.length, before);
  t.is(page.text('#error-case'), '请填写案号');
});

test.serial('hearings: 取消提醒 asks first, then stops following and refreshes', async (t) => {
  const { server, wx, page } = await openHearings(({ server }) => {
    server.followed.push({ id: 4, caseNumber: CASE, nextHearing: null });
  });
  wx.modalAnswer = false;
  await page.fire('#remove-4', 'tap');
  await settle(wx);
  t.deepEqual(wx.modals, [`不再提醒 ${CASE} 的开庭吗？`]);
  t.false(wx.requests.some((r) => r.method === 'DELETE'));
  t.true(page.has('#case-4'));

  wx.modalAnswer = true;
  const before = wx.requests.length;
  await page.fire('#remove-4', 'tap');
  await settle(wx);
  t.deepEqual(wx.requests.slice(before).map((r) => `${r.method} ${r.path}`), ['DELETE /api/hearing-subscriptions/4', 'GET /api/hearing-subscriptions']);
  t.true(wx.toasts.includes('已取消提醒'));
  t.deepEqual(server.followed, []);
  t.false(page.has('#case-4'));
  t.true(page.has('#empty'));
});

test.serial('hearings: reachable from the home page and from 我的', async (t) => {
  const { wx } = world();
  const home = loadPage('home');
  home.call('onLoad');
  await settle(wx);
  t.true(home.text('#hearings').includes('开庭提醒'));
  await home.fire('#hearings', 'tap');
  const me = loadPage('me');
  await me.fire('#hearings', 'click');
  await settle(wx);
  t.deepEqual(wx.navigations, ['/pages/hearings/hearings', '/pages/hearings/hearings']);
});
