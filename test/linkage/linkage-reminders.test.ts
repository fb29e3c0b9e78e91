import pino from 'pino';
import { Notification } from '../../entities';
import { runOverdueSweep } from '../../server/jobs/overdue-sweep.job';
import { startFakeWecom } from '../fakes/wecom-api.fake';
import { startHarness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';
import { ok } from '../helpers/district.helper';
import { quietChannels, tickOutbox, wecomChannels } from '../helpers/outbox.helper';
import { linkageDistrict, ROBOTS } from './linkage-district.helper';

// The deadline's reminders (LINKAGE_REMINDER_OFFSETS 7d,1d,0d at 09:00) to the
// receiving agency's group and head; once overdue, the group is urged weekly,
// and after two urges its head, the sender and the liaison office are told.

eachDb('reminders at 7d, 1d, 0d; overdue urged weekly, then escalated; an answer withdraws what is pending', async (t, db) => {
  const h = await startHarness(db, { now: '2026-12-01T02:00:00Z' });
  const wecom = await startFakeWecom({ clock: h.clock });
  try {
    const d = await linkageDistrict(h);
    for (const key of Object.values(ROBOTS)) wecom.registerWebhook(key);
    wecom.registerUsers('majuzhang', 'baiganshi', 'lixiulan');
    const channels = { ...wecomChannels(wecom, h.clock), ...quietChannels('console') };
    const tick = () => tickOutbox(db, h.clock, channels);
    const sweep = () => runOverdueSweep({ reminders: h.services.reminders, logger: pino({ level: 'silent' }) }, h.clock.now());
    const item = await ok(h.request('POST', '/api/linkage-items', { token: d.people.judge.token, body: {
      type: 'assistance_request', title: '协助查询被执行人房产', body: '请协助查询。', toAgencyId: d.agencies.market.id,
    } }), 201);
    // 7 working days from Tuesday 1 December: Wednesday the 10th.
    t.is(item.dueAt, '2026-12-10T15:59:59.999Z');
    const planned = await db.ds.getRepository(Notification).find({ where: { subjectType: 'linkage-deadline', subjectId: item.id, status: 'pending' }, order: { dueAt: 'ASC', id: 'ASC' } });
    t.deepEqual(planned.map((n) => [n.dueAt.toISOString(), JSON.parse(n.target).kind]), [
      ['2026-12-03T01:00:00.000Z', 'agency-group'], ['2026-12-03T01:00:00.000Z', 'agency-head'],
      ['2026-12-09T01:00:00.000Z', 'agency-group'], ['2026-12-09T01:00:00.000Z', 'agency-head'],
      ['2026-12-10T01:00:00.000Z', 'agency-group'], ['2026-12-10T01:00:00.000Z', 'agency-head'],
    ]);
    await tick();
    h.clock.set('2026-12-10T01:00:00Z');
    await tick();
    const today = wecom.webhookMessages(ROBOTS.market).at(-1)!.markdown.content as string;
    t.true(today.includes('查人找物 #') && today.includes('今天到期'), today);
    t.true(wecom.appMessages().some((m) => m.touser === 'majuzhang' && m.markdown?.content.includes('今天到期')));

    // Overdue: urged on the 11th, not again that week, again on the 18th; after two urges, escalated.
    const urges = () => wecom.webhookMessages(ROBOTS.market).filter((m) => m.markdown.content.includes('已超期')).length;
    h.clock.set('2026-12-11T01:00:00Z');
    await sweep();
    await tick();
    t.is(urges(), 1);
    h.clock.set('2026-12-14T01:00:00Z');
    await sweep();
    await tick();
    t.is(urges(), 1, 'weekly, not daily');
    h.clock.set('2026-12-18T01:00:00Z');
    await sweep();
    await tick();
    t.is(urges(), 2);
    const escalation = (key: string) => wecom.webhookMessages(key).some((m) => m.markdown.content.includes('通报：查人找物'));
    t.false(escalation(ROBOTS.court), 'two urges have not failed yet');
    // Two urges did not help: the third comes with the 通报.
    h.clock.set('2026-12-25T01:00:00Z');
    await sweep();
    await tick();
    t.is(urges(), 3);
    t.true(escalation(ROBOTS.court), 'the sender');
    t.true(escalation(ROBOTS.liaison), 'the liaison office');
    t.true(wecom.appMessages().some((m) => m.touser === 'majuzhang' && m.markdown?.content.includes('超期未反馈')), 'the head');

    // Answered: nothing more is urged.
    await ok(h.request('POST', `/api/linkage-items/${item.id}/actions`, { token: d.people.market.token, body: { action: 'feedback', note: '查无房产登记。' } }), 200);
    h.clock.set('2027-01-04T01:00:00Z');
    t.deepEqual(await sweep(), { urged: 0, escalated: 0 });
  } finally {
    await wecom.close();
    await h.close();
  }
});

eachDb('a joint meeting is reminded before its time and never urged after it', async (t, db) => {
  const h = await startHarness(db, { now: '2026-12-01T02:00:00Z' });
  try {
    const d = await linkageDistrict(h);
    const meeting = await ok(h.request('POST', '/api/linkage-items', { token: d.people.liaison.token, body: {
      type: 'joint_meeting', title: '第四季度府院联席会议', body: '议题：行政争议实质性化解。', toAgencyId: d.agencies.market.id,
      ccAgencyIds: [d.agencies.court.id, d.agencies.housing.id], due: { at: '2026-12-10T14:30:00+08:00' },
    } }), 201);
    t.like(meeting, { dueAt: '2026-12-10T06:30:00.000Z', fromAgency: { id: d.agencies.liaison.id } });
    const planned = await db.ds.getRepository(Notification).find({ where: { subjectType: 'linkage-deadline', subjectId: meeting.id, status: 'pending' }, order: { dueAt: 'ASC' } });
    t.deepEqual([...new Set(planned.map((n) => n.dueAt.toISOString()))], ['2026-12-03T01:00:00.000Z', '2026-12-09T01:00:00.000Z', '2026-12-10T01:00:00.000Z']);
    h.clock.set('2026-12-11T01:00:00Z');
    t.deepEqual(await runOverdueSweep({ reminders: h.services.reminders, logger: pino({ level: 'silent' }) }, h.clock.now()), { urged: 0, escalated: 0 });
  } finally {
    await h.close();
  }
});
