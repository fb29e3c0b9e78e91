import { startHarness } from '../helpers/app-harness';
import { openTestDb } from '../helpers/databases';
import { seedDemoData } from '../../server/seed/seed-service';
import { browserTest, checkA11y, CONSOLE_DIR, step } from './helpers/browser.helper';
import { consoleWorld } from './helpers/console.helper';

// The administration and reports pages, signed in with the admin token, on a phone-sized screen.

const test = browserTest();

if (test) {
  const w = consoleWorld(test);

  test.serial('the admin token signs in at 375 px; agencies, users and calendar years are listed; a user is deactivated', async (t) => {
    const context = await w.browser.newContext({ viewport: { width: 375, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.setDefaultNavigationTimeout(60_000);
    await step(t, page, 'login', async () => {
      await page.goto(`${w.h.url}/console/admin`);
      await page.locator('input[type=password]').fill(w.h.adminToken);
      await page.getByRole('button', { name: '登录', exact: true }).last().click();
      await page.getByRole('heading', { name: '系统管理' }).waitFor();
    });
    await step(t, page, 'agencies', () => page.getByText('府院联动联席办公室').first().waitFor());
    await checkA11y(t, page, '系统管理');
    const width = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
    t.true(width <= 400, `the page fits a 375 px phone (scrollWidth ${width})`);
    await step(t, page, 'deactivate', async () => {
      await page.locator('.t-tabs__nav-item', { hasText: '人员与令牌' }).click();
      const row = page.locator('tr', { hasText: '王建华' });
      await row.getByRole('button', { name: '停用' }).click();
      await page.locator('.t-dialog').getByRole('button', { name: '确定' }).click();
      await page.getByText('已停用 王建华').waitFor();
    });
    const judges = await w.h.request('GET', '/api/users?role=judge', { token: w.h.adminToken });
    t.false(judges.body.items.find((u: { name: string }) => u.name === '王建华').active);
    await step(t, page, 'calendar', async () => {
      await page.locator('.t-tabs__nav-item', { hasText: '工作日历' }).click();
      await page.getByText('2026').first().waitFor();
    });
    await context.close();
  });

  test.serial('in the WeCom workbench: OAuth comes back with a code and the official is signed in', async (t) => {
    // A WeCom stand-in: the code names the WeCom user after "code-".
    const wecom = { userIdForCode: async (code: string) => code.replace(/^code-/, '') };
    const db2 = await openTestDb('sqlite');
    const h2 = await startHarness(db2, { consoleDir: CONSOLE_DIR, wecom, wecomCorpId: 'ww0123456789abcdef' });
    const context = await w.browser.newContext({ viewport: { width: 375, height: 800 }, locale: 'zh-CN' });
    try {
      await seedDemoData({ db: db2.ds, clock: h2.clock, pii: h2.pii });
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      page.setDefaultNavigationTimeout(60_000);
      await step(t, page, 'offer', async () => {
        await page.goto(`${h2.url}/console/`);
        await page.getByRole('button', { name: '使用企业微信登录' }).waitFor();
        t.is(await page.getByRole('heading', { name: '演示登录（开发环境）' }).count(), 0, 'no demo login where it is off');
      });
      await checkA11y(t, page, '登录');
      await step(t, page, 'code', async () => {
        await page.goto(`${h2.url}/console/login?code=code-liangxiaojun&state=console`);
        await page.getByRole('heading', { name: '待办' }).waitFor();
        await page.getByText('梁晓军（机关干部）').waitFor();
      });
      await checkA11y(t, page, '待办（手机）');
      const width = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
      t.true(width <= 400, `待办 fits a 375 px phone (scrollWidth ${width})`);
      await step(t, page, 'stranger', async () => {
        await page.goto(`${h2.url}/console/login?code=code-nobody`);
        await page.getByText('您尚未登记为工作人员，请联系管理员添加').first().waitFor();
      });
    } finally {
      await context.close();
      await h2.close();
      await db2.close();
    }
  });
}
