import { readFileSync } from 'node:fs';
import test from 'ava';
import { createHash } from 'node:crypto';
import pino from 'pino';
import { Agency, Notification } from '../../entities';
import { readCalendarFile } from '../../server/domain/calendar/calendar-files';
import { staticCalendarSource } from '../../server/domain/calendar/weekend-calendar';
import { buildWorkingCalendar, type CalendarDayRow } from '../../server/domain/calendar/working-days';
import { dueReports, firstWorkingDay, type ReportScheduleConfig } from '../../server/domain/reports/report-schedule';
import { runReportSchedule } from '../../server/jobs/report-schedule.job';
import { seedDemoData } from '../../server/seed/seed-service';
import { startFakeWecom } from '../fakes/wecom-api.fake';
import { startHarness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';
import { quietChannels, tickOutbox, wecomChannels } from '../helpers/outbox.helper';

// The scheduled reports: due from 09:00 on the first working day of the
// month (January and July for the appearance 通报), judged on the holiday
// calendar; sent once however often the hourly job runs.

// 2026 as the chinese-days package has it; 2027 not loaded.
function calendar2026() {
  const path = require.resolve('chinese-days/dist/years/2026.json');
  const rows: CalendarDayRow[] = [];
  for (const a of readCalendarFile(path, readFileSync(path, 'utf8'))) {
    rows.push(...a.holidays.map((d) => ({ date: d.date, kind: 'holiday' as const })), ...a.workdays.map((d) => ({ date: d.date, kind: 'workday' as const })));
  }
  return buildWorkingCalendar(rows, [2026]);
}
const CAL = calendar2026();
const NINE: ReportScheduleConfig = { appearanceAt: { hour: 9, minute: 0 }, monthlyAt: { hour: 9, minute: 0 } };
const at = (shanghai: string) => new Date(`${shanghai}+08:00`);

test('the first working day: after National Day (1–7 October in chinese-days 1.5.7) 2026-10-08; January 2027 without data is provisional, 4 January', (t) => {
  t.deepEqual(firstWorkingDay(CAL, 2026, 10), { day: { year: 2026, month: 10, day: 8 }, provisional: false });
  t.deepEqual(firstWorkingDay(CAL, 2026, 7), { day: { year: 2026, month: 7, day: 1 }, provisional: false });
  t.deepEqual(firstWorkingDay(CAL, 2026, 2), { day: { year: 2026, month: 2, day: 2 }, provisional: false });
  t.deepEqual(firstWorkingDay(CAL, 2027, 1), { day: { year: 2027, month: 1, day: 4 }, provisional: true });
});

const CASES: Array<[string, ReportScheduleConfig, string[]]> = [
  ['2026-10-07T10:00:00', NINE, []],
  ['2026-10-08T08:59:59', NINE, []],
  ['2026-10-08T09:00:00', NINE, ['disputes 2026-09', 'linkage 2026-09']],
  // A run that missed the moment catches up later in the month.
  ['2026-10-20T15:00:00', NINE, ['disputes 2026-09', 'linkage 2026-09']],
  ['2026-07-01T09:00:00', NINE, ['disputes 2026-06', 'linkage 2026-06', 'appearance 2026H1']],
  ['2027-01-01T10:00:00', NINE, []],
  ['2027-01-04T09:00:00', NINE, ['disputes 2026-12', 'linkage 2026-12', 'appearance 2026H2']],
  ['2027-01-04T09:00:00', { appearanceAt: { hour: 9, minute: 0 }, monthlyAt: null }, ['appearance 2026H2']],
  ['2026-07-01T09:30:00', { appearanceAt: { hour: 10, minute: 0 }, monthlyAt: null }, []],
];
for (const [now, cfg, expected] of CASES) {
  test(`due at ${now} (${cfg.monthlyAt ? 'monthly on' : 'monthly off'}): ${expected.join(', ') || 'nothing'}`, (t) => {
    t.deepEqual(dueReports(at(now), CAL, cfg).map((d) => `${d.name} ${d.period}`), expected);
  });
}

eachDb('on 4 January 2027 the 2026H2 appearance 通报 goes to the liaison office and the bodies with a group, once', async (t, db) => {
  const h = await startHarness(db, { now: '2027-01-04T01:00:00.000Z' });
  const wecom = await startFakeWecom({ clock: h.clock });
  try {
    await seedDemoData({ db: db.ds, clock: h.clock, pii: h.pii });
    const agencies = db.ds.getRepository(Agency);
    await agencies.update({ name: '府院联动联席办公室' }, { wecomWebhookKey: 'liaison-key' });
    await agencies.update({ name: '宝塔区纪委监委' }, { wecomWebhookKey: 'discipline-key' });
    for (const key of ['liaison-key', 'discipline-key']) wecom.registerWebhook(key);
    const logLines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'info' }, { write: (l: string) => logLines.push(JSON.parse(l)) });
    const deps = { calendar: staticCalendarSource(CAL), dispatch: h.services.reportDispatch, schedule: NINE, logger };

    const first = await runReportSchedule(deps, h.clock.now());
    t.deepEqual(first.sent, ['disputes 2026-12', 'linkage 2026-12', 'appearance 2026H2']);
    t.deepEqual(logLines.filter((l) => l.msg === 'scheduled report failed'), []);
    // Reruns (the next hour, a second instance) send nothing more.
    h.clock.advance(3600_000);
    t.deepEqual((await runReportSchedule(deps, h.clock.now())).sent, []);

    await tickOutbox(db, h.clock, { ...wecomChannels(wecom, h.clock), ...quietChannels('console', 'wechaty-room', 'wecom-app') });
    // Each report is its chart, then its summary; the liaison office gets all three, 区纪委监委 the 通报 only.
    const titles = (key: string) => wecom.webhookMessages(key).filter((m) => m.msgtype === 'markdown').map((m) => /^\*\*(.+?)\*\*/.exec(m.markdown.content)![1]);
    t.deepEqual(titles('liaison-key'), ['矛盾纠纷受理与化解情况', '府院联动事项办理情况', '行政机关负责人出庭应诉情况']);
    t.deepEqual(titles('discipline-key'), ['行政机关负责人出庭应诉情况']);
    for (const key of ['liaison-key', 'discipline-key']) {
      const messages = wecom.webhookMessages(key);
      const [image, card] = messages.slice(-2);
      t.is(image!.msgtype, 'image');
      const png = Buffer.from(image!.image.base64, 'base64');
      t.is(png.subarray(1, 4).toString('latin1'), 'PNG');
      t.is(image!.image.md5, createHash('md5').update(png).digest('hex'));
      t.true(png.length <= 2 * 1024 * 1024);
      t.regex(card!.markdown.content, /^\*\*行政机关负责人出庭应诉情况\*\*（2026年下半年）\n> 应出庭：\d+/);
      t.regex(card!.markdown.content, /> 出庭率：/);
    }
    // The outbox list shows an image row by its md5 and size, not megabytes of base64.
    const listed = await h.request('GET', '/api/notifications?channel=wecom-webhook&pageSize=100', { token: h.adminToken });
    const images = (listed.body.items as Array<{ payload: Record<string, unknown> }>).filter((i) => i.payload.msgtype === 'image');
    t.is(images.length, 4);
    for (const i of images) t.deepEqual(Object.keys(i.payload).sort(), ['bytes', 'md5', 'msgtype']);
    // The files are kept for download: each report's xlsx and chart.
    const admin = { userId: null, role: 'admin' as const, name: '管理员', agencyId: null, villages: [] };
    const kept = (await h.services.reports.files(admin)).map((f) => `${f.name} ${f.periodLabel} ${f.format}`).sort();
    t.deepEqual(kept, [
      'appearance 2026年下半年 png', 'appearance 2026年下半年 xlsx', 'disputes 2026年12月 png', 'disputes 2026年12月 xlsx',
      'linkage 2026年12月 png', 'linkage 2026年12月 xlsx',
    ]);
    // The other liaison office (区委依法治区委员会办公室) has no group: its three cards are written to the console.
    const office = await agencies.findOneByOrFail({ name: '区委依法治区委员会办公室' });
    t.is(await db.ds.manager.countBy(Notification, { channel: 'console', subjectType: 'agency', subjectId: office.id }), 3);
    // 区委政法委 has no group and hears nothing.
    const political = await agencies.findOneByOrFail({ shortName: '区委政法委' });
    t.is(await db.ds.manager.countBy(Notification, { subjectType: 'agency', subjectId: political.id }), 0);
  } finally {
    await wecom.close();
    await h.close();
  }
});
