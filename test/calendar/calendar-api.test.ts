import fc from 'fast-check';
import { AuditEntry, CalendarDay, CalendarYear, Notification } from '../../entities';
import { DomainError } from '../../server/domain/errors';
import { startHarness } from '../helpers/app-harness';
import { eachDb, type TestDb } from '../helpers/databases';
import { BAOTA_AGENCIES, BAOTA_PEOPLE, mpLogin, pick, seedDistrict } from '../helpers/district.helper';
import { countRows } from '../helpers/row-counts.helper';

// The calendar over HTTP: what the migration put in, what an admin loads, and
// what a load does to the deadlines that reach the year.

// A plausible 2027 arrangement (the State Council's notice for 2027 is not out yet).
const Y2027 = {
  holidays: ['2027-01-01', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12', '2027-10-01', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07'],
  workdays: ['2027-02-14', '2027-10-09'],
  source: '国务院办公厅关于2027年部分节假日安排的通知',
};

async function world(db: TestDb) {
  const h = await startHarness(db);
  const { people } = await seedDistrict(h, {
    agencies: pick(BAOTA_AGENCIES, ['justice']),
    people: pick(BAOTA_PEOPLE, ['official']),
  });
  const resident = await mpLogin(h, 'calendar-resident');
  return { h, official: people.official.token, resident: resident.token };
}

const tables = (db: TestDb) => countRows(db, { day: CalendarDay, year: CalendarYear, audit: AuditEntry, notification: Notification });

eachDb('a fresh database has 2004–2026 from the package, and 2027 is not covered', async (t, db) => {
  const { h, official, resident } = await world(db);
  try {
    const y2026 = await h.request('GET', '/api/calendar/2026', { token: official });
    t.is(y2026.status, 200);
    t.like(y2026.body, { year: 2026, covered: true, source: 'chinese-days@1.5.7' });
    t.deepEqual(y2026.body.workdays, ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    t.true(y2026.body.holidays.includes('2026-10-01'));
    t.is(y2026.body.names['2026-10-10'], '国庆节');
    t.like((await h.request('GET', '/api/calendar/2004', { token: official })).body, { covered: true });

    const y2027 = await h.request('GET', '/api/calendar/2027', { token: official });
    t.is(y2027.status, 200);
    t.deepEqual(y2027.body, { year: 2027, covered: false, holidays: [], workdays: [], source: null, names: {}, loadedAt: null });

    t.is((await h.request('GET', '/api/calendar/2027')).status, 401);
    t.is((await h.request('GET', '/api/calendar/2027', { token: resident })).status, 403);
    for (const bad of ['27', '1999', '2100', 'abcd', '2027.0', '02027']) {
      const r = await h.request('GET', `/api/calendar/${bad}`, { token: official });
      t.is(r.status, 400, bad);
      t.is(r.body.error.code, 'VALIDATION_FAILED');
      t.regex(r.body.error.message, /^年份：/);
    }
  } finally {
    await h.close();
  }
});

eachDb('an admin loads 2027: deadlines that reach it are recomputed in the same transaction, and it is audited', async (t, db) => {
  const { h, official } = await world(db);
  try {
    const from = new Date('2026-12-24T02:00:00.000Z');
    const before = await h.services.calendar.current();
    // Weekends only in 2027: 12-25, 28, 29, 30, 31, 01-01 … 01-07.
    t.like(before.deadline(from, { workingDays: 10 }), { provisional: true });
    t.is(before.deadline(from, { workingDays: 10 }).dueAt.toISOString(), '2027-01-07T15:59:59.999Z');

    // A deadline owner's hook: sees the new calendar inside the load's transaction.
    const seen: Array<{ year: number; dueAt: string; provisional: boolean; rows: number }> = [];
    h.services.calendar.onYearLoaded(async (em, year, calendar) => {
      const d = calendar.deadline(from, { workingDays: 10 });
      seen.push({ year, dueAt: d.dueAt.toISOString(), provisional: d.provisional, rows: await em.count(CalendarDay, {}) });
      return { changed: 3 };
    });
    h.services.calendar.onYearLoaded(async () => ({ changed: 2 }));

    const official2 = await h.request('PUT', '/api/calendar/2027', { token: official, body: Y2027 });
    t.is(official2.status, 403);

    const r = await h.request('PUT', '/api/calendar/2027', { token: h.adminToken, body: { ...Y2027, names: { '2027-10-01': '国庆节' } } });
    t.is(r.status, 200, r.text);
    t.like(r.body, { year: 2027, covered: true, holidays: Y2027.holidays, workdays: Y2027.workdays, source: Y2027.source, changed: 5 });
    t.deepEqual(r.body.names, { '2027-10-01': '国庆节' });
    // 01-01 is now a holiday: the tenth working day is 01-08.
    t.deepEqual(seen.map((s) => [s.year, s.dueAt, s.provisional]), [[2027, '2027-01-08T15:59:59.999Z', false]]);

    const after = await h.services.calendar.current();
    t.deepEqual(after.deadline(from, { workingDays: 10 }), { dueAt: new Date('2027-01-08T15:59:59.999Z'), provisional: false });
    t.like((await h.request('GET', '/api/calendar/2027', { token: official })).body, { covered: true, holidays: Y2027.holidays });

    const audit = await db.ds.getRepository(AuditEntry).findOneByOrFail({ action: 'calendar.load' });
    t.like(audit, { subjectType: 'calendar_year', subjectId: 2027, actorId: null });
    t.like(audit.detail, { holidays: 13, workdays: 2, changed: 5, source: Y2027.source });

    // Loading again replaces the year: days left out are gone.
    const again = await h.request('PUT', '/api/calendar/2027', { token: h.adminToken, body: { holidays: ['2027-01-01'], workdays: [], source: '更正' } });
    t.is(again.status, 200);
    t.deepEqual([again.body.holidays, again.body.workdays, again.body.source], [['2027-01-01'], [], '更正']);
    t.is(await db.ds.getRepository(CalendarDay).countBy({ source: Y2027.source }), 0);
    t.is((await h.services.calendar.current()).isWorkday({ year: 2027, month: 2, day: 8 }), true);
    t.is((await db.ds.getRepository(CalendarYear).findOneByOrFail({ year: 2027 })).revision, 2);
    // 2026 was not touched.
    t.like((await h.request('GET', '/api/calendar/2026', { token: official })).body, { covered: true, source: 'chinese-days@1.5.7' });
  } finally {
    await h.close();
  }
});

eachDb('a bad arrangement is refused in Chinese and nothing is written', async (t, db) => {
  const { h } = await world(db);
  try {
    const cases: Array<[string, unknown, RegExp]> = [
      ['a date of another year', { ...Y2027, holidays: ['2026-12-31'] }, /^休息日：2026-12-31 不在 2027 年内/],
      ['no such day', { ...Y2027, workdays: ['2027-02-29'] }, /^调休上班日：“2027-02-29”不是有效的日期/],
      ['not a date', { ...Y2027, holidays: ['十月一日'] }, /^休息日：“十月一日”不是有效的日期/],
      ['a number', { ...Y2027, holidays: [20271001] }, /^休息日：/],
      ['both lists', { ...Y2027, workdays: ['2027-10-01'] }, /^调休上班日：2027-10-01 不能既是休息日又是调休上班日/],
      ['no source', { holidays: [], workdays: [] }, /^数据来源：不能为空/],
      ['blank source', { ...Y2027, source: '   ' }, /^数据来源：/],
      ['an unknown field', { ...Y2027, region: '陕西' }, /^region：不是可提交的字段/],
      ['a name for a day not listed', { ...Y2027, names: { '2027-05-01': '劳动节' } }, /^名称：2027-05-01 不在/],
      ['too many days', { ...Y2027, holidays: Array(367).fill('2027-01-01') }, /^休息日：最多 366 项/],
      ['not an object', [1, 2], /请求内容应为 JSON 对象/],
    ];
    const before = await tables(db);
    for (const [title, body, message] of cases) {
      const r = await h.request('PUT', '/api/calendar/2027', { token: h.adminToken, body });
      t.is(r.status, 400, title);
      t.is(r.body?.error?.code, 'VALIDATION_FAILED', title);
      t.regex(r.body?.error?.message ?? '', message, title);
    }
    const badYear = await h.request('PUT', '/api/calendar/1999', { token: h.adminToken, body: { holidays: [], workdays: [], source: 'x' } });
    t.is(badYear.status, 400);
    t.deepEqual(await tables(db), before);

    // A hook that refuses (a deadline owner finds something wrong) takes the whole load back.
    h.services.calendar.onYearLoaded(async (em) => {
      await em.delete(CalendarDay, { date: '2026-10-01' });
      throw new DomainError('RECOMPUTE_REFUSED', '测试：重算失败', 409);
    });
    const refused = await h.request('PUT', '/api/calendar/2027', { token: h.adminToken, body: Y2027 });
    t.is(refused.status, 409);
    t.is(refused.body.error.message, '测试：重算失败');
    t.deepEqual(await tables(db), before);
    t.false((await h.services.calendar.current()).covers(2027));
  } finally {
    await h.close();
  }
});

eachDb('arbitrary PUT bodies never give a 5xx, and a refusal writes nothing', async (t, db) => {
  const { h } = await world(db);
  try {
    const date = fc.oneof(
      fc.date({ min: new Date('2026-06-01'), max: new Date('2028-06-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      fc.string({ maxLength: 12 }),
      fc.constantFrom('2027-02-29', '2027-13-01', '2027-1-1', '', '2027-10-01T00:00:00Z'),
    );
    const body = fc.oneof(
      fc.record({ holidays: fc.array(date, { maxLength: 6 }), workdays: fc.array(date, { maxLength: 3 }), source: fc.string({ maxLength: 200 }) }, { requiredKeys: [] }),
      fc.record({ holidays: fc.anything(), workdays: fc.anything(), source: fc.anything(), names: fc.anything() }, { requiredKeys: [] }),
      fc.anything(),
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const before = await tables(db);
        const r = await h.request('PUT', '/api/calendar/2027', { token: h.adminToken, rawBody: JSON.stringify(b) ?? 'null', headers: { 'content-type': 'application/json' } });
        if (r.status >= 500) return false;
        if (r.status === 200) return r.body.covered === true;
        return r.status === 400 && typeof r.body?.error?.message === 'string' && JSON.stringify(await tables(db)) === JSON.stringify(before);
      }),
      { numRuns: 150 },
    );
    t.pass();
  } finally {
    await h.close();
  }
});

