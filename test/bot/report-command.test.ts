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

    // An official of an agency: the reports in that agency's scope, a line each.
    t.deepEqual((await say(HOUSING_HEAD, '统计')).split('\n').map((l, i) => i === 0 ? l : l.replace(/\d+(\.\d)?%?|—/g, 'N')), [
      '**本月统计**（2026年11月）',
      '> **矛盾纠纷受理与化解情况**：受理 N，化解成功 N，化解不成 N，撤回 N，办理中 N，超期 N，诉前化解成功率 N',
      '> **行政机关负责人出庭应诉情况**：应出庭 N，负责人出庭 N，副职出庭 N，未出庭 N，出庭率 N，上期出庭率 N',
      '> **司法建议反馈情况**：发出 N，按期反馈 N，逾期反馈 N，逾期未反馈 N，未到期 N，反馈率 N',
      '> **府院联动事项办理情况**：登记 N，办理中 N，已答复 N，逾期未反馈 N，已移送 N',
    ]);
    // A mediator's scope is the disputes of their committee.
    t.regex(await say(MEDIATOR, '统计'), /^\*\*本月统计\*\*（2026年11月）\n> \*\*矛盾纠纷受理与化解情况\*\*：受理 \d+，[^\n]*$/);
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
