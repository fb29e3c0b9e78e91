import { HearingSubscription } from '../../entities';
import { startHarness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';
import { ok, residentToken, seedDistrict } from '../helpers/district.helper';

// 开庭提醒: a resident follows their case by number, before and after the
// court has put a session in the calendar.

eachDb('a resident follows a case by number, in any bracket form; a later session is shown; unfollowing is theirs alone', async (t, db) => {
  const h = await startHarness(db, { now: '2026-12-01T02:00:00Z' });
  try {
    const d = await seedDistrict(h, { agencies: { court: { name: '延安市宝塔区人民法院', kind: 'court' } }, people: { judge: { name: '李秀兰', role: 'judge', agency: 'court' } } });
    const me = await residentToken(h, 'wang');
    const other = await residentToken(h, 'li');

    const early = await ok(h.request('POST', '/api/hearing-subscriptions', { token: me, body: { caseNumber: '(2026)陕0602民初77号' } }), 201);
    t.deepEqual(early, { id: early.id, caseNumber: '（2026）陕0602民初77号', nextHearing: null });
    const again = await ok(h.request('POST', '/api/hearing-subscriptions', { token: me, body: { caseNumber: '（2026）陕0602民初77号' } }), 201);
    t.is(again.id, early.id, 'following twice is following once');

    // The court schedules two sessions; one already past, one cancelled: the next open one shows.
    const judge = d.people.judge.token;
    await ok(h.request('POST', '/api/hearings', { token: judge, body: { caseNumber: '（2026）陕0602民初77号', session: 1, startsAt: '2026-11-20T09:00:00+08:00', cause: '民间借贷纠纷' } }), 201);
    await ok(h.request('POST', '/api/hearings', { token: judge, body: { caseNumber: '（2026）陕0602民初77号', session: 2, startsAt: '2026-12-15T14:30:00+08:00', cause: '民间借贷纠纷', courtRoom: '第三法庭' } }), 201);
    const third = await ok(h.request('POST', '/api/hearings', { token: judge, body: { caseNumber: '（2026）陕0602民初77号', session: 3, startsAt: '2026-12-10T09:00:00+08:00' } }), 201);
    await ok(h.request('PATCH', `/api/hearings/${third.id}`, { token: judge, body: { status: 'cancelled' } }), 200);

    const mine = await ok(h.request('GET', '/api/hearing-subscriptions', { token: me }), 200);
    t.deepEqual(mine.items, [{
      id: early.id, caseNumber: '（2026）陕0602民初77号',
      nextHearing: { session: 2, startsAt: '2026-12-15T06:30:00.000Z', courtRoom: '第三法庭', cause: '民间借贷纠纷', status: 'scheduled' },
    }]);
    t.deepEqual((await ok(h.request('GET', '/api/hearing-subscriptions', { token: other }), 200)).items, []);

    t.is((await h.request('DELETE', `/api/hearing-subscriptions/${early.id}`, { token: other })).status, 404);
    t.is(await db.ds.manager.count(HearingSubscription), 1);
    t.is((await h.request('DELETE', `/api/hearing-subscriptions/${early.id}`, { token: me })).status, 204);
    t.is((await h.request('DELETE', `/api/hearing-subscriptions/${early.id}`, { token: me })).status, 404);

    const bad = await h.request('POST', '/api/hearing-subscriptions', { token: me, body: { caseNumber: '陕0602民初77号' } });
    t.is(bad.status, 400);
    t.regex(bad.body.error.message, /案号有误：案号应以括号内的收案年度开头/);
    t.is((await h.request('POST', '/api/hearing-subscriptions', { token: judge, body: { caseNumber: '（2026）陕0602民初77号' } })).status, 403);
    t.is(await db.ds.manager.count(HearingSubscription), 0);
  } finally {
    await h.close();
  }
});

eachDb('a resident follows at most 20 cases', async (t, db) => {
  const h = await startHarness(db, { now: '2026-12-01T02:00:00Z' });
  try {
    const me = await residentToken(h, 'zhao');
    for (let i = 1; i <= 20; i++) await ok(h.request('POST', '/api/hearing-subscriptions', { token: me, body: { caseNumber: `（2026）陕0602民初${i}号` } }), 201);
    const refused = await h.request('POST', '/api/hearing-subscriptions', { token: me, body: { caseNumber: '（2026）陕0602民初21号' } });
    t.is(refused.status, 409);
    t.regex(refused.body.error.message, /最多关注 20 个案件/);
    t.is(await db.ds.manager.count(HearingSubscription), 20);
  } finally {
    await h.close();
  }
});
