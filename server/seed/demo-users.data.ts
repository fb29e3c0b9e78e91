import type { Role } from '../../entities';
import { committeeKey, villagesOf } from './demo-agencies.data';

export interface DemoUser {
  key: string;
  name: string;
  role: Role;
  // Key of the agency the person works for; residents belong to none.
  agency: string | null;
  // The WeCom account the bot knows staff by; residents come through WeChat instead.
  wecomUserId: string | null;
  // Made-up numbers in a valid format: the seed encrypts them like real ones.
  phone: string | null;
  // For a linked cadre (干部联村): the villages they answer for.
  villages?: string[];
  // The agency's 负责人: hearing-appearance reminders and linkage items go to them.
  head?: boolean;
}

function mediators(agency: string, people: [string, string][]): DemoUser[] {
  return people.map(([name, wecomUserId]) => ({
    key: `mediator-${wecomUserId}`, name, role: 'mediator', agency, wecomUserId, phone: null,
  }));
}

function official(key: string, name: string, agency: string, wecomUserId: string, extra: Partial<DemoUser> = {}): DemoUser {
  return { key, name, role: 'official', agency, wecomUserId, phone: null, ...extra };
}

// Two mediators on the district's committees and the oldest township ones, so a
// dispute still has someone when one is away; one on each other township's.
const mediationStaff: DemoUser[] = [
  ...mediators('committee-medical', [['高建平', 'gaojianping'], ['马丽娟', 'malijuan']]),
  ...mediators('committee-labor', [['白志刚', 'baizhigang'], ['贺春燕', 'hechunyan']]),
  ...mediators('committee-property', [['张海军', 'zhanghaijun'], ['郝晓梅', 'haoxiaomei']]),
  ...mediators('committee-traffic', [['冯国强', 'fengguoqiang'], ['曹玉霞', 'caoyuxia']]),
  ...mediators('committee-marriage', [['薛秀英', 'xuexiuying'], ['呼延明', 'huyanming']]),
  ...mediators('committee-consumer', [['杜宏伟', 'duhongwei'], ['拓丽萍', 'tuoliping']]),
  ...mediators('committee-ip', [['雷振华', 'leizhenhua'], ['尚文静', 'shangwenjing']]),
  ...mediators('committee-nanshi', [['艾建国', 'aijianguo'], ['刘桂兰', 'liuguilan']]),
  ...mediators('committee-hezhuangping', [['霍有福', 'huoyoufu'], ['延秀芳', 'yanxiufang']]),
  ...(
    [
      ['township-baotashan', '高宏亮', 'gaohongliang'],
      ['township-fenghuangshan', '薛志华', 'xuezhihua'],
      ['township-qiaogou', '张彩霞', 'zhangcaixia'],
      ['township-zaoyuan', '李延军', 'liyanjun'],
      ['township-xincheng', '王海燕', 'wanghaiyan'],
      ['township-liqu', '刘志成', 'liuzhicheng'],
      ['township-yaodian', '杨建民', 'yangjianmin'],
      ['township-qinghuabian', '白玉兰', 'baiyulan'],
      ['township-panlong', '冯海平', 'fenghaiping'],
      ['township-ganguyi', '马春生', 'machunsheng'],
      ['township-chuankou', '郝建新', 'haojianxin'],
      ['township-linzhen', '贺玉梅', 'heyumei'],
      ['township-nanniwan', '曹振东', 'caozhendong'],
      ['township-liulin', '任秀珍', 'renxiuzhen'],
      ['township-wanhuashan', '高文华', 'gaowenhua'],
      ['township-madongchuan', '呼志军', 'huzhijun'],
      ['township-fengzhuang', '拓海霞', 'tuohaixia'],
    ] as const
  ).flatMap(([township, name, wecomUserId]) => mediators(committeeKey(township), [[name, wecomUserId]])),
  // Court-appointed mediators (特邀调解员) at the pre-litigation mediation centre.
  ...mediators('mediation-centre', [['惠晓东', 'huixiaodong'], ['折红梅', 'shehongmei']]),
];

const judges: DemoUser[] = [
  // 行政审判庭庭长: administrative cases, judicial suggestions to agencies.
  { key: 'judge-wang', name: '王建华', role: 'judge', agency: 'court', wecomUserId: 'wangjianhua', phone: null },
  // 民一庭: neighbour, family, lending and labour cases.
  { key: 'judge-li', name: '李秀兰', role: 'judge', agency: 'court', wecomUserId: 'lixiulan', phone: null },
  { key: 'judge-zhang', name: '张志强', role: 'judge', agency: 'court', wecomUserId: 'zhangzhiqiang', phone: null },
  // 立案庭: guides the pre-litigation mediation centre and judicial confirmation.
  { key: 'judge-liu', name: '刘芳', role: 'judge', agency: 'court', wecomUserId: 'liufang', phone: null },
];

const agencyHeads: DemoUser[] = [
  official('head-government', '常卫东', 'government', 'changweidong', { head: true }),
  official('head-justice', '贾振宇', 'justice', 'jiazhenyu', { head: true }),
  official('head-hrss', '樊永红', 'hrss', 'fanyonghong', { head: true }),
  official('head-market', '师建军', 'market', 'shijianjun', { head: true }),
  official('head-housing', '闫宏斌', 'housing', 'yanhongbin', { head: true }),
  official('head-health', '乔丽华', 'health', 'qiaolihua', { head: true }),
  official('head-nanniwan', '郭晓峰', 'nanniwan', 'guoxiaofeng', { head: true }),
  official('head-petitions', '刘卫国', 'petitions', 'liuweiguo', { head: true }),
  official('head-finance', '张丽萍', 'finance', 'zhangliping', { head: true }),
  official('head-labor-arbitration', '王志宏', 'labor-arbitration', 'wangzhihong', { head: true }),
  // Township governments are defendants in administrative cases too.
  official('head-baotashan', '任志勇', 'township-baotashan', 'renzhiyong', { head: true }),
  official('head-nanshi', '田亚琴', 'township-nanshi', 'tianyaqin', { head: true }),
  official('head-qiaogou', '孙国栋', 'township-qiaogou', 'sunguodong', { head: true }),
  official('head-hezhuangping', '强文斌', 'township-hezhuangping', 'qiangwenbin', { head: true }),
  official('head-liqu', '康海燕', 'township-liqu', 'kanghaiyan', { head: true }),
  official('head-liulin', '魏长生', 'township-liulin', 'weichangsheng', { head: true }),
  official('head-liaison', '梁晓军', 'liaison-office', 'liangxiaojun', { head: true }),
  official('head-rule-of-law', '吴静', 'rule-of-law-office', 'wujing', { head: true }),
];

// 干部联村: one cadre per street, town and township, answering for all of its villages.
const linkedCadres: DemoUser[] = (
  [
    ['township-baotashan', '苗建军', 'miaojianjun'],
    ['township-nanshi', '安小红', 'anxiaohong'],
    ['township-fenghuangshan', '贾文斌', 'jiawenbin'],
    ['township-qiaogou', '党永强', 'dangyongqiang'],
    ['township-zaoyuan', '惠建平', 'huijianping'],
    ['township-xincheng', '刘晓燕', 'liuxiaoyan'],
    ['township-hezhuangping', '屈志明', 'quzhiming'],
    ['township-liqu', '崔丽', 'cuili'],
    ['township-yaodian', '高振武', 'gaozhenwu'],
    ['township-qinghuabian', '白海军', 'baihaijun'],
    ['township-panlong', '王永胜', 'wangyongsheng'],
    ['township-ganguyi', '杜秀梅', 'duxiumei'],
    ['township-chuankou', '李文祥', 'liwenxiang'],
    ['township-linzhen', '张建华', 'zhangjianhua'],
    ['township-nanniwan', '郭延平', 'guoyanping'],
    ['township-liulin', '贺文军', 'hewenjun'],
    ['township-wanhuashan', '薛红艳', 'xuehongyan'],
    ['township-madongchuan', '刘建国', 'liujianguo'],
    ['township-fengzhuang', '冯志强', 'fengzhiqiang'],
  ] as const
).map(([township, name, wecomUserId]) =>
  official(`cadre-${wecomUserId}`, name, township, wecomUserId, { villages: villagesOf(township) }),
);

// Residents have no agency and no WeCom account: they come in through the
// mini-program, and the phone is what a mediator calls them back on.
const residents: DemoUser[] = [
  { key: 'resident-zhao', name: '赵桂英', role: 'resident', agency: null, wecomUserId: null, phone: '13800000001' },
  { key: 'resident-yang', name: '杨小军', role: 'resident', agency: null, wecomUserId: null, phone: '13800000002' },
];

export const demoUsers: readonly DemoUser[] = [
  ...judges, ...mediationStaff, ...agencyHeads, ...linkedCadres, ...residents,
];
