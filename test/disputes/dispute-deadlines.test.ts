import pino from 'pino';
import { Notification, User } from '../../entities';
import { createDevWechatAuthClient } from '../../server/clients/wechat-auth.client';
import type { Principal } from '../../server/domain/principal';
import { runOverdueSweep } from '../../server/jobs/overdue-sweep.job';
import { weekendsOnlySource } from '../helpers/calendar.helper';
import { createServices, DEFAULT_DISPUTE_RULES } from '../../server/services';
import { startHarness, type Harness } from '../helpers/app-harness';
import { eachDb, type TestDb } from '../helpers/databases';
import { NANSHI_AGENCIES, NANSHI_PEOPLE, ok, pick, residentToken as mp, seedDistrict } from '../helpers/district.helper';
import { quietChannels, tickOutbox, wecomChannels } from '../helpers/outbox.helper';
import { startFakeWecom, type FakeWecom } from '../fakes/wecom-api.fake';

// Resolution deadlines in Shanghai days (a period ending on a rest day moves
// to the next working day; here a weekends-only calendar), the mediator's two
// reminders, and the daily urge in the committee's group once a dispute is overdue.

const KEY = 'deadline-robot-key-0001';
const FORM = { category: 'neighbor', description: '邻居在公共楼道堆放杂物，影响通行和消防安全', village: '南关社区', phone: '13800001111', consent: true };

// One committee, with a group robot, and its mediator on WeCom.
async function district(h: Harness) {
  const { agencies, people } = await seedDistrict(h, {
    agencies: pick(NANSHI_AGENCIES, ['committee'], { committee: { categories: ['neighbor', 'labor', 'marriage_family'], wecomWebhookKey: KEY } }),
    people: pick(NANSHI_PEOPLE, ['mediator'], { mediator: { wecomUserId: 'aijianguo' } }),
  });
  return { committee: agencies.committee, mediator: people.mediator, mediatorToken: people.mediator.token };
}

function ticker(h: Harness, db: TestDb, wecom: FakeWecom) {
  const channels = { ...wecomChannels(wecom, h.clock), ...quietChannels('console') };
  return () => tickOutbox(db, h.clock, channels);
}

eachDb('deadlineAt is the end of the Shanghai day 30 days after filing, moved off a weekend; categories can be configured otherwise, in working days too', async (t, db) => {
  const h = await startHarness(db);
  try {
    await district(h);
    const cases: Array<[string, string, string]> = [
      // Saturday the 26th: the period ends on Monday the 28th.
      ['10:00 in Shanghai', '2026-11-26T02:00:00.000Z', '2026-12-28T15:59:59.999Z'],
      ['the last instant of a Shanghai day', '2026-11-26T15:59:59.999Z', '2026-12-28T15:59:59.999Z'],
      ['Shanghai midnight: already the next day (Sunday the 27th → Monday)', '2026-11-26T16:00:00.000Z', '2026-12-28T15:59:59.999Z'],
      ['Shanghai midnight, a weekday', '2026-11-29T16:00:00.000Z', '2026-12-30T15:59:59.999Z'],
      ['over the end of February', '2026-02-01T03:00:00.000Z', '2026-03-03T15:59:59.999Z'],
      ['into the next year', '2026-12-15T02:00:00.000Z', '2027-01-14T15:59:59.999Z'],
    ];
    for (const [i, [title, filedAt, deadline]] of cases.entries()) {
      h.clock.set(filedAt);
      const filed = await ok(h.request('POST', '/api/disputes', { token: await mp(h, `deadline-${i}`), body: FORM }), 201);
      t.is(filed.deadlineAt, deadline, title);
      t.false(filed.deadlineProvisional, title);
      t.false((await ok(h.request('GET', `/api/disputes/${filed.id}`, { token: h.adminToken }), 200)).deadlineProvisional, title);
    }

    // createServices takes per-category days and the daily limit.
    const s = createServices({
      db: db.ds, clock: h.clock, pii: h.pii, adminToken: 'x'.repeat(32), sessionTtlHours: 24, apiTokenTtlDays: 1,
      wechat: createDevWechatAuthClient(), wecom: null, calendar: weekendsOnlySource([2027]),
      disputes: { dailyLimit: 3, deadlineDays: { ...DEFAULT_DISPUTE_RULES.deadlineDays, labor: 10, marriage_family: 2 }, workingDays: { property: 6 } },
    });
    await mp(h, 'deadline-override');
    const u = await db.ds.getRepository(User).findOneByOrFail({ wechatOpenid: 'dev-deadline-override' });
    const me: Principal = { userId: u.id, role: 'resident', name: u.name, agencyId: null, villages: [] };
    h.clock.set('2026-11-26T02:00:00.000Z');
    const file = (category: 'labor' | 'neighbor' | 'marriage_family' | 'property') => s.disputes.file({ ...FORM, category }, me);
    // Sunday the 6th → Monday the 7th.
    t.is((await file('labor')).deadlineAt, '2026-12-07T15:59:59.999Z');
    t.is((await file('neighbor')).deadlineAt, '2026-12-28T15:59:59.999Z');
    // Six working days from Thursday the 26th: Fri, Mon–Thu, Fri the 4th.
    const working = await file('property');
    t.is(working.deadlineAt, '2026-12-04T15:59:59.999Z');
    t.false(working.deadlineProvisional);
    const limited = await t.throwsAsync(file('labor'));
    t.is((limited as any).code, 'DAILY_LIMIT_REACHED');
    t.is((limited as any).status, 429);

    // Two days, ending Sunday → Monday the 30th: the "three days before" reminder
    // (Friday the 27th, 09:00) lies in the past, so only the day's is written.
    h.clock.set('2026-11-27T02:00:00.000Z');
    const short = await file('marriage_family');
    t.is(short.deadlineAt, '2026-11-30T15:59:59.999Z');
    const rows = await db.ds.getRepository(Notification).findBy({ subjectType: 'dispute-deadline', subjectId: short.id });
    t.deepEqual(rows.map((r) => r.dueAt.toISOString()), ['2026-11-30T01:00:00.000Z']);

    // Reaching a year the calendar does not cover: provisional, on weekends only.
    h.clock.set('2026-12-20T02:00:00.000Z');
    const provisional = await file('neighbor');
    t.is(provisional.deadlineAt, '2027-01-19T15:59:59.999Z');
    t.true(provisional.deadlineProvisional);
  } finally {
    await h.close();
  }
});

eachDb('the mediator is reminded at 09:00 Shanghai three days before and on the deadline day, not before', async (t, db) => {
  const h = await startHarness(db, { now: '2026-11-26T02:00:00.000Z' });
  const wecom = await startFakeWecom({ clock: h.clock });
  try {
    await district(h);
    wecom.registerWebhook(KEY);
    wecom.registerUsers('aijianguo');
    const tick = ticker(h, db, wecom);
    const filed = await ok(h.request('POST', '/api/disputes', { token: await mp(h, 'reminded'), body: FORM }), 201);
    const rows = await db.ds.getRepository(Notification).find({ where: { subjectType: 'dispute-deadline', subjectId: filed.id }, order: { dueAt: 'ASC' } });
    // Planned for the mediator by role; resolved to their WeCom account when sent.
    const mediatorId = (await db.ds.getRepository(User).findOneByOrFail({ wecomUserId: 'aijianguo' })).id;
    t.deepEqual(rows.map((r) => [r.channel, JSON.parse(r.target), r.dueAt.toISOString()]), [
      ['audience', { kind: 'user', userId: mediatorId }, '2026-12-25T01:00:00.000Z'],
      ['audience', { kind: 'user', userId: mediatorId }, '2026-12-28T01:00:00.000Z'],
    ]);
    await tick();
    const reminders = () => wecom.appMessages().filter((m) => /提醒：纠纷/.test(m.text.content));
    t.is(wecom.appMessages().length, 1, 'the assignment');

    const steps: Array<[string, number, RegExp | null]> = [
      ['2026-12-25T00:59:59.999Z', 0, null],
      ['2026-12-25T01:00:00.000Z', 1, /还有 3 天/],
      ['2026-12-27T12:00:00.000Z', 1, null],
      ['2026-12-28T00:59:59.999Z', 1, null],
      ['2026-12-28T01:00:00.000Z', 2, /今天/],
      ['2026-12-29T01:00:00.000Z', 2, null],
    ];
    for (const [at, count, text] of steps) {
      h.clock.set(at);
      await tick();
      t.is(reminders().length, count, at);
      if (text) {
        t.regex(reminders().at(-1)!.text.content, text, at);
        t.true(reminders().at(-1)!.text.content.includes(filed.serial));
      }
    }
  } finally {
    await h.close();
    await wecom.close();
  }
});

eachDb('an overdue open dispute is urged once per Shanghai day in its group; a closed one never; ?overdue=true lists it', async (t, db) => {
  const h = await startHarness(db, { now: '2026-11-26T02:00:00.000Z' });
  const wecom = await startFakeWecom({ clock: h.clock });
  try {
    const w = await district(h);
    wecom.registerWebhook(KEY);
    wecom.registerUsers('aijianguo');
    const tick = ticker(h, db, wecom);
    const file = async (code: string) => ok(h.request('POST', '/api/disputes', { token: await mp(h, code), body: FORM }), 201);
    const late = await file('overdue-open');
    const closed = await file('overdue-closed');
    await ok(h.request('POST', `/api/disputes/${closed.id}/transitions`, { token: w.mediatorToken, body: { action: 'accept' } }), 200);
    await ok(h.request('POST', `/api/disputes/${closed.id}/transitions`, { token: w.mediatorToken, body: { action: 'mediate' } }), 200);
    await ok(h.request('POST', `/api/disputes/${closed.id}/transitions`, { token: w.mediatorToken, body: { action: 'fail' } }), 200);
    h.clock.set('2026-12-20T02:00:00.000Z');
    const fresh = await file('overdue-fresh');
    await tick();

    const deps = { reminders: h.services.reminders, logger: pino({ level: 'silent' }) };
    const urges = () => db.ds.getRepository(Notification).find({ where: { subjectType: 'dispute-deadline' }, order: { id: 'ASC' } })
      .then((rows) => rows.filter((r) => r.dedupeKey.includes(':urge-')));
    const runs: Array<[string, number, number]> = [
      ['2026-12-28T15:59:59.999Z', 0, 0], // the deadline's last instant: not yet overdue
      ['2026-12-28T16:00:00.000Z', 1, 1], // 00:00 on the 29th in Shanghai
      ['2026-12-29T01:00:00.000Z', 0, 1],
      ['2026-12-29T15:59:00.000Z', 0, 1], // 23:59 the same Shanghai day
      ['2026-12-29T16:00:00.000Z', 1, 2], // the next day
      ['2026-12-30T03:00:00.000Z', 0, 2],
    ];
    for (const [at, urged, total] of runs) {
      h.clock.set(at);
      t.deepEqual(await runOverdueSweep(deps, h.clock.now()), { urged, escalated: 0 }, at);
      const rows = await urges();
      t.is(rows.length, total, at);
      t.true(rows.every((r) => r.subjectId === late.id && r.channel === 'audience' && JSON.parse(r.target).kind === 'agency-group'), at);
    }
    await tick();
    const cards = wecom.webhookMessages(KEY).filter((m) => m.markdown?.content.includes('纠纷超期催办'));
    t.is(cards.length, 2);
    t.true(cards.every((m) => m.markdown.content.includes(late.serial) && m.markdown.content.includes('<@aijianguo>')));
    t.regex(cards[0]!.markdown.content, /1 天/);
    t.regex(cards[1]!.markdown.content, /2 天/);

    // Staff lists: overdue=true is the late one only; overdue=false the others.
    const list = async (q: string, token = h.adminToken) => (await ok(h.request('GET', `/api/disputes?${q}`, { token }), 200));
    const overdue = await list('overdue=true');
    t.deepEqual(overdue.items.map((d: any) => d.id), [late.id]);
    t.is(overdue.total, 1);
    t.true(overdue.items[0].overdue);
    t.deepEqual((await list('overdue=true', w.mediatorToken)).items.map((d: any) => d.id), [late.id]);
    t.deepEqual((await list('overdue=false')).items.map((d: any) => d.id), [fresh.id, closed.id]);
    t.true((await ok(h.request('GET', `/api/disputes/${late.id}`, { token: h.adminToken }), 200)).overdue);

    // Closing it ends the urging.
    await ok(h.request('POST', `/api/disputes/${late.id}/transitions`, { token: h.adminToken, body: { action: 'withdraw', note: '群众撤回' } }), 200);
    h.clock.set('2026-12-31T02:00:00.000Z');
    t.deepEqual(await runOverdueSweep(deps, h.clock.now()), { urged: 0, escalated: 0 });
    t.deepEqual((await list('overdue=true')).items, []);
  } finally {
    await h.close();
    await wecom.close();
  }
});
