import pino from 'pino';
import { LinkageItem, Notification, type LinkageItemStatus, type LinkageItemType } from '../../entities';
import { byteLength } from '../../server/domain/outbox/message-limits';
import { runLinkageDigest } from '../../server/jobs/linkage-digest.job';
import { startFakeWecom } from '../fakes/wecom-api.fake';
import { startHarness, type Harness } from '../helpers/app-harness';
import { eachDb, type TestDb } from '../helpers/databases';
import { seedDistrict } from '../helpers/district.helper';
import { quietChannels, tickOutbox, wecomChannels } from '../helpers/outbox.helper';

// The Monday linkage digest (联动事项周报), end to end: items written as rows,
// the job run at Monday 09:00 Shanghai, the cards delivered to the fake WeCom
// robots of the liaison office and of each receiving agency.

const MONDAY_NINE = '2026-12-07T01:00:00Z'; // Monday 7 December 2026, 09:00 Shanghai
const ROBOTS = { liaison: 'liaison-robot-key-0001', court: 'court-robot-key-000001', housing: 'housing-robot-key-0001', market: 'market-robot-key-00001' };
const quiet = pino({ level: 'silent' });
// One test at a time: the fake WeCom's answers must not wait behind another
// test's migrations long enough for the sender's 5 s timeout on a busy machine.
const SERIAL = { serial: true };

// The end of a Shanghai day, as every deadline is.
const endOf = (day: string) => new Date(new Date(`${day}T00:00:00+08:00`).getTime() + 86_400_000 - 1);
const at = (s: string) => new Date(`${s}+08:00`);

async function district(h: Harness) {
  const d = await seedDistrict(h, {
    agencies: {
      liaison: { name: '宝塔区府院联动办公室', kind: 'liaison_office', wecomWebhookKey: ROBOTS.liaison },
      court: { name: '宝塔区人民法院', kind: 'court', wecomWebhookKey: ROBOTS.court },
      housing: { name: '宝塔区住房和城乡建设局', kind: 'government', wecomWebhookKey: ROBOTS.housing },
      market: { name: '宝塔区市场监督管理局', kind: 'government', wecomWebhookKey: ROBOTS.market },
      // No robot and no room: its list has nowhere to go.
      town: { name: '南市街道办事处', kind: 'township' },
    },
  });
  return Object.fromEntries(Object.entries(d.agencies).map(([k, a]) => [k, a.id as number])) as Record<keyof typeof ROBOTS | 'town', number>;
}

interface ItemSpec {
  type: LinkageItemType;
  number: string | null;
  title: string;
  to: number;
  status: LinkageItemStatus;
  created: string;
  due: string | null;
  answered?: string;
}

async function insertItems(db: TestDb, from: number, specs: ItemSpec[]): Promise<LinkageItem[]> {
  const repo = db.ds.getRepository(LinkageItem);
  const rows: LinkageItem[] = [];
  for (const s of specs) {
    rows.push(await repo.save(repo.create({
      type: s.type, documentNumber: s.number, title: s.title, body: '正文', fromAgencyId: from, toAgencyId: s.to, assigneeId: null,
      status: s.status, dueAt: s.due ? endOf(s.due) : null, dueKind: 'calendar', dueDays: 30,
      answeredAt: s.answered ? at(s.answered) : null, disputeId: null, createdAt: at(s.created), updatedAt: at(s.created),
    })));
  }
  return rows;
}

eachDb('the Monday digest: the liaison office reads the district, each agency its own list, once', async (t, db) => {
  const h = await startHarness(db, { now: MONDAY_NINE });
  const wecom = await startFakeWecom({ clock: h.clock });
  try {
    const a = await district(h);
    for (const key of Object.values(ROBOTS)) wecom.registerWebhook(key);
    const items = await insertItems(db, a.court, [
      // New last week (Wednesday), due in February.
      { type: 'judicial_suggestion', number: '宝法建〔2026〕7号', title: '关于规范房屋征收补偿程序的司法建议', to: a.housing, status: 'registered', created: '2026-12-02T10:00:00', due: '2027-02-02' },
      // Due this Wednesday, registered long ago, no document number.
      { type: 'admin_dispute', number: null, title: '张某诉区住建局房屋征收补偿', to: a.housing, status: 'assigned', created: '2026-11-10T09:00:00', due: '2026-12-09' },
      // Overdue at two agencies: the market with two, housing with one.
      { type: 'risk_letter', number: '宝法提〔2026〕2号', title: '关于物业专项维修资金管理的风险提示', to: a.housing, status: 'registered', created: '2026-10-30T09:00:00', due: '2026-11-30' },
      { type: 'assistance_request', number: '宝法协〔2026〕5号', title: '协助查询被执行人名下车辆', to: a.market, status: 'transferred', created: '2026-11-24T09:00:00', due: '2026-12-03' },
      { type: 'judicial_suggestion', number: '宝法建〔2026〕4号', title: '关于加强食品经营许可审查的司法建议', to: a.market, status: 'assigned', created: '2026-10-01T09:00:00', due: '2026-12-01' },
      // Answered last Thursday, two days after its deadline; and one answered in time.
      { type: 'judicial_suggestion', number: '宝法建〔2026〕2号', title: '关于完善征收公告送达的司法建议', to: a.housing, status: 'answered', created: '2026-10-01T09:00:00', due: '2026-12-01', answered: '2026-12-03T10:00:00' },
      { type: 'judicial_suggestion', number: '宝法建〔2026〕3号', title: '关于规范行政执法文书的司法建议', to: a.market, status: 'answered', created: '2026-11-01T09:00:00', due: '2026-12-10', answered: '2026-12-02T15:00:00' },
      // What someone typed is shown as text: no @all, no link. New and due this week, at an agency without a group.
      { type: 'admin_dispute', number: null, title: '请<@all>看[链接](http://x.cn)', to: a.town, status: 'registered', created: '2026-12-04T16:00:00', due: '2026-12-11' },
      // Closed long ago: in no list.
      { type: 'risk_letter', number: '宝法提〔2026〕1号', title: '已办结的风险提示', to: a.housing, status: 'closed', created: '2026-09-01T09:00:00', due: '2026-10-01', answered: '2026-09-20T09:00:00' },
    ]);
    const disputeId = items[1]!.id;
    const townId = items[7]!.id;

    const deps = { db: db.ds, outbox: h.services.outbox, logger: quiet };
    const first = await runLinkageDigest(deps, h.clock.now());
    t.like(first, { week: '2026-W50', groups: 3, messages: 3 }, 'the liaison office, housing and the market; not the court (nothing to do), not the town (no group)');
    const channels = { ...wecomChannels(wecom, h.clock), ...quietChannels('console') };
    const tick = await tickOutbox(db, h.clock, channels);
    t.is(tick.sent, 3, JSON.stringify(tick));

    const [office] = wecom.webhookMessages(ROBOTS.liaison);
    t.is(office!.msgtype, 'markdown');
    t.deepEqual(office!.markdown.content.split('\n'), [
      '**联动事项周报（12月7日）**',
      '> 上周：11月30日—12月6日　本周：12月7日—12月13日',
      '> 上周新登记 2 件，本周到期 2 件，已超期 3 件，上周逾期答复 1 件',
      '**上周新登记（2 件）**',
      '· 【司法建议】宝法建〔2026〕7号 关于规范房屋征收补偿程序的司法建议 → 宝塔区住房和城乡建设局，2027年2月2日到期',
      `· 【行政争议】编号${townId} 请＜@all＞看［链接］(http：//x.cn) → 南市街道办事处，12月11日到期`,
      '**本周到期（2 件）**',
      `· 【行政争议】编号${disputeId} 张某诉区住建局房屋征收补偿 → 宝塔区住房和城乡建设局，12月9日到期`,
      `· 【行政争议】编号${townId} 请＜@all＞看［链接］(http：//x.cn) → 南市街道办事处，12月11日到期`,
      '**已超期（3 件，按单位）**',
      '宝塔区市场监督管理局（2 件）：',
      '· 【司法建议】宝法建〔2026〕4号 关于加强食品经营许可审查的司法建议，12月1日到期，已超期 6 天',
      '· 【协助请求】宝法协〔2026〕5号 协助查询被执行人名下车辆，12月3日到期，已超期 4 天',
      '宝塔区住房和城乡建设局（1 件）：',
      '· 【风险提示】宝法提〔2026〕2号 关于物业专项维修资金管理的风险提示，11月30日到期，已超期 7 天',
      '**上周逾期答复（1 件）**',
      '· 【司法建议】宝法建〔2026〕2号 关于完善征收公告送达的司法建议 → 宝塔区住房和城乡建设局，12月1日到期，12月3日答复（逾期 2 天）',
    ]);

    t.deepEqual(wecom.webhookMessages(ROBOTS.housing).map((m) => m.markdown.content.split('\n')), [[
      '**宝塔区住房和城乡建设局联动事项周报（12月7日）**',
      '> 上周：11月30日—12月6日　本周：12月7日—12月13日',
      '**已超期（1 件）**',
      '· 【风险提示】宝法提〔2026〕2号 关于物业专项维修资金管理的风险提示，11月30日到期，已超期 7 天',
      '**本周到期（1 件）**',
      `· 【行政争议】编号${disputeId} 张某诉区住建局房屋征收补偿，12月9日到期`,
      '**上周新收（1 件）**',
      '· 【司法建议】宝法建〔2026〕7号 关于规范房屋征收补偿程序的司法建议，2027年2月2日到期',
      '请及时签收、办理并反馈；发“待办”查看您的全部待办。',
    ]]);
    t.deepEqual(wecom.webhookMessages(ROBOTS.market).map((m) => m.markdown.content.split('\n')), [[
      '**宝塔区市场监督管理局联动事项周报（12月7日）**',
      '> 上周：11月30日—12月6日　本周：12月7日—12月13日',
      '**已超期（2 件）**',
      '· 【司法建议】宝法建〔2026〕4号 关于加强食品经营许可审查的司法建议，12月1日到期，已超期 6 天',
      '· 【协助请求】宝法协〔2026〕5号 协助查询被执行人名下车辆，12月3日到期，已超期 4 天',
      '请及时签收、办理并反馈；发“待办”查看您的全部待办。',
    ]]);
    t.deepEqual(wecom.webhookMessages(ROBOTS.court), [], 'the sender has nothing of its own to do');

    // A second instance at the same minute, or a rerun on Wednesday: the week's digest is written already.
    t.like(await runLinkageDigest(deps, h.clock.now()), { groups: 0, messages: 0 });
    h.clock.set('2026-12-09T03:00:00Z');
    t.like(await runLinkageDigest(deps, h.clock.now()), { week: '2026-W50', groups: 0 });
    t.is((await tickOutbox(db, h.clock, channels)).sent, 0);
    t.is(await db.ds.getRepository(Notification).count(), 3);

    // The next Monday is a new week.
    h.clock.set('2026-12-14T01:00:00Z');
    t.like(await runLinkageDigest(deps, h.clock.now()), { week: '2026-W51', groups: 3 });
  } finally {
    await h.close();
    await wecom.close();
  }
}, SERIAL);

eachDb('a quiet week: the liaison office hears so in one line, the agencies hear nothing', async (t, db) => {
  const h = await startHarness(db, { now: MONDAY_NINE });
  const wecom = await startFakeWecom({ clock: h.clock });
  try {
    const a = await district(h);
    for (const key of Object.values(ROBOTS)) wecom.registerWebhook(key);
    await insertItems(db, a.court, [
      { type: 'judicial_suggestion', number: '宝法建〔2026〕3号', title: '已按时答复', to: a.market, status: 'answered', created: '2026-11-01T09:00:00', due: '2026-12-31', answered: '2026-11-20T15:00:00' },
    ]);
    t.like(await runLinkageDigest({ db: db.ds, outbox: h.services.outbox, logger: quiet }, h.clock.now()), { groups: 1 });
    await tickOutbox(db, h.clock, { ...wecomChannels(wecom, h.clock), ...quietChannels('console') });
    t.deepEqual(wecom.webhookMessages(ROBOTS.liaison).map((m) => m.markdown.content), ['**联动事项周报（12月7日）**\n本周无新增、无到期、无超期事项。']);
    t.deepEqual(wecom.webhookMessages(ROBOTS.market), []);
  } finally {
    await h.close();
    await wecom.close();
  }
}, SERIAL);

eachDb('a long digest (300 overdue items) goes out in several messages, each within 4096 bytes, none lost', async (t, db) => {
  const h = await startHarness(db, { now: MONDAY_NINE });
  const wecom = await startFakeWecom({ clock: h.clock });
  try {
    const a = await district(h);
    for (const key of Object.values(ROBOTS)) wecom.registerWebhook(key);
    const numbers = Array.from({ length: 300 }, (_, i) => `宝法建〔2026〕${1001 + i}号`);
    await insertItems(db, a.court, numbers.map((number, i) => ({
      type: 'judicial_suggestion' as const, number, title: `关于第${i + 1}项行政执法问题的司法建议（长标题，超过四十个字的部分在周报中省略显示）`,
      to: i % 2 ? a.housing : a.market, status: 'registered' as const, created: '2026-09-01T09:00:00', due: '2026-11-20',
    })));
    const r = await runLinkageDigest({ db: db.ds, outbox: h.services.outbox, logger: quiet }, h.clock.now());
    t.true(r.messages > 3, `${r.messages} messages for 3 groups`);
    // The robot takes twenty a minute; the sender holds the rest for the next minute.
    const channels = { ...wecomChannels(wecom, h.clock), ...quietChannels('console') };
    let sent = 0;
    for (let minute = 0; minute < 5 && sent < r.messages; minute++) {
      sent += (await tickOutbox(db, h.clock, channels)).sent;
      h.clock.advance(61_000);
    }
    t.is(sent, r.messages);
    for (const [robot, expected] of [[ROBOTS.liaison, numbers], [ROBOTS.housing, numbers.filter((_, i) => i % 2)], [ROBOTS.market, numbers.filter((_, i) => !(i % 2))]] as const) {
      const parts = wecom.webhookMessages(robot).map((m) => m.markdown.content as string);
      t.true(parts.length > 1, `${robot}: ${parts.length} messages`);
      parts.forEach((p, i) => {
        t.true(byteLength(p) <= 4096, `${robot} part ${i + 1}: ${byteLength(p)} bytes`);
        t.true(p.startsWith(`（${i + 1}/${parts.length}）\n`), `${robot} part ${i + 1} is numbered`);
      });
      const all = parts.join('\n');
      t.deepEqual(expected.filter((n) => !all.includes(n)), [], `${robot}: every item listed`);
      t.false(all.includes('内容过长'), 'nothing trimmed');
    }
  } finally {
    await h.close();
    await wecom.close();
  }
}, SERIAL);
