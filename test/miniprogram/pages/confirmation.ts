import test from 'ava';
import { settle } from '../helpers/fake-wx';
import { openDisputeDetail } from '../helpers/world';

// 撤回, 申请司法确认 and the way to court on the detail page, for each state:
// an open dispute can be withdrawn (after a modal); a resolved one shows the
// 30 days and the application button (after a modal); an applied one waits
// for the other party; one past its window, or sent to the court, has no
// button; a failed one says how to go to court and calls the court.

const WITHDRAW = '/api/disputes/101/transitions';
const APPLY = '/api/disputes/101/confirmation';

test.serial('撤回: an open dispute offers it; the modal asks first, then the move, and the page shows it withdrawn', async (t) => {
  const { server, wx, page } = await openDisputeDetail();
  t.true(page.has('#withdraw'));
  t.false(page.has('#confirmation'));
  t.false(page.has('#guidance'));

  wx.modalAnswer = false;
  await page.fire('#withdraw', 'tap');
  await settle(wx);
  t.deepEqual(wx.modals, ['撤回后调解员不再处理这件事，也不能恢复。确定撤回吗？']);
  t.false(wx.requests.some((r) => r.path === WITHDRAW));

  wx.modalAnswer = true;
  const before = wx.requests.length;
  await page.fire('#withdraw', 'tap');
  await settle(wx);
  t.deepEqual(wx.requests.slice(before).map((r) => `${r.method} ${r.path} ${JSON.stringify(r.body ?? null)}`), [
    `POST ${WITHDRAW} {"action":"withdraw"}`, 'GET /api/disputes/101 null',
  ]);
  t.true(wx.toasts.includes('已撤回'));
  t.is(server.disputes[0]!.status, 'withdrawn');
  t.false(page.has('#withdraw'));
  t.true(page.text('#summary').includes('已撤回'));
  t.true(page.text('#moves').includes('撤回'));
});

test.serial('申请司法确认: a resolved dispute shows the window; the modal asks, the application is sent, then it waits for the other party', async (t) => {
  const { server, wx, page } = await openDisputeDetail(({ server }) => server.resolve(server.disputes[0]!, '2026-12-28T15:59:59.999Z'));
  t.false(page.has('#withdraw'));
  t.is(page.text('#confirmation'),
    '申请司法确认请在2026年12月28日前（含当天）申请调解协议可以请法院确认（司法确认），需要双方一起申请。确认后对方不履行，可以申请法院强制执行。申请司法确认');
  // A large button, 44px and more for older fingers.
  t.regex(page.html(), /<wx-button[^>]*t-button--t-button--size-large[^>]*><wx-view[^>]*>申请司法确认</s);

  wx.modalAnswer = false;
  await page.fire('#apply-confirmation', 'tap');
  await settle(wx);
  t.deepEqual(wx.modals, ['申请法院确认调解协议，需要对方当事人也一起申请，调解员会联系对方。确定申请吗？']);
  t.false(wx.requests.some((r) => r.path === APPLY));

  wx.modalAnswer = true;
  const before = wx.requests.length;
  await page.fire('#apply-confirmation', 'tap');
  await settle(wx);
  t.deepEqual(wx.requests.slice(before).map((r) => `${r.method} ${r.path}`), [`POST ${APPLY}`, 'GET /api/disputes/101']);
  t.true(wx.toasts.includes('已申请'));
  t.false(page.has('#apply-confirmation'));
  t.true(page.text('#confirmation').includes('您已申请，正在等对方当事人一起申请，调解员会联系对方。'));
  t.true(page.text('#moves').includes('申请人申请司法确认'));
  t.is(server.disputes[0]!.confirmation!.residentAppliedAt, '2026-11-26T02:00:00.000Z');
});

test.serial('申请司法确认: past the window, or already with the court, there is no button; the server’s refusal shows in its words', async (t) => {
  const { server, wx, page } = await openDisputeDetail(({ server }) => server.resolve(server.disputes[0]!, '2026-11-20T15:59:59.999Z', true));
  t.is(page.text('#confirmation'), '申请司法确认申请期限已过（至2026年11月20日），不能再申请。如有需要，可以依法向法院起诉。');
  t.false(page.has('#apply-confirmation'));

  // Shown as open (read a while ago), refused by the server: its message, and the page read again.
  Object.assign(server.disputes[0]!.confirmation!, { canApply: true });
  page.call('onShow');
  await settle(wx);
  Object.assign(server.disputes[0]!.confirmation!, { canApply: false });
  await page.fire('#apply-confirmation', 'tap');
  await settle(wx);
  t.true(wx.toasts.includes('申请司法确认须在调解协议达成后30日内提出，期限（至2026年11月20日）已过，不能再申请。如有需要，可以依法向法院起诉。'));
  t.false(wx.toasts.includes('已申请'));
  t.false(page.has('#apply-confirmation'));

  Object.assign(server.disputes[0]!, { status: 'confirmation_requested', statusLabel: '已申请司法确认' });
  Object.assign(server.disputes[0]!.confirmation!, { requested: true, windowPassed: false });
  page.call('onShow');
  await settle(wx);
  t.is(page.text('#confirmation'), '申请司法确认双方已一起申请司法确认，申请已送到法院，法院会联系您。');
});

test.serial('调解不成: the way to court in plain words, and a tap calls the court', async (t) => {
  const { wx, page } = await openDisputeDetail(({ server }) => server.fail(server.disputes[0]!, '0911-2345678'));
  t.false(page.has('#withdraw'));
  t.false(page.has('#confirmation'));
  t.is(page.text('#guidance'),
    '怎么向法院起诉调解没成，可以依法向法院起诉。起诉请带上身份证和相关证据，到宝塔区人民法院诉讼服务中心，或在“陕西移动微法院”网上立案。咨询电话：0911-2345678拨打 0911-2345678');
  await page.fire('#call-court', 'tap');
  await settle(wx);
  t.deepEqual(wx.phoneCalls, ['0911-2345678']);
});
