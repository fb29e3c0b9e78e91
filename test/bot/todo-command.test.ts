import { Agency, Dispute } from '../../entities';
import { createConversation } from '../../bot/conversation';
import { seedDemoData } from '../../server/seed/seed-service';
import { startHarness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';
import { mpLogin, ok } from '../helpers/district.helper';

// 待办 gathers a person's disputes and hearings, overdue first, on the demo
// district through the real conversation core and services.

const MEDIATOR = 'aijianguo'; // 艾建国, 南市街道人民调解委员会
const JUDGE = 'wangjianhua'; // 王建华
const HOUSING_HEAD = 'yanhongbin'; // official, 宝塔区住房和城乡建设局
const ADMIN_ACTOR = { actor: { userId: null, role: 'admin' as const, name: '测试', agencyId: null, villages: [] } };

eachDb('待办: disputes and hearings together, overdue first, each person their own', async (t, db) => {
  const h = await startHarness(db); // Thursday 26 November 2026, 10:00 Shanghai
  try {
    await seedDemoData({ db: db.ds, clock: h.clock, pii: h.pii });
    const bot = createConversation({ services: h.services, now: () => h.clock.now() });
    const say = async (from: string, text: string) => (await bot.handle({ from, text, via: 'wecom' }))!;
    const housing = await db.ds.getRepository(Agency).findOneByOrFail({ name: '宝塔区住房和城乡建设局' });
    const hearing = (caseNumber: string, startsAt: string, more: Record<string, unknown> = {}) =>
      h.services.hearings.create({ caseNumber, startsAt: new Date(startsAt), courtRoom: '第一法庭', judgeName: '王建华', defendantAgencyId: housing.id, ...more }, ADMIN_ACTOR);
    // The judge's: one held last week whose appearance nobody recorded, one ahead; a colleague's, one too far ahead, one cancelled.
    await hearing('（2026）陕0602行初8号', '2026-11-20T09:00:00+08:00');
    await hearing('（2026）陕0602行初12号', '2026-12-10T09:00:00+08:00');
    await hearing('（2026）陕0602民初30号', '2026-12-01T14:30:00+08:00', { judgeName: '李秀兰', defendantAgencyId: null, courtRoom: '第三法庭' });
    await hearing('（2026）陕0602行初13号', '2027-01-30T09:00:00+08:00');
    const cancelled = await hearing('（2026）陕0602行初14号', '2026-12-02T09:00:00+08:00');
    await h.services.hearings.update(cancelled.id, { status: 'cancelled' }, ADMIN_ACTOR);

    // Two disputes for the mediator, the second past its deadline.
    const resident = await mpLogin(h, 'todo-resident');
    const file = () => ok(h.request('POST', '/api/disputes', {
      token: resident.token, body: { category: 'neighbor', description: '隔壁院墙排水流进我家院子，墙根已经泡坏了', village: '南关社区', phone: '13812345678', consent: true },
    }), 201);
    const d1 = await file();
    h.clock.advance(7200_000); // 艾建国 and 刘桂兰 take turns: the third is his again
    const d2 = await file();
    const d3 = await file();
    t.is(d3.mediator.name, '艾建国');
    await db.ds.getRepository(Dispute).update({ id: d3.id }, { deadlineAt: new Date('2026-11-20T15:59:59.999Z') });

    t.is(await say(MEDIATOR, '待办'), [
      '待办 2 件：',
      '【已超期】',
      `· 纠纷 ${d3.serial} 邻里纠纷（南关社区）已提交，已超期`,
      '【纠纷】',
      `· ${d1.serial} 邻里纠纷（南关社区）已提交，时限 2026年12月28日 23:59`,
      '发“查看 编号”看纠纷详情。',
    ].join('\n'));

    // A judge sees the district's open disputes (as before) and their own hearings.
    const judgeTodo = await say(JUDGE, '待办');
    t.is(judgeTodo, [
      '待办 5 件：',
      '【已超期】',
      `· 纠纷 ${d3.serial} 邻里纠纷（南关社区）已提交，已超期`,
      '· 庭审 （2026）陕0602行初8号 2026年11月20日 09:00 第一法庭，待记录出庭情况',
      '【纠纷】',
      `· ${d1.serial} 邻里纠纷（南关社区）已提交，时限 2026年12月28日 23:59`,
      `· ${d2.serial} 邻里纠纷（南关社区）已提交，时限 2026年12月28日 23:59`,
      '【庭审】',
      '· （2026）陕0602行初12号 2026年12月10日 09:00 第一法庭',
      '发“查看 编号”看纠纷详情。',
      '发“出庭 案号 负责人|副职|不能出庭 [姓名或原因]”申报或记录出庭。',
    ].join('\n'));

    // The defendant agency's head: the hearings ahead, with what it still owes; nothing past, nothing cancelled.
    t.is(await say(HOUSING_HEAD, '待办'), [
      '待办 1 件：',
      '【庭审】',
      '· （2026）陕0602行初12号 2026年12月10日 09:00 第一法庭，负责人须出庭，待申报',
      '发“出庭 案号 负责人|副职|不能出庭 [姓名或原因]”申报或记录出庭。',
    ].join('\n'));
    await say(HOUSING_HEAD, '出庭 （2026）陕0602行初12号 负责人 闫宏斌');
    t.is(await say(HOUSING_HEAD, '待办'), ['待办 1 件：', '【庭审】', '· （2026）陕0602行初12号 2026年12月10日 09:00 第一法庭，已申报负责人出庭'].join('\n'));
  } finally {
    await h.close();
  }
});
