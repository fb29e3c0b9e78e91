import { Agency, AuditEntry, Hearing } from '../../entities';
import { createConversation } from '../../bot/conversation';
import { seedDemoData } from '../../server/seed/seed-service';
import { formatShanghai } from '../../server/domain/shanghai-time';
import { startHarness } from '../helpers/app-harness';
import { eachDb, type TestDb } from '../helpers/databases';

// 出庭 through the real conversation core and hearing service on the demo
// district: the defendant agency declares before the hearing, another agency
// cannot, the judge records after it starts.

const HOUSING_HEAD = 'yanhongbin'; // official, 宝塔区住房和城乡建设局
const HRSS_HEAD = 'fanyonghong'; // official, 宝塔区人力资源和社会保障局
const JUDGE = 'wangjianhua';
const CASE_NO = '（2026）陕0602行初912号';
const DAY = 24 * 3600 * 1000;

eachDb('出庭: the agency declares before the hearing, the judge records after it', async (t, db: TestDb) => {
  const h = await startHarness(db);
  try {
    await seedDemoData({ db: db.ds, clock: h.clock, pii: h.pii });
    const bot = createConversation({ services: h.services, now: () => h.clock.now() });
    const say = async (from: string, text: string) => (await bot.handle({ from, text, via: 'wecom' }))!;
    const housing = await db.ds.getRepository(Agency).findOneByOrFail({ name: '宝塔区住房和城乡建设局' });
    const startsAt = new Date(h.clock.now().getTime() + 5 * DAY);
    const created = await h.services.hearings.create({ caseNumber: CASE_NO, startsAt, defendantAgencyId: housing.id, cause: '房屋征收补偿' },
      { actor: { userId: null, role: 'admin', name: '测试', agencyId: null, villages: [] } });
    const hearing = () => db.ds.getRepository(Hearing).findOneByOrFail({ id: created.id });
    const when = formatShanghai(startsAt);

    // Another agency's official sees no such hearing, and nothing is written.
    const audits = await db.ds.manager.count(AuditEntry);
    t.is(await say(HRSS_HEAD, `出庭 ${CASE_NO} 负责人 樊永红`), `没有找到案号${CASE_NO}的庭审，请核对案号。`);
    t.is((await hearing()).declaration, null);
    t.is(await db.ds.manager.count(AuditEntry), audits);

    // A word the command does not know: the usage, nothing written.
    t.regex(await say(HOUSING_HEAD, `出庭 ${CASE_NO} 局长`), /^没看懂出庭情况。请发：出庭 /);
    t.is((await hearing()).declaration, null);

    // The defendant agency's official declares, with half-width brackets.
    t.is(await say(HOUSING_HEAD, '出庭 (2026)陕0602行初912号 副职 李四'), `已申报：${CASE_NO} 第1次开庭（${when}）由副职负责人李四出庭。`);
    t.like(await hearing(), { declaration: 'deputy', declarationNote: '李四', appearance: null, status: 'scheduled' });
    t.regex(await say(HOUSING_HEAD, `出庭 ${CASE_NO} 不能出庭 局长外出学习，已提交书面说明`), /^已申报：.*负责人不能出庭，原因：局长外出学习，已提交书面说明。\n.*书面说明.*法释〔2020〕3号第八条、第九条/s);
    t.like(await hearing(), { declaration: 'none', declarationNote: '局长外出学习，已提交书面说明' });

    // A judge before the start is told it has not begun.
    t.is(await say(JUDGE, `出庭 ${CASE_NO} 负责人 闫宏斌`), '庭审尚未开始；开庭前由行政机关申报出庭人员');
    t.is((await hearing()).appearance, null);

    // After the start: the agency can no longer declare; the judge records.
    h.clock.advance(5 * DAY + 3600 * 1000);
    t.is(await say(HOUSING_HEAD, `出庭 ${CASE_NO} 负责人 闫宏斌`), '庭审已开始，出庭情况由法官记录');
    t.is(await say(JUDGE, `@机器人\u2005出庭 （2026）陕0602行初912号 负责人 闫宏斌`), `已记录：${CASE_NO} 第1次开庭（${when}）由负责人闫宏斌出庭。`);
    t.like(await hearing(), { status: 'held', appearance: 'head', appearanceName: '闫宏斌', declaration: 'none' });

    // Unknown case, wrong role.
    t.is(await say(JUDGE, '出庭 （2026）陕0602行初913号 负责人 张三'), '没有找到案号（2026）陕0602行初913号的庭审，请核对案号。');
    t.regex(await say('aijianguo', `出庭 ${CASE_NO} 负责人 张三`), /^“出庭”不是调解员可用的命令/);
  } finally {
    await h.close();
  }
}, { serial: true });
