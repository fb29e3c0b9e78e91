import { Notification } from '../../entities';
import { startFakeWecom } from '../fakes/wecom-api.fake';
import { startHarness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';
import { ok, seedDistrict } from '../helpers/district.helper';
import { quietChannels, tickOutbox, wecomChannels } from '../helpers/outbox.helper';

// 行政机关负责人出庭应诉 reminders, end to end: planned when the court enters
// the hearing, re-planned when it moves, withdrawn when it is cancelled, and
// delivered through the fake WeCom to the agency's head and group.

const MARKET_ROBOT = 'market-robot-key-0001';
const COURT_ROBOT = 'court-robot-key-00001';

eachDb('the head and the group are reminded at 7d, 3d, 1d and 2h; a move re-plans and says so; a late move tells the court; a cancellation withdraws', async (t, db) => {
  const h = await startHarness(db, { now: '2026-12-01T02:00:00Z' }); // 10:00 in Shanghai
  const wecom = await startFakeWecom({ clock: h.clock });
  try {
    const d = await seedDistrict(h, {
      agencies: {
        court: { name: '延安市宝塔区人民法院', kind: 'court', wecomWebhookKey: COURT_ROBOT },
        market: { name: '延安市宝塔区市场监督管理局', kind: 'government', wecomWebhookKey: MARKET_ROBOT },
      },
      people: {
        judge: { name: '李秀兰', role: 'judge', agency: 'court' },
        head: { name: '马局长', role: 'official', agency: 'market', wecomUserId: 'majuzhang' },
      },
    });
    wecom.registerUsers('majuzhang');
    wecom.registerWebhook(MARKET_ROBOT);
    wecom.registerWebhook(COURT_ROBOT);
    await ok(h.request('PATCH', `/api/agencies/${d.agencies.market.id}`, { token: h.adminToken, body: { headUserId: d.people.head.id } }), 200);
    const judge = d.people.judge.token;
    const hearing = await ok(h.request('POST', '/api/hearings', { token: judge, body: {
      caseNumber: '（2026）陕0602行初12号', startsAt: '2026-12-10T09:00:00+08:00', cause: '行政处罚', courtRoom: '第一法庭',
      judgeName: '李秀兰', defendantAgencyId: d.agencies.market.id,
    } }), 201);
    const pending = async (subjectType: string) =>
      (await db.ds.getRepository(Notification).find({ where: { subjectType, subjectId: hearing.id, status: 'pending' }, order: { dueAt: 'ASC', id: 'ASC' } }))
        .map((n) => [n.dueAt.toISOString(), JSON.parse(n.target).kind]);
    t.deepEqual(await pending('hearing'), [
      ['2026-12-03T01:00:00.000Z', 'agency-head'], ['2026-12-03T01:00:00.000Z', 'agency-group'],
      ['2026-12-07T01:00:00.000Z', 'agency-head'], ['2026-12-07T01:00:00.000Z', 'agency-group'],
      ['2026-12-09T01:00:00.000Z', 'agency-head'], ['2026-12-09T01:00:00.000Z', 'agency-group'],
      // 2h before nine is seven: the group hears it then, the head not before eight (quiet hours).
      ['2026-12-09T23:00:00.000Z', 'agency-group'], ['2026-12-10T00:00:00.000Z', 'agency-head'],
    ]);

    // The first reminder, delivered: the head by app message, the group by its robot.
    h.clock.set('2026-12-03T01:00:00Z');
    const channels = { ...wecomChannels(wecom, h.clock), ...quietChannels('console') };
    t.is((await tickOutbox(db, h.clock, channels)).sent, 2);
    const [toHead] = wecom.appMessages();
    t.is(toHead!.touser, 'majuzhang');
    for (const content of [toHead!.markdown.content, wecom.webhookMessages(MARKET_ROBOT)[0]!.markdown.content]) {
      for (const part of ['开庭提醒', '（2026）陕0602行初12号', '行政处罚', '2026年12月10日 09:00', '第一法庭', '加盖单位印章的书面说明', '出庭 （2026）陕0602行初12号 负责人']) {
        t.true(content.includes(part), `${part} in\n${content}`);
      }
    }

    // Moved to the day after tomorrow: less than three days ahead.
    await ok(h.request('PATCH', `/api/hearings/${hearing.id}`, { token: judge, body: { startsAt: '2026-12-05T09:00:00+08:00' } }), 200);
    t.deepEqual(await pending('hearing'), [
      ['2026-12-04T01:00:00.000Z', 'agency-head'], ['2026-12-04T01:00:00.000Z', 'agency-group'],
      ['2026-12-04T23:00:00.000Z', 'agency-group'], ['2026-12-05T00:00:00.000Z', 'agency-head'],
    ]);
    t.is((await tickOutbox(db, h.clock, channels)).sent, 3, 'the change to the head and the group, the late notice to the court');
    t.regex(wecom.appMessages()[1]!.markdown.content, /开庭时间变更[\s\S]*原定：2026年12月10日 09:00[\s\S]*2026年12月5日 09:00/);
    t.regex(wecom.webhookMessages(COURT_ROBOT)[0]!.markdown.content, /出庭通知时间不足三日[\s\S]*第五条/);

    await ok(h.request('PATCH', `/api/hearings/${hearing.id}`, { token: judge, body: { status: 'cancelled' } }), 200);
    t.deepEqual(await pending('hearing'), [], 'no reminder of a cancelled hearing is left');
    t.is((await tickOutbox(db, h.clock, channels)).sent, 2);
    t.regex(wecom.webhookMessages(MARKET_ROBOT).at(-1)!.markdown.content, /开庭取消/);
    h.clock.set('2026-12-05T00:00:00Z');
    t.is((await tickOutbox(db, h.clock, channels)).sent, 0, 'nothing more arrives');
  } finally {
    await h.close();
    await wecom.close();
  }
});

eachDb('a resident following the case is told when a session is scheduled and reminded the day before, while they hold credits', async (t, db) => {
  const h = await startHarness(db, { now: '2026-12-01T02:00:00Z' });
  try {
    const d = await seedDistrict(h, { agencies: { court: { name: '延安市宝塔区人民法院', kind: 'court' } }, people: { judge: { name: '李秀兰', role: 'judge', agency: 'court' } }, residents: { wang: 'wang' } });
    const me = d.residents.wang;
    await ok(h.request('POST', '/api/me/subscriptions', { token: me.token, body: { accepted: ['hearing_reminder', 'hearing_reminder'] } }), 200);
    await ok(h.request('POST', '/api/hearing-subscriptions', { token: me.token, body: { caseNumber: '(2026)陕0602民初77号' } }), 201);
    await ok(h.request('POST', '/api/hearings', { token: d.people.judge.token, body: { caseNumber: '（2026）陕0602民初77号', startsAt: '2026-12-15T14:30:00+08:00', courtRoom: '第三法庭' } }), 201);
    const rows = await db.ds.getRepository(Notification).find({ where: { channel: 'audience' }, order: { dueAt: 'ASC' } });
    t.deepEqual(rows.map((n) => [n.dueAt.toISOString(), n.payload.subscribe && (n.payload.subscribe as { data: { note: string } }).data.note]), [
      ['2026-12-01T02:00:00.000Z', '法院已安排开庭'],
      ['2026-12-14T06:30:00.000Z', '明天开庭，请按时到庭'],
    ]);
    t.like((rows[1]!.payload.subscribe as { data: Record<string, string> }).data, { caseNumber: '（2026）陕0602民初77号', court: '第三法庭', startsAt: '2026年12月15日 14:30' });
    const credits = await ok(h.request('GET', '/api/me/subscriptions', { token: me.token }), 200);
    t.is(credits.credits.hearing_reminder, 0, 'each message holds one credit');
  } finally {
    await h.close();
  }
});
