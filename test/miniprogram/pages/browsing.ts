import test from 'ava';
import { world } from '../helpers/world';
import { settle, type FakeWx } from '../helpers/fake-wx';
import { loadPage } from '../helpers/simulate';

// Every page renders from the compiled mini-program, on a fake wx whose
// requests a fake of the API answers in the real shapes.


test.serial('home: the big 我要说事 button, the categories with icons, the latest articles', async (t) => {
  const { wx } = world();
  const page = loadPage('home');
  page.call('onLoad', {});
  await settle(wx);
  t.true(page.text().includes('我要说事'));
  t.is(page.count('.category'), 13);
  t.true(page.text('#category-neighbor').includes('邻里纠纷'));
  for (const [id, icon] of [['neighbor', 'home'], ['labor', 'tools'], ['petition', 'chat']]) {
    t.regex(page.html(), new RegExp(`data-id="${id}"><wx-view[^>]*><wx-label class="t-icon--t-icon-${icon} `));
  }
  t.true(page.text('#article-1').includes('邻里之间漏水，谁来赔？'));
  t.true(page.text('#article-1').includes('2026年11月20日'));

  await page.fire('#file', 'tap');
  await page.fire('#category-labor', 'tap');
  await page.fire('#article-2', 'tap');
  await settle(wx);
  t.deepEqual(wx.navigations, ['/pages/file/file', '/pages/file/file?category=labor', '/pages/article/article?id=2']);
});

test.serial('my disputes: status tags, refresh on show and on pull-down', async (t) => {
  const { server, wx } = world();
  const page = loadPage('disputes');
  page.call('onShow');
  await settle(wx);
  t.true(page.text('#dispute-101').includes('JF-2026-000101'));
  t.true(page.text('#dispute-101').includes('调解中'));
  t.true(page.text('#dispute-101').includes('邻里纠纷'));

  server.disputes.push(server.detail(102, 'JF-2026-000102', 'labor', 'submitted', [
    { id: 9, kind: 'move', author: null, body: '群众提交纠纷', at: '2026-11-26T01:00:00.000Z' },
  ]));
  page.call('onPullDownRefresh');
  await settle(wx);
  t.true(page.text('#dispute-102').includes('已提交'));
  t.is(wx.pullDownStops, 1);

  await page.fire('#dispute-102', 'tap');
  t.deepEqual(wx.navigations, ['/pages/dispute/dispute?id=102']);
});

test.serial('my disputes: an empty list says so and offers 我要说事', async (t) => {
  const { server, wx } = world();
  server.disputes = [];
  const page = loadPage('disputes');
  page.call('onShow');
  await settle(wx);
  t.true(page.text('#empty').includes('您还没有反映过事情'));
});

test.serial('articles: by category, search, and an article page', async (t) => {
  const { wx } = world();
  const page = loadPage('articles');
  page.call('onLoad', {});
  await settle(wx);
  t.is(page.count('.article'), 4);
  t.true(page.has('#tab-labor'));

  await page.fire('#tab-neighbor', 'tap');
  await settle(wx);
  t.is(page.count('.article'), 2);
  t.is(wx.requests.at(-1)!.query.category, 'neighbor');

  await page.fire('#tab-all', 'tap');
  await page.fire('#search', 'change', { value: '彩礼' });
  await page.fire('#search', 'submit', { value: '彩礼' });
  await settle(wx);
  t.is(page.count('.article'), 1);
  t.true(page.text('#article-4').includes('彩礼能不能要回来'));

  await page.fire('#search', 'change', { value: '没有这个词' });
  await page.fire('#search', 'submit', {});
  await settle(wx);
  t.true(page.text('#empty').includes('没有找到和“没有这个词”有关的文章'));

  const article = loadPage('article');
  article.call('onLoad', { id: '1' });
  await settle(wx);
  t.true(article.text('#article').includes('邻里之间漏水，谁来赔？'));
  t.true(article.text('#article').includes('王法官 法官'));
  t.is(article.count('.paragraph'), 2);
});

test.serial('me: phone kept on the phone, reminders, privacy notice, withdrawing consent', async (t) => {
  const { server, wx } = world();
  wx.storage.set('fuyuan.phone', '13800138000');
  server.credits.dispute_reply = 2;
  const page = loadPage('me');
  page.call('onShow');
  await settle(wx);
  t.is(page.text('#phone'), '13800138000');
  t.is(page.text('#credit-reply'), '2');

  await page.fire('#subscribe', 'tap');
  await settle(wx);
  t.deepEqual(server.reported, [['dispute_reply', 'dispute_status']]);
  t.is(page.text('#credit-reply'), '3');
  t.is(page.text('#credit-status'), '1');

  await page.fire('#withdraw', 'tap');
  await settle(wx);
  t.is(server.withdrawals, 1);
  t.false(wx.storage.has('fuyuan.phone'));
  t.true(page.text('#withdrawn').includes('您已撤回同意'));
  t.true(wx.toasts.includes('已撤回同意'));

  const privacy = loadPage('privacy');
  privacy.call('onLoad');
  t.true(privacy.text().includes('撤回同意'));
  t.is(privacy.count('.part'), 6);
});
