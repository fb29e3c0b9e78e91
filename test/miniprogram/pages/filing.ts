import test from 'ava';
import { openDisputeDetail, world } from '../helpers/world';
import { SESSION_ENDS } from '../helpers/fake-api';
import { settle, type FakeWx } from '../helpers/fake-wx';
import { loadPage, type PageHandle } from '../helpers/simulate';

// Filing a dispute and following it, on the compiled pages.


const DESCRIPTION = '邻居家在我家门口堆放柴火，已经堵了三个月，商量过两次都不管用。';

async function openForm(wx: FakeWx, query: Record<string, string> = { category: 'neighbor' }): Promise<PageHandle> {
  const page = loadPage('file');
  page.call('onLoad', query);
  await settle(wx);
  return page;
}

// The village from the list (township, then the village of it), or typed when `typed`.
async function fillForm(page: PageHandle, o: { typed?: string; phone?: string } = {}) {
  await page.fire('#description', 'change', { value: DESCRIPTION });
  if (o.typed !== undefined) {
    if (page.has('#not-listed')) await page.fire('#not-listed', 'tap');
    await page.fire('#village', 'change', { value: o.typed });
  } else {
    await page.fire('#township', 'change', { value: 1 });
    await page.fire('#village-202', 'tap');
  }
  await page.fire('#otherParty', 'change', { value: '李某' });
  await page.fire('#phone', 'change', { value: o.phone ?? '138 0013 8000' });
  await page.fire('#consent', 'change', { checked: true });
}

const filings = (wx: FakeWx) => wx.requests.filter((r) => r.method === 'POST' && r.path === '/api/disputes');

test.serial('filing: checks the form before sending and shows each problem on its field', async (t) => {
  const { wx } = world();
  const page = await openForm(wx, {});
  t.true(page.text().includes('请点这里选择'));
  await page.fire('#description', 'change', { value: '太短了' });
  await page.fire('#phone', 'change', { value: '12345' });
  await page.fire('#submit', 'tap');
  await settle(wx);

  t.is(filings(wx).length, 0);
  t.is(page.text('#error-category'), '请选择纠纷类别');
  t.is(page.text('#error-description'), '请把事情经过写清楚，至少 10 个字');
  t.is(page.text('#error-village'), '请选择您所在的村（社区）');
  t.is(page.text('#error-phone'), '电话号码不对，请检查');
  t.is(page.text('#error-consent'), '请阅读并同意隐私说明');
  t.false(page.has('#error-otherParty'));
  t.true(wx.toasts.includes('有几处需要修改，请看红字提示'));

  // Correcting a field clears its message.
  await page.fire('#phone', 'change', { value: '13800138000' });
  t.false(page.has('#error-phone'));
});

test.serial('filing: the description counter counts characters as people do', async (t) => {
  const { wx } = world();
  const page = await openForm(wx);
  await page.fire('#description', 'change', { value: '树挡住了光😀' });
  t.is(page.text('#counter'), '已写 6 字，最多 2000 字');
});

test.serial('filing: submits, asks for both subscribe messages, reports them, and shows the serial', async (t) => {
  const { server, wx } = world();
  const page = await openForm(wx);
  t.true(page.text().includes('邻里纠纷'));
  await fillForm(page);
  await page.fire('#submit', 'tap');
  await settle(wx);

  t.deepEqual(server.filed, [{
    category: 'neighbor', description: DESCRIPTION, village: '杜甫川社区', villageId: 202, otherParty: '李某', phone: '13800138000', consent: true, callback: false,
  }]);
  t.is(wx.modals.length, 1);
  t.deepEqual(wx.subscribeRequests, [['DEV_TEMPLATE_DISPUTE_REPLY', 'DEV_TEMPLATE_DISPUTE_STATUS']]);
  t.deepEqual(server.reported, [['dispute_reply', 'dispute_status']]);

  t.is(page.text('#serial'), 'JF-2026-000201');
  t.is(page.text('#committee'), '宝塔区人民调解委员会');
  t.true(page.text('#result').includes('会用微信消息提醒您'));
  t.is(page.count('#related .article'), 2);
  t.true(page.text('#related').includes('邻里之间漏水，谁来赔？'));

  t.false(page.has('#callback-note'));

  // The phone and the village are filled in next time: the village as picked, from the list.
  const again = await openForm(wx);
  t.is(again.data.form && (again.data.form as { phone: string }).phone, '13800138000');
  t.is(again.text('#village-chosen-name'), '已选：南市街道 杜甫川社区');
});

test.serial('filing: a resident who declines reminders is not asked by WeChat and still sees the serial', async (t) => {
  const { server, wx } = world();
  wx.modalAnswer = false;
  const page = await openForm(wx);
  await fillForm(page);
  await page.fire('#submit', 'tap');
  await settle(wx);
  t.deepEqual(wx.subscribeRequests, []);
  t.deepEqual(server.reported, []);
  t.is(page.text('#serial'), 'JF-2026-000201');
  t.true(page.text('#result').includes('请到“我的纠纷”里查看'));
});

test.serial("filing: the server's field error shows on that field, with its message as a toast", async (t) => {
  const { server, wx } = world();
  server.nextFilingErrors = { village: '不能超过 64 个字' };
  const page = await openForm(wx);
  await fillForm(page);
  await page.fire('#submit', 'tap');
  await settle(wx);
  t.is(filings(wx).length, 1);
  t.is(page.text('#error-village'), '不能超过 64 个字');
  t.true(wx.toasts.includes('村（社区）：不能超过 64 个字'));
  t.false(page.has('#result'));
  t.deepEqual(wx.subscribeRequests, []);
});

test.serial('village picker: a township, then its villages narrowed by a search; 重新选 goes back to them', async (t) => {
  const { wx } = world();
  const page = await openForm(wx);
  t.deepEqual(wx.requests.filter((r) => r.path === '/api/places').length, 1);
  t.true(page.text('#township').includes('请点这里选择'));
  t.is(page.text('#village-prompt'), '先选乡镇（街道），或直接搜村（社区）的名字。');
  t.is(page.count('.village-option'), 0);

  await page.fire('#township', 'change', { value: 1 });
  t.true(page.text('#township').includes('南市街道'));
  t.is(page.count('.village-option'), 3);
  t.is(page.text('#village-201'), '南关社区');
  await page.fire('#village-search', 'change', { value: '杜甫' });
  t.is(page.count('.village-option'), 1);
  await page.fire('#village-search', 'change', { value: '宝塔山' });
  t.is(page.text('#no-match'), '没有找到。换个字搜一搜，或点下面的“列表里没有我的村（社区）”。');
  await page.fire('#village-search', 'change', { value: '七里' });
  await page.fire('#village-203', 'tap');
  t.is(page.text('#village-chosen-name'), '已选：南市街道 七里铺社区');
  t.false(page.has('#village-search'));
  t.like(page.data.form as object, { village: '七里铺社区', villageId: 203 });

  await page.fire('#repick', 'tap');
  t.is(page.count('.village-option'), 3, 'back to the villages of the same street');
  t.like(page.data.form as object, { village: '', villageId: null });
});

test.serial('village picker: a name found without knowing the street picks the street too (杜甫川社区 is under 南市街道)', async (t) => {
  const { server, wx } = world();
  const page = await openForm(wx);
  await page.fire('#village-search', 'change', { value: '杜甫川' });
  t.is(page.count('.village-option'), 1);
  t.is(page.text('#village-202'), '杜甫川社区（南市街道）');
  await page.fire('#village-202', 'tap');
  t.true(page.text('#township').includes('南市街道'));
  await fillForm(page, {});
  await page.fire('#submit', 'tap');
  await settle(wx);
  t.like(server.filed[0] as object, { village: '杜甫川社区', villageId: 202 });
});

test.serial('village picker: 列表里没有我的村（社区） keeps the free text, sent as village alone', async (t) => {
  const { server, wx } = world();
  const page = await openForm(wx);
  await page.fire('#not-listed', 'tap');
  t.false(page.has('#township'));
  t.true(page.has('#village'));
  t.true(page.has('#pick-village'), 'and the way back to the list');
  await page.fire('#submit', 'tap');
  await settle(wx);
  t.is(page.text('#error-village'), '请填写您所在的村（社区）');

  await fillForm(page, { typed: '万花山乡佛道坪村' });
  await page.fire('#submit', 'tap');
  await settle(wx);
  const sent = server.filed[0] as Record<string, unknown>;
  t.is(sent.village, '万花山乡佛道坪村');
  t.false('villageId' in sent);

  // Typed last time: typed again, not guessed from the list.
  const again = await openForm(wx);
  t.false(again.has('#township'));
  t.is((again.data.form as { village: string }).village, '万花山乡佛道坪村');
  await again.fire('#pick-village', 'tap');
  t.true(again.has('#township'));
});

test.serial('village picker: without GET /api/places (an older server) the village is typed, as before', async (t) => {
  const { server, wx } = world();
  server.places = null;
  const page = await openForm(wx);
  t.deepEqual(wx.toasts, [], 'no error shown for the missing list');
  t.false(page.has('#township'));
  t.false(page.has('#not-listed'));
  t.false(page.has('#pick-village'));
  await fillForm(page, { typed: '杜甫川村' });
  t.like(page.data.form as object, { village: '杜甫川村', villageId: null });
  await page.fire('#submit', 'tap');
  await settle(wx);
  t.like(server.filed[0] as object, { village: '杜甫川村' });
  t.false('villageId' in (server.filed[0] as object));
});

test.serial('call me back: the choice is sent as callback, and the result says the mediator will call that number', async (t) => {
  const { server, wx } = world();
  wx.modalAnswer = false;
  const page = await openForm(wx);
  t.true(page.html().includes('请调解员给我回电'));
  await fillForm(page);
  await page.fire('#callback', 'change', { checked: true });
  await page.fire('#submit', 'tap');
  await settle(wx);
  t.like(server.filed[0] as object, { callback: true, phone: '13800138000' });
  t.is(page.text('#callback-note'), '调解员会打 13800138000 给您回电，请留意接听。');
});

test.serial('call me back still needs the phone: the existing phone rules apply', async (t) => {
  const { wx } = world();
  const page = await openForm(wx);
  await fillForm(page, { phone: '' });
  await page.fire('#callback', 'change', { checked: true });
  await page.fire('#submit', 'tap');
  await settle(wx);
  t.is(filings(wx).length, 0);
  t.is(page.text('#error-phone'), '请填写联系电话');
});

test.serial('voice input: a hint to use the keyboard microphone, and dictated text past the limit is kept and flagged, not cut', async (t) => {
  const { wx } = world();
  const page = await openForm(wx);
  t.is(page.text('#voice-hint'), '可以点键盘上的话筒说话，说完会自动变成文字。');
  const spoken = '我家楼上天天半夜敲打，'.repeat(200) + '希望调解。';
  await page.fire('#description', 'change', { value: spoken });
  t.is((page.data.form as { description: string }).description, spoken);
  t.is(page.text('#counter'), `已写 ${Array.from(spoken).length} 字，最多 2000 字`);
  t.true(page.has('.counter.over'));
});

test.serial('detail: moves, judges’ explanations apart from the chat, and sending a message', async (t) => {
  const { server, wx, page } = await openDisputeDetail();
  t.true(page.text('#summary').includes('JF-2026-000101'));
  t.true(page.text('#summary').includes('调解中'));
  t.true(page.text('#moves').includes('群众提交纠纷'));
  t.true(page.text('#moves').includes('受理'));
  t.true(page.text('#explanations').includes('相邻关系应当本着有利生产、方便生活的原则处理。'));
  t.true(page.text('#explanations').includes('法官 王法官'));
  t.false(page.text('#chat').includes('相邻关系'));
  t.true(page.text('#chat').includes('调解员 刘调解员'));
  t.true(page.text('#chat').includes('您好，明天上午我到村里了解情况。'));
  t.true(page.text('#chat').includes('2026年11月21日 09:30'));

  await page.fire('#draft', 'change', { value: '好的，我明天在家等您。' });
  await page.fire('#send', 'tap');
  await settle(wx);
  const sent = wx.requests.filter((r) => r.method === 'POST' && r.path === '/api/disputes/101/messages');
  t.deepEqual(sent.map((r) => r.body), [{ body: '好的，我明天在家等您。' }]);
  t.is(page.count('.message'), 2);
  t.true(page.text('#chat').includes('我 · 2026年11月26日 10:00'));
  t.is(page.data.draft, '');

  // A reply that arrived meanwhile shows when the resident comes back to the page.
  server.disputes[0]!.timeline.push({ id: 50, kind: 'message', author: { id: 21, name: '刘调解员', role: 'mediator' }, body: '收到，明天见。', at: '2026-11-26T03:00:00.000Z' });
  page.call('onShow');
  await settle(wx);
  t.true(page.text('#chat').includes('收到，明天见。'));
});

test.serial('detail: an empty message is not sent', async (t) => {
  const { wx, page } = await openDisputeDetail();
  await page.fire('#draft', 'change', { value: '   ' });
  await page.fire('#send', 'tap');
  await settle(wx);
  t.false(wx.requests.some((r) => r.path.endsWith('/messages')));
  t.true(wx.toasts.includes('请先写下要对调解员说的话'));
});

test.serial('an expired token logs in again once, and the page shows its data', async (t) => {
  const { wx } = world();
  wx.storage.set('fuyuan.session', { token: 'expired-on-the-server', expiresAt: SESSION_ENDS, userId: 7, role: 'resident' });
  const page = loadPage('disputes');
  page.call('onShow');
  await settle(wx);
  t.is(wx.logins, 1);
  const calls = wx.requests.map((r) => `${r.method} ${r.path} ${r.authorization ?? '-'}`);
  t.deepEqual(calls, [
    'GET /api/disputes Bearer expired-on-the-server',
    'POST /api/auth/mp-login -',
    'GET /api/disputes Bearer token-1',
  ]);
  t.true(page.text('#dispute-101').includes('JF-2026-000101'));
  t.is((wx.storage.get('fuyuan.session') as { token: string }).token, 'token-1');
  t.deepEqual(wx.toasts, []);
});
