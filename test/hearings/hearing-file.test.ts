import test, { type ExecutionContext } from 'ava';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { readCalendarTable } from '../../server/domain/hearings/calendar-table';
import { dedupeDrafts, readHearingRows } from '../../server/domain/hearings/hearing-rows';
import { DomainError } from '../../server/domain/errors';

// A realistic export: columns in the court system's order, an unknown column,
// spaces around a header, a multi-party row, and rows with mistakes.
const CSV_ROWS = [
  ['序号', ' 案号 ', '案由', '开庭时间', '法庭', '承办法官', '当事人', '被告行政机关', '负责人出庭', '备注'],
  ['1', '（2026）陕0602行初12号', '行政处罚', '2026-12-08 09:00', '第一法庭', '李明', '王某、宝塔区市场监督管理局', '宝塔区市场监督管理局', '是', ''],
  ['2', '(2026)陕0602民初1234号', '民间借贷纠纷', '2026/12/9 14:30', '第三法庭', '赵丽', '张三，李四', '', '', '调解前置'],
  ['3', '（2026）陕0602行初13号', '行政许可', '2026年12月10日 上午9时', '第一法庭', '李明', '刘某;宝塔区自然资源局', '宝塔区自然资源局', '', ''],
  ['4', '（26）陕0602行初14号', '行政强制', '2026-12-11 09:00', '', '', '', '', '', ''],
  ['5', '（2026）陕0602行初15号', '行政确认', '下周一', '', '', '', '', '可能', ''],
  ['6', '（2026）陕0602知行初2号', '专利', '2026-12-12 10:00', '', '', '', '', '否', ''],
];
const csvText = CSV_ROWS.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') + '\r\n';

const ENCODINGS: Array<[string, Buffer]> = [
  ['UTF-8', Buffer.from(csvText, 'utf8')],
  ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csvText, 'utf8')])],
  ['GBK', iconv.encode(csvText, 'gbk')],
  ['GB18030', iconv.encode(csvText, 'gb18030')],
];

for (const [name, body] of ENCODINGS) {
  test(`CSV in ${name}: good rows become drafts, bad rows are reported by row and column`, async (t) => {
    const table = await readCalendarTable(body);
    t.is(table.format, 'csv');
    t.is(table.encoding, name.startsWith('GB') ? 'gb18030' : 'utf-8');
    const { drafts, errors, warnings } = readHearingRows(table);
    t.deepEqual(drafts.map((d) => [d.row, d.caseNumber, d.startsAt.toISOString()]), [
      [2, '（2026）陕0602行初12号', '2026-12-08T01:00:00.000Z'],
      [3, '（2026）陕0602民初1234号', '2026-12-09T06:30:00.000Z'],
      [4, '（2026）陕0602行初13号', '2026-12-10T01:00:00.000Z'],
      [7, '（2026）陕0602知行初2号', '2026-12-12T02:00:00.000Z'],
    ]);
    t.deepEqual(drafts[0]!.parties, ['王某', '宝塔区市场监督管理局']);
    t.deepEqual(drafts[1]!.parties, ['张三', '李四']);
    t.deepEqual(drafts[2]!.parties, ['刘某', '宝塔区自然资源局']);
    t.like(drafts[0], { session: 1, cause: '行政处罚', courtRoom: '第一法庭', judgeName: '李明', defendantAgencyName: '宝塔区市场监督管理局', headMustAppear: true });
    t.like(drafts[1], { defendantAgencyName: null, headMustAppear: null });
    t.like(drafts[3], { headMustAppear: false });
    t.deepEqual(errors, [
      { row: 5, column: '案号', message: '年份应为四位数字' },
      { row: 6, column: '开庭时间', message: '无法识别的开庭时间“下周一”，请写成 2026-12-08 09:00' },
      { row: 6, column: '负责人出庭', message: '负责人出庭应填“是”或“否”' },
    ]);
    t.deepEqual(warnings.map((w) => [w.row, w.column]), [[7, '案号']]);
  });
}

test('xlsx: date cells, serial numbers, text dates and rich text are all read, in any column order', async (t) => {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('排期');
  sheet.addRow(['开庭时间', '庭次', '案号', '当事人', '案由']);
  sheet.addRow([new Date(Date.UTC(2026, 11, 8, 9, 0)), 2, '（2026）陕0602行初12号', '甲\n乙', '行政处罚']);
  sheet.addRow([46364.625, '第3次', '（2026）陕0602行初12号', null, null]);
  sheet.addRow(['2026年12月9日 上午10:00', null, { richText: [{ text: '（2026）陕06' }, { text: '行终7号' }] }, null, null]);
  sheet.addRow([null, null, null, null, null]);
  sheet.getCell('A2').numFmt = 'yyyy-mm-dd hh:mm';
  const body = Buffer.from(await book.xlsx.writeBuffer());
  const table = await readCalendarTable(body);
  t.is(table.format, 'xlsx');
  const { drafts, errors } = readHearingRows(table);
  t.deepEqual(errors, []);
  t.deepEqual(drafts.map((d) => [d.row, d.caseNumber, d.session, d.startsAt.toISOString()]), [
    [2, '（2026）陕0602行初12号', 2, '2026-12-08T01:00:00.000Z'],
    [3, '（2026）陕0602行初12号', 3, '2026-12-08T07:00:00.000Z'],
    [4, '（2026）陕06行终7号', 1, '2026-12-09T02:00:00.000Z'],
  ]);
  t.deepEqual(drafts[0]!.parties, ['甲', '乙']);
});

test('in one file: identical rows are one hearing; the same case and session at another time is an error on the later row', (t) => {
  const base = { caseNumber: '（2026）陕0602行初12号', caseType: '行初', session: 1, cause: null, courtRoom: null, judgeName: null, parties: [], defendantAgencyName: null, headMustAppear: null };
  const at = new Date('2026-12-08T01:00:00Z');
  const { drafts, errors } = dedupeDrafts([
    { ...base, row: 2, startsAt: at },
    { ...base, row: 3, startsAt: at },
    { ...base, row: 4, startsAt: new Date('2026-12-09T01:00:00Z') },
    { ...base, row: 5, session: 2, startsAt: at },
  ]);
  t.deepEqual(drafts.map((d) => d.row), [2, 5]);
  t.deepEqual(errors, [{ row: 4, column: '开庭时间', message: '与第 2 行是同一案件同一庭次，但开庭时间不同；请核对后只保留一行' }]);
});

async function refusal(t: ExecutionContext, p: () => Promise<unknown>): Promise<DomainError> {
  return (await t.throwsAsync(p, { instanceOf: DomainError }))!;
}

test('files that cannot be a calendar are refused with a Chinese reason', async (t) => {
  t.like(await refusal(t, () => readCalendarTable(Buffer.alloc(0))), { code: 'IMPORT_EMPTY', status: 400 });
  t.like(await refusal(t, () => readCalendarTable(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]))), { code: 'IMPORT_UNREADABLE', status: 400 });
  t.like(await refusal(t, () => readCalendarTable(Buffer.from('PK\u0003\u0004 not really a zip'))), { code: 'IMPORT_UNREADABLE', status: 400 });
  const noTime = await readCalendarTable(Buffer.from('案号,案由\n（2026）陕0602行初12号,x\n'));
  const missing = t.throws(() => readHearingRows(noTime), { instanceOf: DomainError })!;
  t.like(missing, { code: 'IMPORT_MISSING_COLUMNS', status: 400, details: { missing: ['开庭时间'] } });
  t.regex(missing.message, /缺少必需的列：开庭时间/);
});

test('more rows than allowed is 413, counted before any row is read', async (t) => {
  const rows = ['案号,开庭时间', ...Array.from({ length: 11 }, (_, i) => `（2026）陕0602民初${i + 1}号,2026-12-08 09:00`)].join('\n');
  t.like(await refusal(t, () => readCalendarTable(Buffer.from(rows), 10)), { code: 'IMPORT_TOO_LARGE', status: 413 });
  t.is((await readCalendarTable(Buffer.from(rows), 11)).rows.length, 11);
});
