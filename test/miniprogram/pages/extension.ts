import test from 'ava';
import { settle } from '../helpers/fake-wx';
import { openDisputeDetail } from '../helpers/world';

// 延期 on the detail page: the mediator's request for more time in plain
// words, and the resident's 同意延期 (modal, consent route, refresh).

const CONSENT = '/api/disputes/101/extensions/8/consent';

test.serial('extension: an approved request asks the resident in plain words; 同意延期 confirms, calls the consent route and refreshes', async (t) => {
  const { server, wx, page } = await openDisputeDetail(({ server }) => {
    server.disputes[0]!.extensions = [server.extension(8, 10, '双方需补充证据材料', true)];
  });
  t.is(page.text('#extension-8'), '调解员申请把处理期限延长10天，原因：双方需补充证据材料。您同意吗？同意延期');
  t.true(page.has('#consent-8'));
  // A large TDesign button: 112rpx (56px) high by the app's theme, above the 44px a finger needs.
  t.regex(page.html(), /class="main--extension main--asking">(?:(?!main--extension).)*<wx-button[^>]*t-button--t-button--size-large[^>]*><wx-view[^>]*>同意延期</s);

  // 再想想: nothing is sent.
  wx.modalAnswer = false;
  await page.fire('#consent-8', 'tap');
  await settle(wx);
  t.deepEqual(wx.modals, ['同意把处理期限延长10天吗？']);
  t.false(wx.requests.some((r) => r.path === CONSENT));

  wx.modalAnswer = true;
  const before = wx.requests.length;
  await page.fire('#consent-8', 'tap');
  await settle(wx);
  t.deepEqual(wx.requests.slice(before).map((r) => `${r.method} ${r.path}`), [`POST ${CONSENT}`, 'GET /api/disputes/101']);
  t.true(wx.toasts.includes('您已同意延期'));
  t.is(server.disputes[0]!.extensions[0]!.residentConsentAt, '2026-11-26T02:00:00.000Z');
  // Refreshed: the button is gone, what is left is said, and the consent is among the moves.
  t.false(page.has('#consent-8'));
  t.true(page.text('#extension-8').includes('您已同意延期，正在等对方当事人同意。'));
  t.true(page.text('#moves').includes('申请人同意延期'));
});

test.serial('extension: one not yet approved has no button; one in effect shows its new deadline', async (t) => {
  const { server, wx, page } = await openDisputeDetail(({ server }) => {
    const d = server.disputes[0]!;
    const done = { ...server.extension(5, 15, '当事人外出务工', true), status: 'effective' as const, statusLabel: '已生效', waitingFor: [],
      residentConsentAt: '2026-11-25T03:00:00.000Z', otherPartyConsentAt: '2026-11-25T04:00:00.000Z',
      previousDeadlineAt: '2026-12-20T15:59:59.999Z', newDeadlineAt: '2027-01-06T15:59:59.999Z' };
    d.extensions = [done, server.extension(8, 10, '双方需补充证据材料', false)];
  });
  t.is(page.text('#extension-5'), '调解员申请把处理期限延长15天，原因：当事人外出务工。处理期限已延长15天，至2027年1月6日。');
  t.true(page.text('#extension-8').includes('正在等调委会负责人批准，批准后请您在这里确认。'));
  t.false(page.has('#consent-5'));
  t.false(page.has('#consent-8'));

  // Once the dispute is closed, a request still pending is no longer shown; what took effect stays.
  Object.assign(server.disputes[0]!, { status: 'resolved', statusLabel: '调解成功', closedAt: '2026-11-26T01:00:00.000Z' });
  page.call('onShow');
  await settle(wx);
  t.true(page.has('#extension-5'));
  t.false(page.has('#extension-8'));
});

test.serial("extension: the server's refusal shows in its own words, and the page shows where things stand", async (t) => {
  const { server, wx, page } = await openDisputeDetail(({ server }) => {
    server.disputes[0]!.extensions = [server.extension(8, 10, '双方需补充证据材料', true)];
  });
  // Meanwhile the mediator recorded the agreement some other way and it took effect.
  Object.assign(server.disputes[0]!.extensions[0]!, {
    status: 'effective', statusLabel: '已生效', waitingFor: [], residentConsentAt: '2026-11-26T01:00:00.000Z', newDeadlineAt: '2027-01-01T15:59:59.999Z',
  });
  await page.fire('#consent-8', 'tap');
  await settle(wx);
  t.true(wx.requests.some((r) => r.method === 'POST' && r.path === CONSENT));
  t.true(wx.toasts.includes('该延期已生效，无需再次办理'));
  t.false(wx.toasts.includes('您已同意延期'));
  t.true(page.text('#extension-8').includes('该延期已生效，无需再次办理'));
  t.is(page.text('#extension-8'), '调解员申请把处理期限延长10天，原因：双方需补充证据材料。处理期限已延长10天，至2027年1月1日。该延期已生效，无需再次办理');
  t.false(page.has('#consent-8'));
  t.false(page.data.consenting as boolean);
});
