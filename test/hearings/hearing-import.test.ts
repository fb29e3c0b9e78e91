import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { Agency, AuditEntry, Hearing } from '../../entities';
import { ADMIN_TOKEN_PRINCIPAL } from '../../server/domain/principal';
import { fixedClock } from '../../server/domain/clock';
import { createHearingImport } from '../../server/domain/hearings/hearing-import';
import { eachDb, type TestDb } from '../helpers/databases';

const ctx = { actor: ADMIN_TOKEN_PRINCIPAL, requestId: 'req-1' };
const clock = fixedClock('2026-12-01T02:00:00Z');

async function agencies(db: TestDb) {
  const now = clock.now();
  const make = (name: string, extra: Partial<Agency> = {}) =>
    db.ds.manager.save(db.ds.manager.create(Agency, { name, kind: 'government', categories: [], villages: [], aliases: [], shortName: null, documentPrefix: null, wecomWebhookKey: null, wechatyRoomId: null, headUserId: null, parentId: null, createdAt: now, ...extra }));
  return {
    market: await make('延安市宝塔区市场监督管理局', { shortName: '宝塔区市场监管局', aliases: ['区市场监管局'] }),
    land: await make('延安市宝塔区自然资源局', { aliases: ['宝塔区自然资源局'] }),
  };
}

const csv = (rows: string[][]) => Buffer.from(rows.map((r) => r.join(',')).join('\n'), 'utf8');
const HEADER = ['案号', '庭次', '开庭时间', '案由', '法庭', '被告行政机关', '负责人出庭'];
const CALENDAR = [
  HEADER,
  ['（2026）陕0602行初12号', '1', '2026-12-08 09:00', '行政处罚', '第一法庭', '宝塔区市场监管局', ''],
  ['（2026）陕0602行初13号', '', '2026-12-09 09:00', '行政许可', '第一法庭', '宝塔区自然资源局', '否'],
  ['（2026）陕0602民初88号', '', '2026-12-09 14:30', '借贷', '第三法庭', '', ''],
  ['（2026）陕0602行初14号', '', '2026-12-10 09:00', '行政强制', '第二法庭', '宝塔区住建局', ''],
  ['（2026）陕0602行初15号', '', '明天', '', '', '', ''],
];

const counts = (r: { created: number; rescheduled: number; cancelled: number; unchanged: number; updated: number }) =>
  ({ created: r.created, rescheduled: r.rescheduled, cancelled: r.cancelled, unchanged: r.unchanged, updated: r.updated });

eachDb('a calendar is imported once: good rows become hearings, bad rows are reported, agencies matched by any of their names', async (t, db) => {
  const a = await agencies(db);
  const importer = createHearingImport({ db: db.ds, clock });
  const r = await importer.import(csv(CALENDAR), { source: '排期.csv' }, ctx);
  t.deepEqual(counts(r), { created: 4, rescheduled: 0, cancelled: 0, unchanged: 0, updated: 0 });
  t.deepEqual(r.errors, [{ row: 6, column: '开庭时间', message: '无法识别的开庭时间“明天”，请写成 2026-12-08 09:00' }]);
  t.deepEqual(r.warnings, [{ row: 5, column: '被告行政机关', message: '未找到单位“宝塔区住建局”，已导入但未关联单位，请管理员核对单位名称或别名' }]);
  const rows = await db.ds.manager.find(Hearing, { order: { startsAt: 'ASC', caseNumber: 'ASC' } });
  t.deepEqual(rows.map((h) => [h.caseNumber, h.session, h.status, h.defendantAgencyId, h.headMustAppear, h.administrative]), [
    ['（2026）陕0602行初12号', 1, 'scheduled', a.market.id, true, true],
    ['（2026）陕0602行初13号', 1, 'scheduled', a.land.id, false, true],
    ['（2026）陕0602民初88号', 1, 'scheduled', null, false, false],
    ['（2026）陕0602行初14号', 1, 'scheduled', null, true, true],
  ]);
  t.is(rows[0]!.sourceRow, '排期.csv#2');
  const audit = await db.ds.manager.findOneByOrFail(AuditEntry, { action: 'hearing.import' });
  t.like(audit.detail, { created: 4, errors: 1 });

  // The same file again, and the same rows in another order and encoding: nothing changes.
  const again = await importer.import(csv(CALENDAR), {}, ctx);
  t.deepEqual(counts(again), { created: 0, rescheduled: 0, cancelled: 0, unchanged: 4, updated: 0 });
  const shuffled = [HEADER, ...CALENDAR.slice(1).reverse()].map((r) => r.join(',')).join('\r\n');
  const third = await importer.import(iconv.encode(shuffled, 'gbk'), {}, ctx);
  t.deepEqual(counts(third), { created: 0, rescheduled: 0, cancelled: 0, unchanged: 4, updated: 0 });
  t.is(await db.ds.manager.count(Hearing), 4);
});

eachDb('a new time is a reschedule; a window cancels what the court no longer lists; a dry run writes nothing', async (t, db) => {
  await agencies(db);
  const calls: string[] = [];
  const importer = createHearingImport({
    db: db.ds, clock,
    hooks: {
      created: async (_em, h) => void calls.push(`created ${h.caseNumber}`),
      rescheduled: async (_em, h, before) => void calls.push(`moved ${h.caseNumber} ${before.toISOString()}→${h.startsAt.toISOString()}`),
      cancelled: async (_em, h) => void calls.push(`cancelled ${h.caseNumber}`),
    },
  });
  await importer.import(csv(CALENDAR.slice(0, 4)), {}, ctx);
  calls.length = 0;
  const next = csv([
    HEADER,
    ['（2026）陕0602行初12号', '1', '2026-12-15 09:00', '行政处罚', '第一法庭', '宝塔区市场监管局', ''],
    ['(2026)陕0602行初12号', '2', '2026-12-22 09:00', '行政处罚', '第一法庭', '宝塔区市场监管局', ''],
    ['（2026）陕0602民初88号', '', '2026-12-09 14:30', '借贷', '第四法庭', '', ''],
  ]);
  const window = { from: new Date('2026-12-07T16:00:00Z'), to: new Date('2026-12-31T16:00:00Z') };
  const before = await db.ds.manager.find(Hearing, { order: { id: 'ASC' } });
  const dry = await importer.import(next, { dryRun: true, window }, ctx);
  t.deepEqual(counts(dry), { created: 1, rescheduled: 1, cancelled: 1, unchanged: 0, updated: 1 });
  t.deepEqual(await db.ds.manager.find(Hearing, { order: { id: 'ASC' } }), before, 'a dry run changes nothing');
  t.deepEqual(calls, []);

  const real = await importer.import(next, { window }, ctx);
  t.deepEqual(counts(real), counts(dry));
  t.deepEqual(calls.sort(), [
    'cancelled （2026）陕0602行初13号',
    'created （2026）陕0602行初12号',
    'moved （2026）陕0602行初12号 2026-12-08T01:00:00.000Z→2026-12-15T01:00:00.000Z',
  ]);
  const rows = await db.ds.manager.find(Hearing, { order: { caseNumber: 'ASC', session: 'ASC' } });
  t.deepEqual(rows.map((h) => [h.caseNumber, h.session, h.status, h.courtRoom]), [
    ['（2026）陕0602民初88号', 1, 'scheduled', '第四法庭'],
    ['（2026）陕0602行初12号', 1, 'rescheduled', '第一法庭'],
    ['（2026）陕0602行初12号', 2, 'scheduled', '第一法庭'],
    ['（2026）陕0602行初13号', 1, 'cancelled', '第一法庭'],
  ]);
});

eachDb('an xlsx calendar imports the same hearings as its CSV twin', async (t, db) => {
  await agencies(db);
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Sheet1');
  for (const row of CALENDAR.slice(0, 3)) sheet.addRow(row);
  const importer = createHearingImport({ db: db.ds, clock });
  const r = await importer.import(Buffer.from(await book.xlsx.writeBuffer()), {}, ctx);
  t.deepEqual(counts(r), { created: 2, rescheduled: 0, cancelled: 0, unchanged: 0, updated: 0 });
  t.deepEqual(counts(await importer.import(csv(CALENDAR.slice(0, 3)), {}, ctx)), { created: 0, rescheduled: 0, cancelled: 0, unchanged: 2, updated: 0 });
});

eachDb('an inverted window is refused before anything is read', async (t, db) => {
  const importer = createHearingImport({ db: db.ds, clock });
  const err = await t.throwsAsync(importer.import(csv(CALENDAR), { window: { from: new Date('2026-12-31'), to: new Date('2026-12-01') } }, ctx));
  t.regex(err!.message, /开始日期应早于结束日期/);
  t.is(await db.ds.manager.count(Hearing), 0);
});
