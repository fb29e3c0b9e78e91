import { Like } from 'typeorm';
import { DisputeEntry, Notification } from '../../entities';
import { startHarness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';
import { NANSHI_AGENCIES, NANSHI_PEOPLE, ok, pick, seedDistrict } from '../helpers/district.helper';
import { tickOutbox, wecomChannels } from '../helpers/outbox.helper';
import { startFakeWecom } from '../fakes/wecom-api.fake';

// A resident who posts fast: ten messages a minute, then a refusal that
// writes nothing; and the mediator hears of it in one card at once and one
// card at the end of each five minutes, listing what arrived, not a card (or
// three, for a long message) per message.

const SECOND = 1000;
const MINUTE = 60 * SECOND;

eachDb('chat limits: 10 messages a minute per resident, then 429; the mediator gets one card at once and one digest per 5 minutes', async (t, db) => {
  const h = await startHarness(db);
  const wecom = await startFakeWecom({ clock: h.clock });
  try {
    const w = await seedDistrict(h, {
      agencies: pick(NANSHI_AGENCIES, ['committee']),
      people: pick(NANSHI_PEOPLE, ['mediator'], { mediator: { wecomUserId: 'aijianguo' } }),
      residents: { resident: 'chatty-resident' },
    });
    wecom.registerUsers('aijianguo');
    const channels = wecomChannels(wecom, h.clock);
    const filed = await ok(h.request('POST', '/api/disputes', {
      token: w.residents.resident.token,
      body: { category: 'neighbor', description: '楼上装修噪音太大，晚上十点以后还在施工。', village: '南关社区', phone: '13800000000', consent: true },
    }), 201);
    const outbox = db.ds.getRepository(Notification);
    const entries = db.ds.getRepository(DisputeEntry);
    const messages = () => entries.countBy({ disputeId: filed.id, kind: 'message' });
    await tickOutbox(db, h.clock, channels); // what the filing itself sends
    const rowsBefore = await outbox.count();
    const appBefore = wecom.appMessages().length;
    const T0 = h.clock.now().getTime();

    // A long message (over 2048 bytes as one text) would once have been three rows a post.
    const long = (i: number) => `第${i}条：` + '楼上每天晚上装修到十一点，孩子没法睡觉，请尽快处理。'.repeat(30);
    const post = (body: string) => h.request('POST', `/api/disputes/${filed.id}/messages`, { token: w.residents.resident.token, body: { body } });
    const refused: number[] = [];
    for (let i = 1; i <= 20; i++) {
      const reply = await post(long(i));
      if (i <= 10) t.is(reply.status, 201, `post ${i}`);
      else {
        refused.push(reply.status);
        t.is(reply.body.error.code, 'RATE_LIMITED');
        t.regex(reply.body.error.message, /留言太频繁.*每分钟最多 10 条/);
      }
      h.clock.advance(2 * SECOND);
    }
    t.deepEqual(refused, Array(10).fill(429), 'refused after ten in a minute');
    t.is(await messages(), 10, 'a refused post writes no message');
    const rows = async () => (await outbox.count()) - rowsBefore;
    t.true((await rows()) <= 3, `20 posts made ${await rows()} outbox rows`);
    t.log(`20 posts: ${await rows()} outbox rows (1 card at once, in parts, and 1 digest)`);

    // The first went to the mediator at once; the rest wait for the digest.
    await tickOutbox(db, h.clock, channels);
    const sentToMediator = () => wecom.appMessages().slice(appBefore).filter((m) => m.touser === 'aijianguo');
    t.is(sentToMediator().length, (await outbox.countBy({ dedupeKey: Like(`dispute:${filed.id}:chat:%`), status: 'sent' })));
    t.true(sentToMediator().every((m) => !/又留言/.test(m.text.content)));
    t.regex(sentToMediator().map((m) => m.text.content).join(''), /第1条/);

    // A minute on, the resident may post again; the digest still waits and now holds these too.
    h.clock.set(new Date(T0 + 90 * SECOND));
    for (let i = 11; i <= 15; i++) t.is((await post(`短消息${i}：物业说明天来看`)).status, 201);
    t.true((await rows()) <= 3, 'later posts revise the waiting digest, they do not add rows');
    await tickOutbox(db, h.clock, channels);
    t.false(sentToMediator().some((m) => /又留言/.test(m.text.content)), 'not a moment before the window ends');

    // At the end of the five minutes: one digest listing what arrived.
    h.clock.set(new Date(T0 + 5 * MINUTE));
    await tickOutbox(db, h.clock, channels);
    const digests = sentToMediator().filter((m) => /又留言/.test(m.text.content));
    t.is(digests.length, 1);
    const digest: string = digests[0]!.text.content;
    t.regex(digest, new RegExp(`群众就纠纷 ${filed.serial} 又留言 14 条`));
    t.regex(digest, /1\. 第2条：楼上每天晚上装修到十一点/);
    t.regex(digest, /10\. 短消息11/);
    t.regex(digest, /另有 4 条/);
    t.regex(digest, new RegExp(`如需查看全文，请发：查看 ${filed.serial}\n如需答复，请发：回复 ${filed.serial} 答复内容$`));

    // A message right after that digest waits for the next window; an hour later one goes at once.
    h.clock.set(new Date(T0 + 5 * MINUTE + 10 * SECOND));
    t.is((await post('还有一件事')).status, 201);
    const next = await outbox.find({ where: { dedupeKey: Like(`dispute:${filed.id}:chat:%`), status: 'pending' } });
    t.deepEqual(next.map((r) => r.dueAt.getTime() - T0), [10 * MINUTE]);
    h.clock.set(new Date(T0 + 70 * MINUTE));
    await tickOutbox(db, h.clock, channels);
    t.is((await post('一小时后的留言')).status, 201);
    await tickOutbox(db, h.clock, channels);
    t.regex(sentToMediator().at(-1)!.text.content, /留言：一小时后的留言/);
  } finally {
    await h.close();
    await wecom.close();
  }
});

eachDb('the rate limit counts the resident, across their disputes, by the injected clock', async (t, db) => {
  const h = await startHarness(db);
  try {
    const w = await seedDistrict(h, {
      agencies: pick(NANSHI_AGENCIES, ['committee']),
      people: pick(NANSHI_PEOPLE, ['mediator']),
      residents: { resident: 'two-disputes', other: 'someone-else' },
    });
    const file = async (token: string) => (await ok(h.request('POST', '/api/disputes', {
      token, body: { category: 'neighbor', description: '邻居家的狗每天夜里叫个不停。', village: '南关社区', phone: '13800000001', consent: true },
    }), 201)).id as number;
    const [a, b] = [await file(w.residents.resident.token), await file(w.residents.resident.token)];
    const c = await file(w.residents.other.token);
    const post = (id: number, token: string) => h.request('POST', `/api/disputes/${id}/messages`, { token, body: { body: '请尽快处理' } });
    for (let i = 0; i < 10; i++) t.is((await post(i % 2 ? a : b, w.residents.resident.token)).status, 201);
    t.is((await post(a, w.residents.resident.token)).status, 429);
    t.is((await post(b, w.residents.resident.token)).status, 429, 'the other dispute counts too');
    t.is((await post(c, w.residents.other.token)).status, 201, 'another resident is not held back');
    // The mediator is not limited by the resident's count.
    t.is((await h.request('POST', `/api/disputes/${a}/messages`, { token: w.people.mediator.token, body: { body: '收到，明天上门。' } })).status, 201);
    h.clock.advance(59 * SECOND);
    t.is((await post(a, w.residents.resident.token)).status, 429, 'within the minute');
    h.clock.advance(2 * SECOND);
    t.is((await post(a, w.residents.resident.token)).status, 201, 'a minute on');
  } finally {
    await h.close();
  }
});
