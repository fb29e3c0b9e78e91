import { Like } from 'typeorm';
import { Notification } from '../../entities';
import { startHarness, type Harness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';
import { ok } from '../helpers/district.helper';
import { linkageDistrict } from './linkage-district.helper';
import { realCalendarSource } from './real-calendar.helper';

// Each type's default deadline on the real 2026 calendar (the Mid-Autumn and
// National Day holidays, the make-up Sunday 20 September and Saturday
// 10 October), an item's own deadline, a transfer's recompute, a year
// without holiday data, and the court's numbering.

const SH = (local: string) => new Date(`${local}+08:00`).toISOString();
const END = (day: string) => `${day}T15:59:59.999Z`;

eachDb('default deadlines by type on the real calendar; an override; a transfer recomputes; an uncovered year is provisional', async (t, db) => {
  const h = await startHarness(db, { calendar: realCalendarSource([2025, 2026]) });
  try {
    const d = await linkageDistrict(h);
    const { judge, market, liaison } = d.people;
    const register = async (token: string, at: string, body: object) => {
      h.clock.set(SH(at));
      return ok(h.request('POST', '/api/linkage-items', { token, body: { title: '事项', body: '内容', toAgencyId: d.agencies.market.id, ...body } }), 201);
    };
    const cases: Array<[string, string, string, object, string]> = [
      // Oct 8, 9, the make-up Saturday 10th, 12–16, 19–23, 26, 27.
      ['15 working days across National Day and a make-up Saturday', judge.token, '2026-09-30T10:00:00', { type: 'admin_dispute' }, END('2026-10-27')],
      // Two months from 1 August is 1 October, a holiday: the next working day.
      ['two months ending on a holiday', judge.token, '2026-08-01T10:00:00', { type: 'judicial_suggestion' }, END('2026-10-08')],
      // 28, 29, 30 September (25–27 Mid-Autumn), then 8 and 9 October.
      ['5 working days over both holidays', judge.token, '2026-09-24T10:00:00', { type: 'debt_litigation_notice' }, END('2026-10-09')],
      ['10 working days to the court', market.token, '2026-09-30T10:00:00', { type: 'legality_review', toAgencyId: d.agencies.court.id }, END('2026-10-20')],
      // The make-up Sunday 20 September counts: 20–24, then 28, 29.
      ['7 working days from a Friday before a make-up Sunday', judge.token, '2026-09-18T10:00:00', { type: 'assistance_request' }, END('2026-09-29')],
      // One month ends on the make-up Saturday 10 October, a working day: it stays.
      ['one month ending on a make-up Saturday', judge.token, '2026-09-10T10:00:00', { type: 'risk_letter' }, END('2026-10-10')],
      ['a joint meeting at its time', liaison.token, '2026-09-30T10:00:00', { type: 'joint_meeting', due: { at: '2026-10-12T14:30:00+08:00' } }, '2026-10-12T06:30:00.000Z'],
      ['an item\'s own deadline: 3 working days', judge.token, '2026-09-30T10:00:00', { type: 'judicial_suggestion', due: { workingDays: 3 } }, END('2026-10-10')],
      ['an item\'s own deadline: 10 calendar days, ending on a holiday', judge.token, '2026-09-24T10:00:00', { type: 'risk_letter', due: { days: 10 } }, END('2026-10-08')],
    ];
    for (const [title, token, at, body, due] of cases) {
      const item = await register(token, at, body);
      t.is(item.dueAt, due, title);
      t.false(item.provisional, title);
    }

    // Registered on Thursday 24 September, transferred on Wednesday the 30th: 15 working days from the transfer.
    const item = await register(judge.token, '2026-09-24T10:00:00', { type: 'admin_dispute' });
    t.is(item.dueAt, END('2026-10-22'));
    h.clock.set(SH('2026-09-30T09:00:00'));
    const moved = await ok(h.request('POST', `/api/linkage-items/${item.id}/actions`, { token: market.token, body: { action: 'transfer', toAgencyId: d.agencies.housing.id } }), 200);
    t.is(moved.dueAt, END('2026-10-27'));

    // Two months from 1 December reach 2027, which the calendar does not cover: weekends only, provisional.
    const later = await register(judge.token, '2026-12-01T10:00:00', { type: 'judicial_suggestion' });
    t.like(later, { dueAt: END('2027-02-01'), provisional: true });

    // Refused: two ways at once, a meeting without its time.
    for (const body of [{ type: 'risk_letter', due: { days: 3, months: 1 } }, { type: 'joint_meeting' }]) {
      const r = await h.request('POST', '/api/linkage-items', { token: liaison.token, body: { title: '事项', body: '内容', toAgencyId: d.agencies.market.id, ...body } });
      t.is(r.status, 400);
      t.is(r.body.error.code, 'VALIDATION_FAILED');
    }
  } finally {
    await h.close();
  }
});

eachDb('judicial suggestions are numbered per court and year; two at once get 1 and 2; a court may set its prefix', async (t, db) => {
  const h = await startHarness(db);
  try {
    const d = await linkageDistrict(h);
    const post = (body: object = {}) => h.request('POST', '/api/linkage-items', {
      token: d.people.judge.token, body: { type: 'judicial_suggestion', title: '司法建议', body: '内容', toAgencyId: d.agencies.market.id, ...body },
    });
    const both = await Promise.all([post(), post()]);
    t.deepEqual(both.map((r) => r.status), [201, 201]);
    t.deepEqual(both.map((r) => r.body.documentNumber).sort(), ['宝法建〔2026〕1号', '宝法建〔2026〕2号']);
    // A number the court gives is kept, and takes none from the counter.
    t.is((await ok(post({ documentNumber: '宝法建[2026]８８号' }), 201)).documentNumber, '宝法建〔2026〕88号', 'kept, in the one form');
    await ok(h.request('PATCH', `/api/agencies/${d.agencies.court.id}`, { token: h.adminToken, body: { documentPrefix: '宝塔法建' } }), 200);
    t.is((await ok(post(), 201)).documentNumber, '宝塔法建〔2026〕3号');
    h.clock.set('2027-01-04T02:00:00Z');
    t.is((await ok(post(), 201)).documentNumber, '宝塔法建〔2027〕1号');
    // Only a court's suggestions are numbered; the liaison office may not send one.
    const refused = await h.request('POST', '/api/linkage-items', {
      token: d.people.liaison.token, body: { type: 'judicial_suggestion', title: '司法建议', body: '内容', toAgencyId: d.agencies.market.id },
    });
    t.is(refused.status, 403);
  } finally {
    await h.close();
  }
});

eachDb('loading the year a provisional deadline reaches recomputes it from the registration and tells the agency', async (t, db) => {
  // The database's calendar (2004–2026 from chinese-days), as production computes on.
  const box: { h?: Harness } = {};
  const h = await startHarness(db, { calendar: { current: () => box.h!.services.calendar.current() } });
  box.h = h;
  try {
    const d = await linkageDistrict(h);
    h.clock.set('2026-12-01T02:00:00Z');
    const item = await ok(h.request('POST', '/api/linkage-items', { token: d.people.judge.token, body: {
      type: 'judicial_suggestion', title: '司法建议', body: '内容', toAgencyId: d.agencies.market.id,
    } }), 201);
    t.like(item, { dueAt: END('2027-02-01'), provisional: true });
    // 2027 as published, with 1 February a holiday for the test's sake: the period moves to the 2nd.
    const loaded = await ok(h.request('PUT', '/api/calendar/2027', { token: h.adminToken, body: { holidays: ['2027-01-01', '2027-02-01'], workdays: [], source: '国办发明电' } }), 200);
    t.is(loaded.changed, 1);
    t.like(await ok(h.request('GET', `/api/linkage-items/${item.id}`, { token: d.people.judge.token }), 200), { dueAt: END('2027-02-02'), provisional: false });
    const told = await db.ds.getRepository(Notification).findOneByOrFail({ subjectType: 'linkage', subjectId: item.id, dedupeKey: Like('%deadline-moved%') });
    t.true(String((told.payload as { text: string }).text).includes('由 2027年2月1日 23:59 调整为 2027年2月2日 23:59'));
  } finally {
    await h.close();
  }
});
