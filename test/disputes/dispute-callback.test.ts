import { createConversation } from '../../bot/conversation';
import { startHarness, type Harness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';
import { NANSHI_AGENCIES, NANSHI_PEOPLE, ok, pick, residentToken as mp, seedDistrict } from '../helpers/district.helper';
import { quietChannels, tickOutbox, wecomChannels } from '../helpers/outbox.helper';
import { startFakeWecom } from '../fakes/wecom-api.fake';

// 请调解员给我回电 (适老化): a resident who would rather talk than type asks the
// mediator to call. The committee's card and the mediator's message say so,
// staff views show it, and the mediator's 待办 lists such disputes first.

const KEY = 'callback-robot-key-0001';
const PHONE = '13800001111';
const FORM = { category: 'neighbor', description: '邻居在公共楼道堆放杂物，影响通行和消防安全', village: '南关社区', phone: PHONE, consent: true };

async function district(h: Harness) {
  const { people } = await seedDistrict(h, {
    agencies: pick(NANSHI_AGENCIES, ['committee', 'court'], { committee: { wecomWebhookKey: KEY } }),
    people: pick(NANSHI_PEOPLE, ['mediator', 'judge'], { mediator: { wecomUserId: 'aijianguo' }, judge: { wecomUserId: 'lixiulan' } }),
  });
  return people;
}

eachDb('a callback dispute: the card and the mediator say so, staff views show it, a non-boolean is refused', async (t, db) => {
  const h = await startHarness(db);
  const wecom = await startFakeWecom({ clock: h.clock });
  try {
    const people = await district(h);
    const token = await mp(h, 'callback-card');
    const refused = await h.request('POST', '/api/disputes', { token, body: { ...FORM, callback: 'yes' } });
    t.is(refused.status, 400);
    t.true(String(refused.body.error.message).startsWith('请调解员回电：'), refused.body.error.message);

    const called = await ok(h.request('POST', '/api/disputes', { token, body: { ...FORM, callback: true } }), 201);
    const plain = await ok(h.request('POST', '/api/disputes', { token, body: FORM }), 201);

    wecom.registerWebhook(KEY);
    wecom.registerUsers('aijianguo');
    const result = await tickOutbox(db, h.clock, { ...wecomChannels(wecom, h.clock), ...quietChannels('console') });
    t.is(result.failed + result.retrying, 0);
    const card = (serial: string) => wecom.webhookMessages(KEY).find((m) => m.markdown?.content.includes(serial))!.markdown.content as string;
    t.true(card(called.serial).includes('群众希望您回电'), card(called.serial));
    t.false(card(plain.serial).includes('回电'));
    const text = (serial: string) => wecom.appMessages().find((m) => m.touser === 'aijianguo' && m.text.content.includes(serial))!.text.content as string;
    t.true(text(called.serial).includes(`群众希望您回电，电话在“查看 ${called.serial}”里。`), text(called.serial));
    t.false(text(plain.serial).includes('回电'));

    // Staff views: the flag in the list and the detail; the assigned mediator's detail has the whole phone.
    const list = await ok(h.request('GET', '/api/disputes', { token: people.mediator.token }), 200);
    t.deepEqual(list.items.map((d: any) => [d.serial, d.callback]), [[plain.serial, false], [called.serial, true]]);
    const detail = await ok(h.request('GET', `/api/disputes/${called.id}`, { token: people.mediator.token }), 200);
    t.like(detail, { callback: true, contactPhone: PHONE });
    t.false((await ok(h.request('GET', `/api/disputes/${plain.id}`, { token: people.judge.token }), 200)).callback);
  } finally {
    await h.close();
    await wecom.close();
  }
});

eachDb('待办 lists callback disputes first, marked 请回电; 查看 gives the mediator the number to call', async (t, db) => {
  const h = await startHarness(db);
  try {
    await district(h);
    const bot = createConversation({ services: h.services, now: () => h.clock.now() });
    const say = (from: string, text: string) => bot.handle({ from, text, via: 'wecom' });
    // Filed a day apart: the later deadlines belong to the callback disputes, which still come first.
    const filed = [];
    for (const [i, callback] of [false, true, false, true].entries()) {
      filed.push(await ok(h.request('POST', '/api/disputes', { token: await mp(h, `callback-todo-${i}`), body: { ...FORM, callback } }), 201));
      h.clock.advance(24 * 3600_000);
    }
    const [first, second, third, fourth] = filed;
    const todo = (await say('aijianguo', '待办'))!;
    const lines = todo.split('\n').filter((l) => l.startsWith('· '));
    t.deepEqual(lines.map((l) => l.replace(/（.*$/, '')), [
      `· 【请回电】${second.serial} 邻里纠纷`,
      `· 【请回电】${fourth.serial} 邻里纠纷`,
      `· ${first.serial} 邻里纠纷`,
      `· ${third.serial} 邻里纠纷`,
    ]);

    const view = (await say('aijianguo', `查看 ${second.serial}`))!;
    t.true(view.includes(`群众希望您回电：${PHONE}`), view);
    t.false((await say('aijianguo', `查看 ${first.serial}`))!.includes('回电'));
    // A judge sees that the resident wants a call, not the number.
    const judgeView = (await say('lixiulan', `查看 ${second.serial}`))!;
    t.true(judgeView.includes('群众希望您回电：'), judgeView);
    t.false(judgeView.includes(PHONE));
  } finally {
    await h.close();
  }
});
