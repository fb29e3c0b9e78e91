import { startFakeWecom } from '../fakes/wecom-api.fake';
import { startHarness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';
import { ok } from '../helpers/district.helper';
import { quietChannels, tickOutbox, wecomChannels } from '../helpers/outbox.helper';
import { linkageDistrict, ROBOTS } from './linkage-district.helper';

// A judicial suggestion's whole trail through the API — register → sign →
// transfer → assign → urge → feedback → close — and what each side is told.

eachDb('register → sign → transfer → assign → urge → feedback → close, each told what they must know', async (t, db) => {
  const h = await startHarness(db); // 2026-11-26 10:00 Shanghai, weekends-only calendar
  const wecom = await startFakeWecom({ clock: h.clock });
  try {
    const d = await linkageDistrict(h);
    for (const key of Object.values(ROBOTS)) wecom.registerWebhook(key);
    wecom.registerUsers('lixiulan', 'majuzhang', 'baiganshi', 'hekezhang', 'gaozhuanyuan', 'tianyaqin', 'gaolianluo');
    const channels = { ...wecomChannels(wecom, h.clock), ...quietChannels('console') };
    const tick = () => tickOutbox(db, h.clock, channels);
    const { judge, market, housing, housingStaff } = d.people;
    const act = (token: string, body: object, status = 200) => ok(h.request('POST', `/api/linkage-items/${item.id}/actions`, { token, body }), status);
    const last = (key: string) => wecom.webhookMessages(key).at(-1)?.markdown.content as string;

    const item = await ok(h.request('POST', '/api/linkage-items', { token: judge.token, body: {
      type: 'judicial_suggestion', title: '关于规范食品经营许可审查的司法建议', body: '审理中发现食品经营许可审查存在*疏漏*，建议完善。',
      toAgencyId: d.agencies.market.id, ccAgencyIds: [d.agencies.town.id],
    } }), 201);
    t.like(item, {
      type: 'judicial_suggestion', documentNumber: '宝法建〔2026〕1号', status: 'registered', provisional: false,
      // Two months from Thursday 26 November: Tuesday 26 January.
      dueAt: '2027-01-26T15:59:59.999Z',
      fromAgency: { id: d.agencies.court.id, name: '宝塔区人民法院' }, toAgency: { id: d.agencies.market.id },
      ccAgencies: [{ id: d.agencies.town.id, name: '南市街道办事处' }],
    });
    t.deepEqual(item.allowedActions, ['urge']);
    await tick();
    const toMarket = last(ROBOTS.market);
    for (const part of ['新的司法建议 宝法建〔2026〕1号待签收', '关于规范食品经营许可审查的司法建议', '宝塔区人民法院', '2027年1月26日', '签收 宝法建〔2026〕1号', '＊疏漏＊']) {
      t.true(toMarket.includes(part), `${part} in\n${toMarket}`);
    }
    t.true(wecom.appMessages().some((m) => m.touser === 'majuzhang' && m.markdown.content.includes('宝法建〔2026〕1号')), 'the head hears it');
    t.true(last(ROBOTS.town).includes('抄送：司法建议 宝法建〔2026〕1号'));

    const signed = await act(market.token, { action: 'sign' });
    t.like(signed, { status: 'assigned', assigneeId: market.id });

    // Transferred on Tuesday 1 December: the housing bureau has two months from then.
    h.clock.set('2026-12-01T02:00:00Z');
    const moved = await act(market.token, { action: 'transfer', toAgencyId: d.agencies.housing.id, note: '属住建局职责' });
    t.like(moved, { status: 'transferred', toAgency: { id: d.agencies.housing.id }, assigneeId: null, dueAt: '2027-02-01T15:59:59.999Z' });
    await tick();
    t.true(last(ROBOTS.housing).includes('新的司法建议 宝法建〔2026〕1号待签收'));
    t.true(last(ROBOTS.housing).includes('期限自移送之日起重新计算'));
    // The market bureau passed it on: no longer its item.
    t.is((await h.request('GET', `/api/linkage-items/${item.id}`, { token: market.token })).status, 404);

    t.like(await act(housing.token, { action: 'assign', assigneeId: housingStaff.id }), { status: 'assigned', assigneeId: housingStaff.id });
    t.like(await act(judge.token, { action: 'urge', note: '请抓紧办理' }), { status: 'assigned' });
    await tick();
    t.true(wecom.appMessages().some((m) => m.touser === 'gaozhuanyuan' && m.text?.content.includes('已交由您办理')), 'the assignee is told');
    t.true(last(ROBOTS.housing).includes('催办：司法建议 宝法建〔2026〕1号'));
    t.true(last(ROBOTS.housing).includes('请抓紧办理'));

    // The receiver answers; the sender hears at once, its group and the judge who registered it.
    const answered = await act(housingStaff.token, { action: 'feedback', note: '已完成整改，建立许可复核制度。' });
    t.like(answered, { status: 'answered', answeredAt: '2026-12-01T02:00:00.000Z' });
    await tick();
    t.true(last(ROBOTS.court).includes('司法建议 宝法建〔2026〕1号 已反馈'));
    t.true(last(ROBOTS.court).includes('已完成整改，建立许可复核制度。'));
    t.true(wecom.appMessages().some((m) => m.touser === 'lixiulan' && m.markdown?.content.includes('已完成整改')));

    // A wrong move is 409 with what is allowed instead.
    const early = await h.request('POST', `/api/linkage-items/${item.id}/actions`, { token: housing.token, body: { action: 'sign' } });
    t.is(early.status, 409);
    t.deepEqual(early.body.error.allowed, []);
    const closed = await act(judge.token, { action: 'close' });
    t.like(closed, { status: 'closed', allowedActions: ['reopen'] });
    const wrong = await h.request('POST', `/api/linkage-items/${item.id}/actions`, { token: judge.token, body: { action: 'urge' } });
    t.is(wrong.status, 409);
    t.is(wrong.body.error.code, 'TRANSITION_NOT_ALLOWED');
    t.deepEqual(wrong.body.error.allowed, ['reopen']);

    const trail = (await ok(h.request('GET', `/api/linkage-items/${item.id}`, { token: judge.token }), 200)).events;
    t.deepEqual(trail.map((e: any) => [e.action, e.actor?.name ?? null, e.fromAgency?.name ?? null, e.toAgency?.name ?? null]), [
      ['register', '李秀兰', '宝塔区人民法院', '宝塔区市场监督管理局'],
      ['sign', '白干事', '宝塔区市场监督管理局', '宝塔区市场监督管理局'],
      ['transfer', '白干事', '宝塔区市场监督管理局', '宝塔区住房和城乡建设局'],
      ['assign', '贺科长', '宝塔区住房和城乡建设局', '宝塔区住房和城乡建设局'],
      ['urge', '李秀兰', '宝塔区住房和城乡建设局', '宝塔区住房和城乡建设局'],
      ['feedback', '高专员', '宝塔区住房和城乡建设局', '宝塔区住房和城乡建设局'],
      ['close', '李秀兰', '宝塔区住房和城乡建设局', '宝塔区住房和城乡建设局'],
    ]);
    t.is(trail[5].note, '已完成整改，建立许可复核制度。');

    // Reopened, it goes back to its assignee.
    t.like(await act(judge.token, { action: 'reopen', note: '整改不到位' }), { status: 'assigned', assigneeId: housingStaff.id, answeredAt: null });
  } finally {
    await wecom.close();
    await h.close();
  }
});
