import test from 'ava';
import { PAGES } from '../../../miniprogram/config/pages';
import { settle } from '../helpers/fake-wx';
import { openDisputeDetail } from '../helpers/world';

// 法官说法 on the detail page: the dispute's articles as a list, each opening
// the article page; a judge's request shows among the moves in plain words.

test.serial('dispute detail: linked 法官说法 articles open the article page; asking a judge shows in plain words', async (t) => {
  const { server, wx, page } = await openDisputeDetail(({ server }) => {
    const d = server.disputes[0]!;
    // A judge attached the labour article before the category's two.
    d.articles = [{ id: 2, title: '老板拖欠工钱怎么办' }, ...d.articles];
    d.timeline.push({ id: 9, kind: 'judge_request', author: { id: 21, name: '刘调解员', role: 'mediator' }, body: '调解员已请法官提供法律意见', at: '2026-11-23T02:00:00.000Z' });
  });

  t.is(page.text('#articles'), '相关法官说法老板拖欠工钱怎么办邻里之间漏水，谁来赔？宅基地边界起争执');
  t.true(page.text('#moves').includes('调解员已请法官提供法律意见'));
  await page.fire('#article-3', 'tap');
  await settle(wx);
  t.deepEqual(wx.navigations, [`/${PAGES.article}?id=3`]);

  // No article: no empty section.
  server.disputes[0]!.articles = [];
  page.call('onShow');
  await settle(wx);
  t.false(page.has('#articles'));
});
