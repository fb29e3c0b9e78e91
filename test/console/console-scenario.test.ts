import type { Browser } from 'playwright-core';
import { startHarness, type Harness } from '../helpers/app-harness';
import { openTestDb, type TestDb } from '../helpers/databases';
import { seedDemoData } from '../../server/seed/seed-service';
import { browserTest, checkA11y, CONSOLE_DIR, launch, step } from './helpers/browser.helper';
import { signIn } from './helpers/console.helper';

// The scenario, as the people would do it in the console, on the
// demo district: one browser for the file, a context for each person.

const test = browserTest();

if (test) {
  let browser: Browser;
  let db: TestDb;
  let h: Harness;

  test.before(async () => {
    db = await openTestDb('sqlite');
    h = await startHarness(db, { devLogin: true, consoleDir: CONSOLE_DIR });
    await seedDemoData({ db: db.ds, clock: h.clock, pii: h.pii });
    browser = await launch();
  });
  test.after.always(async () => {
    await browser?.close();
    await h?.close();
    await db?.close();
  });

  test.serial('the liaison office signs in and sees its 待办', async (t) => {
    const page = await signIn(browser, h, '梁晓军');
    await step(t, page, 'todo', async () => {
      await page.getByText('梁晓军（机关干部）').waitFor();
    });
    await checkA11y(t, page, '待办');
    await page.context().close();
  });
}
