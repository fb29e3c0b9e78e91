import test from 'ava';
import { world } from '../helpers/world';
import { settle, type FakeWx } from '../helpers/fake-wx';
import { loadPage, type PageHandle } from '../helpers/simulate';
import { rootFontSize, rpx, valueFor, wxssRules } from '../helpers/wxss-rules';

// 大字模式 on the rendered pages: the switch on 我的, remembered on the phone,
// `elder` on every page's root, and the type of what each page shows in
// either mode (read from the rules for the classes the rendered wxml uses).

const KEY = 'fuyuan.largeText';
const rules = wxssRules();

async function show(wx: FakeWx, name: string, query: Record<string, string> = {}): Promise<PageHandle> {
  const page = loadPage(name);
  if (page.root.instance.onLoad) page.call('onLoad', query);
  page.call('onShow');
  await settle(wx);
  return page;
}

// The classes the page's own wxml put on the rendered elements (TDesign's `t-…` aside).
function renderedClasses(page: PageHandle): string[] {
  const classes = [...page.html().matchAll(/\bclass="([^"]*)"/g)].flatMap((m) => m[1]!.split(/\s+/));
  return [...new Set(classes.map((c) => c.replace(/^[\w-]+--/, '')).filter((c) => c && !c.startsWith('t-')))];
}

// The smallest text size the page shows: each class's own size, or the root's it inherits.
function smallestText(page: PageHandle, elder: boolean): { size: number; cls: string } {
  const root = rootFontSize(rules, elder);
  return renderedClasses(page)
    .map((cls) => ({ cls, size: rpx(valueFor(rules, cls, 'font-size', elder)) ?? root }))
    .reduce((a, b) => (b.size < a.size ? b : a), { cls: '(root)', size: root });
}

const isElder = (page: PageHandle) => page.has('#root.elder');

for (const elder of [false, true]) {
  const mode = elder ? 'large text' : 'normal text';

  test.serial(`${mode}: the filing page, picker and call-me-back included`, async (t) => {
    const { wx } = world();
    wx.storage.set(KEY, elder);
    const page = await show(wx, 'file', { category: 'neighbor' });
    await page.fire('#township', 'change', { value: 1 });
    t.is(isElder(page), elder);
    t.is(page.count('.village-option'), 3);
    t.true(page.html().includes('请调解员给我回电'));
    const smallest = smallestText(page, elder);
    if (elder) t.true(smallest.size >= 36, `.${smallest.cls} is ${smallest.size}rpx`);
    else t.true(smallest.size < 36, 'normal text keeps the smaller secondary lines');
    t.true(renderedClasses(page).includes('village-option') && renderedClasses(page).includes('hint'));
  });

  test.serial(`${mode}: the me page shows the switch in words, and every other page follows`, async (t) => {
    const { wx } = world();
    wx.storage.set(KEY, elder);
    const me = await show(wx, 'me');
    t.is(isElder(me), elder);
    t.is(me.text('#large-text-state'), elder ? '大字模式已开启，每一页都用大字显示。' : '大字模式已关闭。');
    const smallest = smallestText(me, elder);
    if (elder) t.true(smallest.size >= 36, `.${smallest.cls} is ${smallest.size}rpx`);
    for (const name of ['home', 'disputes', 'articles', 'hearings', 'privacy', 'file']) {
      const page = await show(wx, name);
      t.is(isElder(page), elder, name);
      if (elder) {
        const s = smallestText(page, true);
        t.true(s.size >= 36, `${name}: .${s.cls} is ${s.size}rpx`);
      }
    }
    const detail = await show(wx, 'dispute', { id: '101' });
    t.is(isElder(detail), elder, 'dispute');
  });
}

test.serial('the switch: turned on and off on 我的, remembered, and the whole row is the target', async (t) => {
  const { wx } = world();
  const me = await show(wx, 'me');
  t.false(isElder(me));
  await me.fire('#large-text-switch', 'change', { value: true });
  t.true(isElder(me), 'this page at once');
  t.is(wx.storage.get(KEY), true);
  t.is(me.text('#large-text-state'), '大字模式已开启，每一页都用大字显示。');
  t.true(isElder(await show(wx, 'home')), 'the next page shown');

  // A tap anywhere on the row turns it off again.
  await me.fire('#large-text', 'click');
  t.false(isElder(me));
  t.is(wx.storage.get(KEY), false);
  t.is(me.text('#large-text-state'), '大字模式已关闭。');
  t.false(isElder(await show(wx, 'home')));
});

test.serial("until the resident chooses, large text follows WeChat's own font size (关怀模式 and up)", async (t) => {
  const { wx } = world();
  const g = globalThis as unknown as { wx: Record<string, unknown> };
  try {
    g.wx.getAppBaseInfo = () => ({ fontSizeSetting: 23.8, fontSizeScaleFactor: 1.4 });
    t.true(isElder(await show(wx, 'home')));
    g.wx.getAppBaseInfo = () => ({ fontSizeSetting: 17, fontSizeScaleFactor: 1 });
    t.false(isElder(await show(wx, 'home')));
    // A choice made on 我的 wins over WeChat's setting.
    g.wx.getAppBaseInfo = () => ({ fontSizeSetting: 23.8, fontSizeScaleFactor: 1.4 });
    wx.storage.set(KEY, false);
    t.false(isElder(await show(wx, 'home')));
  } finally {
    delete g.wx.getAppBaseInfo;
  }
});
