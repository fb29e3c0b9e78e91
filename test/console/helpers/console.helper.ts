import type { Browser, Page } from 'playwright-core';
import type { Harness } from '../../helpers/app-harness';

// A person at the console: a fresh browser context, signed in through the
// development login by picking their name, as a newcomer would.
export async function signIn(browser: Browser, h: Harness, name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  // Generous: the machine running the suite may be busy.
  page.setDefaultTimeout(30_000);
  page.setDefaultNavigationTimeout(60_000);
  await page.goto(`${h.url}/`);
  await page.waitForURL(/\/console\/login/);
  await page.locator('.t-select').first().click();
  await page.keyboard.type(name);
  await page.locator('.t-select-option', { hasText: name }).first().click();
  await page.getByRole('button', { name: '登录', exact: true }).first().click();
  await page.getByRole('heading', { name: '待办' }).waitFor();
  return page;
}

// Confirms the dialog every action opens.
export async function confirmDialog(page: Page): Promise<void> {
  await page.locator('.t-dialog').getByRole('button', { name: '确定' }).click();
}
