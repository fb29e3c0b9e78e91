import { createHash } from 'node:crypto';
import { Agency, User } from '../../entities';
import { createConversation } from '../../bot/conversation';
import { parseCommand } from '../../bot/command-parser';
import { commandTable } from '../../bot/conversation';
import { seedDemoData } from '../../server/seed/seed-service';
import test from 'ava';
import { startFakeWecom } from '../fakes/wecom-api.fake';
import { startHarness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';
import { quietChannels, tickOutbox, wecomChannels } from '../helpers/outbox.helper';

// 统计 and 通报 through the real conversation core and services on the demo district.

const HOUSING_HEAD = 'yanhongbin'; // official, 宝塔区住房和城乡建设局
const MEDIATOR = 'aijianguo';

const PARSER_ROWS: Array<[string, unknown]> = [
  ['统计', { ok: true, name: '统计' }],
  ['统计 本月', { ok: false, error: 'usage', name: '统计' }],
  ['通报 2026H2', { ok: true, name: '通报', text: '2026H2' }],
  ['通报：2026-11', { ok: true, name: '通报', text: '2026-11' }],
  ['通报', { ok: false, error: 'usage', name: '通报' }],
];
for (const [input, expected] of PARSER_ROWS) {
  test(`parses ${input}`, (t) => {
    t.like(parseCommand(input, commandTable()), expected as object);
  });
}

eachDb('统计 answers the asker\'s figures for this month; 通报 2026H2 (admin) sends the appearance 通报 now', async (t, db) => {
  const h = await startHarness(db);
  const wecom = await startFakeWecom({ clock: h.clock });
  try {
    await seedDemoData({ db: db.ds, clock: h.clock, pii: h.pii });
    // The demo's admins have no WeCom account: the judge wangjianhua is made one.
    await db.ds.getRepository(User).update({ wecomUserId: 'wangjianhua' }, { role: 'admin' });
    const admin = 'wangjianhua';
    await db.ds.getRepository(Agency).update({ name: '府院联动联席办公室' }, { wecomWebhookKey: 'liaison-key' });
    wecom.registerWebhook('liaison-key');
    const bot = createConversation({ services: h.services, now: () => h.clock.now() });
    const say = async (from: string, text: string) => {
      const r = (await bot.handle({ from, text, via: 'wecom' }))!;
      return typeof r === 'string' ? r : (r as { reply: string }).reply;
    };

    t.regex(await say(HOUSING_HEAD, '统计'), /^\*\*本月统计\*\*（2026年11月）\n\*\*行政机关负责人出庭应诉情况\*\*\n> 应出庭：\d+/);
    t.regex(await say(MEDIATOR, '通报 2026H2'), /^“通报”不是调解员可用的命令/);
    t.regex(await say(admin, '通报 2026H9'), /2026H2/);

    t.is(await say(admin, '通报 2026H2'), '已发送行政机关负责人出庭应诉情况到 2 个群。');
    await tickOutbox(db, h.clock, { ...wecomChannels(wecom, h.clock), ...quietChannels('console', 'wechaty-room', 'wecom-app') });
    const [image, card] = wecom.webhookMessages('liaison-key');
    const png = Buffer.from(image!.image.base64, 'base64');
    t.is(image!.image.md5, createHash('md5').update(png).digest('hex'));
    t.regex(card!.markdown.content, /^\*\*行政机关负责人出庭应诉情况\*\*（2026年上半年|下半年）/);
  } finally {
    await wecom.close();
    await h.close();
  }
});
