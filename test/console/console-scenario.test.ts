import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { browserTest, checkA11y, step } from './helpers/browser.helper';
import { confirmDialog, consoleWorld, signIn } from './helpers/console.helper';
import { ok } from '../helpers/district.helper';

// The scenario, as the people would do it in the console, on the
// demo district: one browser for the file, a context for each person.

const test = browserTest();

if (test) {
  const w = consoleWorld(test);

  // A small court calendar: two good rows, one with a time nobody can read.
  const CALENDAR = [
    '案号,开庭时间,案由,法庭,承办法官,当事人,被告行政机关',
    '（2026）陕0602行初31号,2026-11-27 09:00,行政处罚,第一法庭,王建华,王某、宝塔区司法局,宝塔区司法局',
    '（2026）陕0602行初32号,下周一,行政许可,第一法庭,王建华,刘某,宝塔区司法局',
    '（2026）陕0602民初77号,2026-11-27 14:30,借贷,第三法庭,李秀兰,张三、李四,',
  ].join('\n');

  // Registers a linkage item on the linkage page, as the person signed in.
  async function register(page: Page, type: string, agency: string, title: string, body: string) {
    await page.getByRole('link', { name: '联动事项' }).click();
    await page.getByRole('heading', { name: '联动事项' }).waitFor();
    await page.getByRole('button', { name: '登记事项' }).click();
    await page.getByLabel('类型').last().selectOption({ label: type });
    await page.getByLabel('承办单位').selectOption({ label: agency });
    await page.getByLabel('标题').fill(title);
    await page.getByLabel('内容').fill(body);
    await page.locator('.register').getByRole('button', { name: '登记' }).click();
    await confirmDialog(page);
    await page.getByText(`已登记，送${agency}办理`).waitFor();
    await page.getByRole('heading', { name: `${type}：${title}` }).waitFor();
  }

  test.serial('the liaison office imports a calendar: sees the bad row, applies the rest', async (t) => {
    const page = await signIn(w.browser, w.h, '梁晓军');
    await step(t, page, 'todo', () => page.getByText('梁晓军（机关干部）').waitFor());
    await checkA11y(t, page, '待办');

    await step(t, page, 'preview', async () => {
      await page.getByRole('link', { name: '庭审' }).click();
      await page.getByRole('heading', { name: '庭审' }).waitFor();
      await checkA11y(t, page, '庭审');
      await page.getByRole('button', { name: '导入开庭排期' }).click();
      await page.locator('input[type=file]').setInputFiles({ name: 'calendar.csv', mimeType: 'text/csv', buffer: Buffer.from(CALENDAR) });
      await page.getByText('预览（尚未导入）').waitFor();
      await page.getByText('有错误的行 1 行').waitFor();
      // The bad row's own message, on its row (the header is row 1).
      await page.locator('.preview tr', { hasText: '错误' }).filter({ hasText: '3' }).first().waitFor();
    });
    t.is(await w.h.request('GET', '/api/hearings', { token: w.h.adminToken }).then((r) => r.body.total), 0, 'a preview changes nothing');

    await step(t, page, 'apply', async () => {
      await page.getByRole('button', { name: '确认导入' }).click();
      await confirmDialog(page);
      await page.getByText('导入结果').waitFor();
      await page.getByText(/已导入：新增 2/).waitFor();
      await page.getByRole('button', { name: '完成' }).click();
      await page.getByText('（2026）陕0602行初31号（第 1 次）').waitFor();
    });
    t.is(await w.h.request('GET', '/api/hearings', { token: w.h.adminToken }).then((r) => r.body.total), 2);

    await step(t, page, 'admin dispute', () => register(page, '行政争议', '宝塔区司法局', '张某不服行政处罚决定', '张某对某行政处罚决定不服，申请协调化解。'));
    await checkA11y(t, page, '联动事项');
    await page.context().close();
  });

  test.serial('a judge registers a judicial suggestion to the agency', async (t) => {
    const page = await signIn(w.browser, w.h, '王建华');
    await step(t, page, 'suggestion', () => register(page, '司法建议', '宝塔区司法局', '关于规范行政执法程序的司法建议', '审理中发现执法文书送达不规范，建议加强培训。'));
    const items = await ok(w.h.request('GET', '/api/linkage-items?type=judicial_suggestion', { token: w.h.adminToken }), 200);
    t.like(items.items[0], { title: '关于规范行政执法程序的司法建议', toAgency: { name: '宝塔区司法局' }, statusLabel: '已登记' });
    await page.context().close();
  });

  test.serial('the agency official sees the hearing and both items in 待办, and gives feedback', async (t) => {
    const page = await signIn(w.browser, w.h, '贾振宇');
    await step(t, page, 'todo', async () => {
      const item = page.locator('.todo', { hasText: '（2026）陕0602行初31号' });
      await item.waitFor();
      t.regex(await item.innerText(), /剩 1 个工作日/);
      await page.locator('.todo', { hasText: '张某不服行政处罚决定' }).waitFor();
      t.regex(await page.locator('.todo', { hasText: '关于规范行政执法程序的司法建议' }).innerText(), /剩 \d+ 个工作日/);
    });
    await step(t, page, 'feedback', async () => {
      await page.getByRole('link', { name: /关于规范行政执法程序的司法建议/ }).click();
      await page.getByRole('heading', { name: '司法建议：关于规范行政执法程序的司法建议' }).waitFor();
      await page.getByLabel('说明（反馈内容、催办事由等）').fill('已组织全局执法人员开展文书送达专项培训。');
      await page.getByRole('button', { name: '反馈', exact: true }).click();
      await confirmDialog(page);
      await page.getByText('已反馈', { exact: true }).first().waitFor();
      await page.locator('.detail .body', { hasText: '专项培训' }).waitFor();
    });
    await checkA11y(t, page, '联动事项详情');
    const items = await ok(w.h.request('GET', '/api/linkage-items', { token: w.h.adminToken }), 200);
    t.deepEqual(
      items.items.map((i: { title: string; statusLabel: string }) => [i.title, i.statusLabel]).sort(),
      [['关于规范行政执法程序的司法建议', '已反馈'], ['张某不服行政处罚决定', '已登记']],
    );
    await page.context().close();
  });

  test.serial('a mediator answers a dispute from 待办', async (t) => {
    const resident = await ok(w.h.request('POST', '/api/auth/mp-login', { body: { code: 'console-resident' } }), 200);
    const filed = await ok(w.h.request('POST', '/api/disputes', {
      token: resident.token,
      body: { category: 'neighbor', description: '邻居家在我家门口堆放柴火，已经堵了三个月。', village: '杜甫川村', phone: '13800138000', consent: true },
    }), 201);
    const mediator = filed.mediator.name as string;
    const page = await signIn(w.browser, w.h, mediator);
    await step(t, page, 'answer', async () => {
      await page.getByRole('link', { name: new RegExp(filed.serial) }).click();
      await page.getByRole('heading', { name: `纠纷 ${filed.serial}` }).waitFor();
      await checkA11y(t, page, '纠纷详情');
      await page.getByLabel('答复当事人').fill('您好，我们明天上午到村里现场了解情况。');
      await page.getByRole('button', { name: '发送答复' }).click();
      await confirmDialog(page);
      await page.getByText('答复已发送').waitFor();
      await page.locator('.entry', { hasText: '我们明天上午到村里现场了解情况' }).waitFor();
    });
    const seen = await ok(w.h.request('GET', `/api/disputes/${filed.id}`, { token: resident.token }), 200);
    t.true(seen.timeline.some((e: { body: string }) => e.body.includes('现场了解情况')));
    await step(t, page, 'list', async () => {
      await page.getByRole('link', { name: '矛盾纠纷' }).click();
      await page.getByRole('link', { name: filed.serial }).waitFor();
      await checkA11y(t, page, '矛盾纠纷');
    });
    await page.context().close();
  });

  test.serial('after the hearing, the judge records the agency head\'s appearance', async (t) => {
    w.h.clock.set('2026-11-27T06:00:00.000Z');
    const page = await signIn(w.browser, w.h, '王建华');
    await step(t, page, 'appearance', async () => {
      await page.getByRole('link', { name: '庭审' }).click();
      const card = page.locator('.t-card', { hasText: '（2026）陕0602行初31号' });
      await card.getByRole('button', { name: '登记出庭情况' }).click();
      await page.getByLabel('出庭情况').selectOption({ label: '负责人出庭' });
      await page.getByLabel('出庭人姓名').fill('贾振宇');
      await page.locator('.t-dialog').getByRole('button', { name: '保存' }).click();
      await confirmDialog(page);
      await page.getByText('出庭情况已登记').waitFor();
      await card.getByText('出庭情况：负责人出庭，贾振宇').waitFor();
    });
    const hearing = (await ok(w.h.request('GET', '/api/hearings?caseNumber=' + encodeURIComponent('（2026）陕0602行初31号'), { token: w.h.adminToken }), 200)).items[0];
    t.like(hearing, { appearance: 'head', appearanceName: '贾振宇' });
    await page.context().close();
  });

  // The disputes of 2026年下半年 (the mediator's above among them), as the report page shows them.
  const DISPUTES_H2 = '/api/reports/disputes?format=json&half=2026H2';

  // Chooses a report and its period on the reports page; waits for the figures.
  async function chooseReport(page: Page, report: string, periodLabel: string) {
    await page.getByRole('link', { name: '统计报表' }).click();
    await page.getByRole('heading', { name: '统计报表' }).waitFor();
    await page.getByLabel('报表').selectOption({ label: report });
    await page.getByLabel('统计周期').selectOption({ label: '半年' });
    await page.getByLabel('期间').selectOption({ label: periodLabel });
    await page.getByRole('heading', { name: `${report}（${periodLabel}）` }).waitFor();
  }
  // The session the console keeps, to ask the API what the page should show.
  const sessionToken = async (page: Page) => (await page.evaluate(() => (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage.getItem('fuyuan.console.token')))!;
  const figure = (page: Page, label: string) => page.locator('table.figures tr', { has: page.getByRole('rowheader', { name: label, exact: true }) }).locator('td');

  test.serial('the liaison office opens a report, downloads its xlsx and prints the 通报', async (t) => {
    const page = await signIn(w.browser, w.h, '梁晓军');
    const token = await sessionToken(page);
    const json = await ok(w.h.request('GET', DISPUTES_H2, { token }), 200);
    t.true(json.totals.filed > 0, 'the period has data');

    await step(t, page, 'figures and chart', async () => {
      await chooseReport(page, '矛盾纠纷化解', '2026年下半年');
      t.is(await figure(page, '受理数').innerText(), String(json.totals.filed));
      t.is(await figure(page, '办理中').innerText(), String(json.totals.open));
      const chart = page.getByRole('img', { name: /矛盾纠纷化解图表/ });
      await chart.waitFor();
      type Img = { complete: boolean; naturalWidth: number };
      // (no named functions inside: the page has no tsx helpers such as __name)
      await page.waitForFunction((img) => (img as unknown as Img).complete, await chart.elementHandle());
      t.true(await chart.evaluate((img) => (img as unknown as Img).naturalWidth) > 0, 'the chart image loaded');
      const type = (await chart.getAttribute('data-type')) ?? '';
      t.regex(type, /^image\/(png|svg\+xml)$/);
      t.log(`chart: ${type}; filed ${json.totals.filed}, open ${json.totals.open}`);
    });
    await checkA11y(t, page, '统计报表');

    await step(t, page, 'xlsx', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 Excel' }).click()]);
      t.regex(download.suggestedFilename(), /^矛盾纠纷.*2026年下半年.*\.xlsx$/);
      const file = join(mkdtempSync(join(tmpdir(), 'fuyuan-report-')), download.suggestedFilename());
      await download.saveAs(file);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(file);
      const summary = book.getWorksheet('汇总')!;
      t.deepEqual([summary.getCell('A3').value, summary.getCell('B3').value], ['受理数', json.totals.filed], 'the Excel file has the JSON\'s figure');
      await page.getByText(/已下载：/).waitFor();
    });

    await step(t, page, 'bulletin', async () => {
      const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: '打印通报' }).click()]);
      await popup.getByRole('heading', { name: '延安市宝塔区府院联动工作矛盾纠纷化解情况通报' }).waitFor();
      await popup.getByText('统计期间：2026年下半年').waitFor();
      await popup.close();
    });
    await page.context().close();
  });

  test.serial('an agency official sees the report of their scope only', async (t) => {
    const all = await ok(w.h.request('GET', DISPUTES_H2, { token: w.h.adminToken }), 200);
    const page = await signIn(w.browser, w.h, '贾振宇');
    const token = await sessionToken(page);
    const theirs = await ok(w.h.request('GET', DISPUTES_H2, { token }), 200);
    t.not(theirs.totals.filed, all.totals.filed, 'the agency sees fewer disputes than the district');
    await step(t, page, 'figures', async () => {
      await chooseReport(page, '矛盾纠纷化解', '2026年下半年');
      t.is(await figure(page, '受理数').innerText(), String(theirs.totals.filed));
    });
    await page.context().close();
  });
}
