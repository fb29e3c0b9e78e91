import ExcelJS from 'exceljs';
import { startHarness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';
import { DISPUTE_TABLES, countRows } from '../helpers/row-counts.helper';
import { ReportFile } from '../../entities';
import { TEST_NOW } from '../helpers/test-now';
import { parsePeriod } from '../../server/domain/reports/report-period';
import { reportDistrict } from './report-fixture';

// The four reports over the hand-made half year of report-fixture.ts: every
// number below is counted by hand from that file's comments.

const get = (h: Awaited<ReturnType<typeof startHarness>>, path: string, token: string) => h.request('GET', path, { token });
const counts = (r: any) => [r.filed, r.resolved, r.failed, r.withdrawn, r.open, r.overdue];
const table = (rows: any[]) => Object.fromEntries(rows.map((r) => [r.label, counts(r)]));

eachDb('disputes, suggestions, linkage and appearance figures equal the hand count', async (t, db) => {
  const h = await startHarness(db, { now: TEST_NOW });
  try {
    const d = await reportDistrict(h, db);
    const liaison = d.people.liaison.token;

    const r = await get(h, '/api/reports/disputes?half=2026H2', liaison);
    t.is(r.status, 200);
    const f = r.body;
    t.like(f, { report: 'disputes', period: { label: '2026年下半年', from: '2026-06-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' } });
    t.deepEqual(f.totals, { filed: 9, resolved: 3, failed: 2, withdrawn: 1, open: 3, overdue: 1 });
    t.is(f.successRate, 0.6);
    t.deepEqual(f.daysToResolve, { median: 4, p90: 10 });
    t.deepEqual(table(f.byCategory), { 邻里纠纷: [5, 2, 1, 1, 1, 1], 劳动争议: [3, 1, 1, 0, 1, 0], 其他纠纷: [1, 0, 0, 0, 1, 0] });
    t.deepEqual(table(f.byTownship), { 南市街道办事处: [7, 3, 1, 1, 2, 1], 枣园街道办事处: [1, 0, 1, 0, 0, 0], 未对应乡镇: [1, 0, 0, 0, 1, 0] });
    t.deepEqual(table(f.byVillage), { 南关社区: [4, 2, 0, 1, 1, 1], 桥儿沟社区: [3, 1, 1, 0, 1, 0], 枣园村: [1, 0, 1, 0, 0, 0], 七里铺某小区: [1, 0, 0, 0, 1, 0] });
    t.deepEqual(f.byVillage.map((x: any) => x.key).slice(0, 2), [String(d.villages.nanguan.id), String(d.villages.qiao.id)], 'largest first');
    t.true(f.byVillage.some((x: any) => x.key === 'text:七里铺某小区'));
    t.deepEqual(table(f.byCommittee), { 南市街道人民调解委员会: [5, 2, 1, 1, 1, 1], 宝塔区劳动争议人民调解委员会: [3, 1, 1, 0, 1, 0], 未分派调委会: [1, 0, 0, 0, 1, 0] });
    t.deepEqual(f.byMonth.map((x: any) => [x.key, x.filed]), [['2026-07', 2], ['2026-08', 2], ['2026-09', 2], ['2026-10', 1], ['2026-11', 2], ['2026-12', 0]]);

    const s = (await get(h, '/api/reports/suggestions?half=2026H2', liaison)).body;
    t.deepEqual(s.totals, { issued: 4, answeredOnTime: 1, answeredLate: 1, overdue: 1, pending: 1, answerRate: 0.5 });
    t.deepEqual(s.daysToAnswer, { median: 20 });
    t.deepEqual(s.byAgency.map((x: any) => [x.label, x.issued, x.answeredOnTime, x.answeredLate, x.overdue, x.pending, x.answerRate]), [
      ['延安市宝塔区市场监督管理局', 2, 1, 1, 0, 0, 1],
      ['延安市宝塔区自然资源局', 2, 0, 0, 1, 1, 0],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]), 'zh')));

    const l = (await get(h, '/api/reports/linkage?half=2026H2', liaison)).body;
    const lrow = (x: any) => [x.total, x.open, x.answered, x.overdue, x.transferred];
    t.deepEqual(lrow(l.totals), [6, 3, 3, 2, 1]);
    t.deepEqual(Object.fromEntries(l.byType.map((x: any) => [x.key, [x.label, ...lrow(x)]])), {
      judicial_suggestion: ['司法建议', 4, 2, 2, 1, 0], admin_dispute: ['行政争议移送', 1, 1, 0, 1, 1], assistance_request: ['协助请求', 1, 0, 1, 0, 0],
    });
    t.deepEqual(l.byAgency.map((x: any) => [x.label, ...lrow(x)]), [['延安市宝塔区市场监督管理局', 4, 1, 3, 1, 1], ['延安市宝塔区自然资源局', 2, 2, 0, 1, 0]]);

    const a = (await get(h, '/api/reports/appearance?half=2026H2', liaison)).body;
    t.like(a.total, { required: 2, head: 1, deputy: 0, none: 1, rate: 0.5, headRate: 0.5 });
    t.like(a.previous, { period: { label: '2026年上半年' }, total: { required: 2, head: 0, deputy: 1, none: 1, rate: 0.5, headRate: 0 } });
    t.deepEqual(a.change, { required: 0, rate: 0, headRate: 0.5 });

    // A month: the month before is the previous period.
    const nov = (await get(h, '/api/reports/appearance?month=2026-11', liaison)).body;
    t.like(nov, { period: { label: '2026年11月' }, total: { required: 1, none: 1 }, previous: { period: { label: '2026年10月' }, total: { required: 1, head: 1 } } });
    t.deepEqual((await get(h, '/api/reports/disputes?month=2026-11', liaison)).body.totals, { filed: 2, resolved: 0, failed: 0, withdrawn: 0, open: 2, overdue: 0 });
  } finally {
    await h.close();
  }
});

eachDb('the xlsx holds the same numbers, as numbers and percentages, under a titled frozen header; kept files download', async (t, db) => {
  const h = await startHarness(db, { now: TEST_NOW });
  try {
    const d = await reportDistrict(h, db);
    const r = await get(h, '/api/reports/disputes?half=2026H2&format=xlsx', d.people.liaison.token);
    t.is(r.status, 200);
    t.is(r.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    t.is(r.headers.get('content-disposition'), `attachment; filename="disputes.xlsx"; filename*=UTF-8''${encodeURIComponent('矛盾纠纷化解统计_2026年下半年.xlsx')}`);
    const body = Buffer.from(await (await fetch(`${h.url}/api/reports/disputes?half=2026H2&format=xlsx`, { headers: { authorization: `Bearer ${d.people.liaison.token}` } })).arrayBuffer());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as unknown as ArrayBuffer);
    t.deepEqual(wb.worksheets.map((w) => w.name), ['汇总', '化解率与用时', '按类型', '按乡镇街道', '按村社区', '按调委会', '按月']);

    const summary = wb.getWorksheet('汇总')!;
    t.regex(String(summary.getCell('A1').value), /^矛盾纠纷化解统计（2026年下半年）　数据来源：宝塔区府院联动平台　生成时间：2026-11-26 10:00$/);
    t.like(summary.views[0], { state: 'frozen', ySplit: 2 });
    t.deepEqual([summary.getCell('A2').value, summary.getCell('B2').value], ['项目', '数量']);
    t.deepEqual([3, 4, 5, 6, 7, 8].map((n) => [summary.getCell(`A${n}`).value, summary.getCell(`B${n}`).value]), [
      ['受理数', 9], ['调解成功', 3], ['调解不成', 2], ['撤回', 1], ['办理中', 3], ['超期', 1],
    ]);

    const rates = wb.getWorksheet('化解率与用时')!;
    t.is(rates.getCell('B3').value, 0.6);
    t.is(rates.getCell('B3').numFmt, '0.0%');
    t.deepEqual([rates.getCell('C3').value, rates.getCell('D3').value], [4, 10]);

    const byCategory = wb.getWorksheet('按类型')!;
    t.deepEqual((byCategory.getRow(2).values as unknown[]).slice(1), ['纠纷类型', '受理数', '调解成功', '调解不成', '撤回', '办理中', '超期', '诉前化解成功率']);
    const neighbor = byCategory.getRow(3);
    t.deepEqual((neighbor.values as unknown[]).slice(1), ['邻里纠纷', 5, 2, 1, 1, 1, 1, 0.6667]);
    t.is(neighbor.getCell(8).numFmt, '0.0%');
    t.true(byCategory.getColumn(1).width! >= 16);

    // The chart as PNG (the CJK font is installed here) and the printable 通报, from the same figures.
    const asLiaison = { headers: { authorization: `Bearer ${d.people.liaison.token}` } };
    const png = await fetch(`${h.url}/api/reports/disputes?half=2026H2&format=png`, asLiaison);
    t.is(png.headers.get('content-type'), 'image/png');
    t.is(Buffer.from(await png.arrayBuffer()).subarray(1, 4).toString('latin1'), 'PNG');
    const html = await (await fetch(`${h.url}/api/reports/disputes?half=2026H2&format=html`, asLiaison)).text();
    t.true(html.includes('<h1>延安市宝塔区府院联动工作矛盾纠纷化解情况通报</h1>'));
    t.regex(html, /<td>受理<\/td><td class="n">9<\/td>/);
    t.is((await get(h, '/api/reports/disputes?half=2026H2&format=pdf', d.people.liaison.token)).status, 400);

    // Kept for download: listed and served to the liaison office and admins only.
    const admin = { userId: d.people.adminUser.id, role: 'admin' as const, name: '孙管理', agencyId: null, villages: [] };
    const xlsx = await h.services.reports.xlsx('disputes', parsePeriod({ half: '2026H2' }), admin);
    const kept = await h.services.reports.keep('disputes', parsePeriod({ half: '2026H2' }), 'xlsx', xlsx, admin);
    const list = await get(h, '/api/report-files', d.people.liaison.token);
    t.is(list.status, 200);
    t.deepEqual(list.body.items, [{ ...kept, createdBy: '孙管理' }]);
    t.like(kept, { name: 'disputes', periodLabel: '2026年下半年', format: 'xlsx', fileName: '矛盾纠纷化解统计_2026年下半年.xlsx', size: xlsx.length });
    const file = await fetch(`${h.url}/api/report-files/${kept.id}`, { headers: { authorization: `Bearer ${d.people.liaison.token}` } });
    t.is(file.status, 200);
    t.true(Buffer.from(await file.arrayBuffer()).equals(xlsx));
    t.regex(file.headers.get('content-disposition') ?? '', /filename\*=UTF-8''%E7%9F%9B/);
    t.is((await get(h, '/api/report-files', d.people.marketOfficial.token)).status, 403);
    t.is((await get(h, `/api/report-files/${kept.id}`, d.people.marketOfficial.token)).status, 403);
    t.is((await get(h, `/api/report-files/${kept.id + 1}`, d.people.liaison.token)).status, 404);
  } finally {
    await h.close();
  }
});

eachDb('each asker gets the figures of their own scope; a resident none, and refusals change nothing', async (t, db) => {
  const h = await startHarness(db, { now: TEST_NOW });
  try {
    const d = await reportDistrict(h, db);
    const P = d.people;
    const filed = async (token: string) => (await get(h, '/api/reports/disputes?half=2026H2', token)).body.totals?.filed;
    // The official linked to 南关社区; the labour committee's mediator; the court; an admin.
    t.is(await filed(P.official.token), 4);
    t.is(await filed(P.mediator.token), 3);
    t.is(await filed(P.judge.token), 9);
    t.is(await filed(P.adminUser.token), 9);
    t.is(await filed(h.adminToken), 9);

    const sug = async (token: string) => (await get(h, '/api/reports/suggestions?half=2026H2', token)).body.totals?.issued;
    const link = async (token: string) => (await get(h, '/api/reports/linkage?half=2026H2', token)).body.totals?.total;
    t.is(await sug(P.marketOfficial.token), 2);
    t.is(await link(P.marketOfficial.token), 4);
    t.is(await link(P.judge.token), 5, 'what the court sent');
    t.is(await link(P.official.token), 0, 'the township sent and received none');
    t.deepEqual((await get(h, '/api/reports/appearance?half=2026H2', P.marketOfficial.token)).body.byAgency.map((r: any) => r.agency.name), ['延安市宝塔区市场监督管理局']);

    const before = await countRows(db, { ...DISPUTE_TABLES, reportFile: ReportFile });
    for (const name of ['disputes', 'appearance', 'suggestions', 'linkage']) {
      const refused = await get(h, `/api/reports/${name}?half=2026H2`, d.residents.resident.token);
      t.is(refused.status, 403, name);
      t.is(refused.body.error.code, 'FORBIDDEN');
      if (name !== 'disputes') t.is((await get(h, `/api/reports/${name}?half=2026H2`, P.mediator.token)).status, 403, `mediator ${name}`);
    }
    t.is((await get(h, '/api/reports/whitepaper?half=2026H2', P.liaison.token)).status, 404);
    t.is((await get(h, '/api/reports/disputes', P.liaison.token)).status, 400);
    t.deepEqual(await countRows(db, { ...DISPUTE_TABLES, reportFile: ReportFile }), before);
  } finally {
    await h.close();
  }
});
