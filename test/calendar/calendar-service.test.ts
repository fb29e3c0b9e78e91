import { Like } from 'typeorm';
import { CalendarYear, Notification } from '../../entities';
import { createCalendarService } from '../../server/domain/calendar/calendar-service';
import { fixedClock } from '../../server/domain/clock';
import { createOutbox } from '../../server/domain/outbox/outbox-service';
import { ADMIN_TOKEN_PRINCIPAL } from '../../server/domain/principal';
import { startHarness } from '../helpers/app-harness';
import { eachDb, type TestDb } from '../helpers/databases';
import { adminPost } from '../helpers/district.helper';
import { quietChannels, tickOutbox, wecomChannels } from '../helpers/outbox.helper';
import { startFakeWecom } from '../fakes/wecom-api.fake';

// The calendar service beyond HTTP: the one-time notice about an uncovered
// year, the cache across server instances, and concurrent loads of one year.

const CLI = { actor: ADMIN_TOKEN_PRINCIPAL, requestId: 'test' };
const Y2027 = { holidays: [{ date: '2027-01-01', name: '元旦' }], workdays: [], source: '测试' };

eachDb('an uncovered year is announced once, ever: admins on WeCom and the liaison office\'s group', async (t, db) => {
  const h = await startHarness(db);
  const wecom = await startFakeWecom();
  wecom.registerWebhook('liaison-robot-key-01');
  wecom.registerWebhook('justice-robot-key-01');
  wecom.registerUsers('sunguanli', 'qianganbu');
  try {
    const office = await adminPost(h, '/api/agencies', { name: '宝塔区依法治区办', kind: 'liaison_office', wecomWebhookKey: 'liaison-robot-key-01' });
    await adminPost(h, '/api/agencies', { name: '宝塔区司法局', kind: 'government', wecomWebhookKey: 'justice-robot-key-01' });
    const admin = await adminPost(h, '/api/users', { name: '孙管理', role: 'admin', wecomUserId: 'sunguanli' });
    await adminPost(h, '/api/users', { name: '没有企业微信的管理员', role: 'admin' });
    await adminPost(h, '/api/users', { name: '钱干部', role: 'official', agencyId: office.id, wecomUserId: 'qianganbu' });

    const note = (year: number) => db.ds.transaction((em) => h.services.calendar.noteUncoveredYear(em, year));
    await note(2027);
    await note(2027);
    await note(2027);
    const rows = await db.ds.getRepository(Notification).find({ where: { dedupeKey: Like('calendar:uncovered:2027:%') }, order: { id: 'ASC' } });
    t.deepEqual(rows.map((r) => [r.channel, r.dedupeKey]), [
      ['wecom-app', `calendar:uncovered:2027:user:${admin.id}`],
      ['wecom-webhook', `calendar:uncovered:2027:agency:${office.id}`],
    ]);
    t.deepEqual(rows.map((r) => [r.subjectType, r.subjectId]), [['calendar_year', 2027], ['calendar_year', 2027]]);

    // What they read, as WeCom receives it.
    const result = await tickOutbox(db, h.clock, { ...wecomChannels(wecom, h.clock), ...quietChannels('console') });
    t.is(result.sent, 2);
    const dms = wecom.appMessages();
    t.deepEqual(dms.map((m) => m.touser), ['sunguanli']);
    t.regex(dms[0]!.text.content, /^请导入2027年节假日安排\n/);
    t.regex(dms[0]!.text.content, /暂按周末休息计算/);
    const cards = wecom.webhookMessages('liaison-robot-key-01');
    t.is(cards.length, 1);
    t.regex(cards[0]!.markdown.content, /^\*\*请导入2027年节假日安排\*\*/);
    t.deepEqual(wecom.webhookMessages('justice-robot-key-01'), []);

    // Another year is another notice; once sent, 2027 is never announced again.
    await note(2028);
    await note(2027);
    t.is(await db.ds.getRepository(Notification).countBy({ dedupeKey: Like('calendar:uncovered:2028:%') }), 2);
    t.is(await db.ds.getRepository(Notification).countBy({ dedupeKey: Like('calendar:uncovered:2027:%') }), 2);

    // Loading 2028 before its notice left withdraws it.
    await h.services.calendar.loadYear(2028, { holidays: [], workdays: [], source: '测试' }, CLI);
    const y2028 = await db.ds.getRepository(Notification).findBy({ dedupeKey: Like('calendar:uncovered:2028:%') });
    t.deepEqual(y2028.map((r) => r.status), ['cancelled', 'cancelled']);
  } finally {
    await h.close();
    await wecom.close();
  }
});

eachDb('with nobody to tell, the notice goes to the console rather than nowhere', async (t, db) => {
  const clock = fixedClock('2026-12-01T01:00:00.000Z');
  const calendar = createCalendarService({ db: db.ds, clock, outbox: createOutbox({ db: db.ds, clock }) });
  await db.ds.transaction((em) => calendar.noteUncoveredYear(em, 2027));
  const rows = await db.ds.getRepository(Notification).findBy({ dedupeKey: Like('calendar:uncovered:2027:%') });
  t.deepEqual(rows.map((r) => [r.channel, r.target, r.dueAt.toISOString()]), [['console', '管理员', '2026-12-01T01:00:00.000Z']]);
  t.regex(String((r0(rows).payload as { content: string }).content), /请导入2027年节假日安排/);
});

const r0 = <T>(rows: T[]) => rows[0]!;

// A calendar service with no year loaded, on 1 December 2026, and the
// deadlines it gives from the 20th; the outbox's dedupe keys in order.
async function decemberWithoutCalendar(db: TestDb) {
  const clock = fixedClock('2026-12-01T01:00:00.000Z');
  const calendar = createCalendarService({ db: db.ds, clock, outbox: createOutbox({ db: db.ds, clock }) });
  const cal = await calendar.current();
  const from = new Date('2026-12-20T02:00:00.000Z');
  const keys = async () => (await db.ds.getRepository(Notification).find({ order: { id: 'ASC' } })).map((n) => n.dedupeKey);
  return { calendar, from, deadline: (spec: Parameters<typeof cal.deadline>[1]) => cal.deadline(from, spec), keys };
}

eachDb('noteProvisional names the uncovered years a provisional deadline spans, and nothing for a firm one', async (t, db) => {
  const { calendar, from, deadline, keys } = await decemberWithoutCalendar(db);
  const firm = deadline({ days: 5 });
  const long = deadline({ months: 14 }); // into 2028
  t.false(firm.provisional);
  t.true(long.provisional);
  await db.ds.transaction(async (em) => {
    await calendar.noteProvisional(em, from, firm);
    await calendar.noteProvisional(em, from, long);
  });
  t.deepEqual(await keys(), ['calendar:uncovered:2027:console', 'calendar:uncovered:2028:console']);
});

eachDb('a notice rolled back with its transaction is written by the next provisional deadline; once one is found, the year is not looked up again', async (t, db) => {
  const { calendar, from, deadline: after, keys } = await decemberWithoutCalendar(db);
  const deadline = after({ days: 30 });
  t.true(deadline.provisional);
  await t.throwsAsync(db.ds.transaction(async (em) => {
    await calendar.noteProvisional(em, from, deadline);
    throw new Error('the filing failed');
  }));
  t.deepEqual(await keys(), []);
  await db.ds.transaction((em) => calendar.noteProvisional(em, from, deadline));
  t.deepEqual(await keys(), ['calendar:uncovered:2027:console']);
  // Found by the next one: from then on this process knows 2027 was announced,
  // and does not announce it again even if the outbox row is gone.
  await db.ds.transaction((em) => calendar.noteProvisional(em, from, deadline));
  await db.ds.getRepository(Notification).clear();
  await db.ds.transaction((em) => calendar.noteProvisional(em, from, deadline));
  t.deepEqual(await keys(), []);
});

eachDb('a year loaded through another server instance reaches this one\'s cached calendar', async (t, db) => {
  const clock = fixedClock('2026-12-01T01:00:00.000Z');
  // Two services over one database, as two instances behind a load balancer.
  const make = () => createCalendarService({ db: db.ds, clock, outbox: createOutbox({ db: db.ds, clock }) });
  const a = make();
  const b = make();
  const first = await a.current();
  t.is(await a.current(), first, 'unchanged: the same cached calendar');
  t.false(first.covers(2027));
  await b.loadYear(2027, Y2027, CLI);
  const next = await a.current();
  t.not(next, first);
  t.true(next.covers(2027));
  t.false(next.isWorkday({ year: 2027, month: 1, day: 1 }));
});

eachDb('concurrent loads of one year take turns: one arrangement wins whole, none is mixed', async (t, db) => {
  const clock = fixedClock('2026-12-01T01:00:00.000Z');
  const calendar = createCalendarService({ db: db.ds, clock, outbox: createOutbox({ db: db.ds, clock }) });
  const arrangements = Array.from({ length: 6 }, (_, i) => ({
    holidays: Array.from({ length: 20 }, (_, d) => ({ date: `2027-0${i + 1}-${String(d + 1).padStart(2, '0')}`, name: null })),
    workdays: [],
    source: `来源${i}`,
  }));
  const results = await Promise.allSettled(arrangements.map((a) => calendar.loadYear(2027, a, CLI)));
  t.deepEqual(results.map((r) => r.status), Array(6).fill('fulfilled'));
  const view = await calendar.getYear(2027);
  const winner = arrangements.find((a) => a.source === view.source)!;
  t.deepEqual(view.holidays, winner.holidays.map((d) => d.date));
  t.is((await db.ds.getRepository(CalendarYear).findOneByOrFail({ year: 2027 })).revision, 6);
});
