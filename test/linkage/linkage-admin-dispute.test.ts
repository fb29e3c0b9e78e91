import { Notification } from '../../entities';
import { startFakeWecom } from '../fakes/wecom-api.fake';
import { startHarness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';
import { ok } from '../helpers/district.helper';
import { quietChannels, tickOutbox, wecomChannels } from '../helpers/outbox.helper';
import { linkageDistrict, ROBOTS } from './linkage-district.helper';

// 群众说事 → 行政争议: a resident's administrative dispute naming the agency
// becomes an admin_dispute item with it, the liaison office watching; the
// agency's feedback comes back to the resident on the dispute.

eachDb('a resident\'s administrative dispute reaches the agency and the liaison office; the agency\'s answer reaches the resident', async (t, db) => {
  const h = await startHarness(db); // Thursday 2026-11-26, weekends-only calendar
  const wecom = await startFakeWecom({ clock: h.clock });
  try {
    const d = await linkageDistrict(h);
    for (const key of Object.values(ROBOTS)) wecom.registerWebhook(key);
    wecom.registerUsers('majuzhang', 'baiganshi');
    const channels = { ...wecomChannels(wecom, h.clock), ...quietChannels('console') };
    const resident = d.residents.resident;
    await ok(h.request('POST', '/api/me/subscriptions', { token: resident.token, body: { accepted: ['dispute_reply'] } }), 200);
    const dispute = await ok(h.request('POST', '/api/disputes', { token: resident.token, body: {
      category: 'administrative', description: '市场监管局查封我的店铺，没有出具任何文书', village: '南关社区', phone: '13800001111',
      consent: true, defendantAgencyId: d.agencies.market.id,
    } }), 201);

    const { items } = await ok(h.request('GET', '/api/linkage-items', { token: d.people.market.token }), 200);
    t.is(items.length, 1);
    // 15 working days: 27 November, 30 November – 4 December, 7–11, 14–17 December.
    t.like(items[0], {
      type: 'admin_dispute', title: `行政争议 ${dispute.serial}`, status: 'registered', disputeId: dispute.id,
      fromAgency: { id: d.agencies.liaison.id }, toAgency: { id: d.agencies.market.id }, dueAt: '2026-12-17T15:59:59.999Z',
    });
    await tickOutbox(db, h.clock, channels);
    const card = wecom.webhookMessages(ROBOTS.market).at(-1)!.markdown.content as string;
    for (const part of ['新的行政争议', `行政争议 ${dispute.serial}`, '没有出具任何文书', '2026年12月17日']) t.true(card.includes(part), `${part} in\n${card}`);
    t.true((wecom.webhookMessages(ROBOTS.liaison).at(-1)!.markdown.content as string).includes(`行政争议 ${dispute.serial}`));
    // The item can be named by the dispute's serial in chat.
    t.is(await h.services.linkage.idByReference(dispute.serial, { userId: d.people.market.id, role: 'official', name: '白干事', agencyId: d.agencies.market.id, villages: [] }), items[0].id);

    await ok(h.request('POST', `/api/linkage-items/${items[0].id}/actions`, { token: d.people.market.token, body: { action: 'sign' } }), 200);
    await ok(h.request('POST', `/api/linkage-items/${items[0].id}/actions`, { token: d.people.market.token, body: { action: 'feedback', note: '已撤销查封决定，并当面向当事人说明。' } }), 200);

    const seen = await ok(h.request('GET', `/api/disputes/${dispute.id}`, { token: resident.token }), 200);
    const answer = seen.timeline.at(-1);
    t.is(answer.body, '宝塔区市场监督管理局对您反映的行政争议作出答复：已撤销查封决定，并当面向当事人说明。');
    t.is(answer.author.name, '白干事');
    const notice = await db.ds.getRepository(Notification).findOneByOrFail({ channel: 'wx-subscribe', subjectType: 'dispute', subjectId: dispute.id });
    t.is(notice.target, 'dev-linkage-resident');
    t.like(notice.payload, { template: 'dispute_reply', data: { serial: dispute.serial, replier: '宝塔区市场监督管理局', content: '已撤销查封决定，并当面向当事人说明。' } });
    // The liaison office, as sender, hears the answer too.
    await tickOutbox(db, h.clock, channels);
    t.true((wecom.webhookMessages(ROBOTS.liaison).at(-1)!.markdown.content as string).includes('已反馈'));
  } finally {
    await wecom.close();
    await h.close();
  }
});
