import type { TestFn } from 'ava';
import type { Browser, Page } from 'playwright-core';
import { startHarness, type Harness } from '../../helpers/app-harness';
import { openTestDb, type TestDb } from '../../helpers/databases';
import { seedDemoData } from '../../../server/seed/seed-service';
import { CONSOLE_DIR, launch } from './browser.helper';

// What a console test file works in, set up before its first test: the demo
// district on SQLite, the app serving the built console with the development
// login, and one browser for the file. Everything is closed after the last test.
export interface ConsoleWorld {
  browser: Browser;
  db: TestDb;
  h: Harness;
}

export function consoleWorld(test: TestFn): ConsoleWorld {
  const w = {} as ConsoleWorld;
  test.before(async () => {
    w.db = await openTestDb('sqlite');
    w.h = await startHarness(w.db, { devLogin: true, consoleDir: CONSOLE_DIR });
    await seedDemoData({ db: w.db.ds, clock: w.h.clock, pii: w.h.pii });
    w.browser = await launch();
  });
  test.after.always(async () => {
    await w.browser?.close();
    await w.h?.close();
    await w.db?.close();
  });
  return w;
}

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
