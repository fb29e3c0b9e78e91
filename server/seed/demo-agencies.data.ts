import type { AgencyKind, DisputeCategory } from '../../entities';

// The demo district: Baota District (宝塔区), Yan'an, Shaanxi. Rows refer to
// each other by a local key rather than an id so the data reads like the
// organisation chart it describes; the seed service resolves keys to ids.
export interface DemoAgency {
  key: string;
  name: string;
  kind: AgencyKind;
  // Key of the parent agency, or null for an agency that answers to no one in
  // the district (the court, the procuratorate and the police sit outside the
  // district government's tree).
  parent: string | null;
  categories?: DisputeCategory[];
  // Villages a mediation committee serves, by name. Convention: an empty list
  // on a committee means it serves every village in the district, as the
  // district-wide professional committees do; a township committee names its
  // own villages so a dispute from elsewhere is not sent to it.
  villages?: string[];
  // The names a court's calendar, a document or a case number may use instead
  // of the full name (hearing import, linkage items), and a court's prefix for
  // its judicial suggestions (宝法建〔2026〕1号).
  shortName?: string;
  aliases?: string[];
  documentPrefix?: string;
}

export interface DemoTownship {
  key: string;
  name: string;
  villages: { key: string; name: string }[];
}

// All 19 township-level units of the district, in the order the district
// lists them: 6 streets (街道), 12 towns (镇) and 1 township (乡), each with a
// few of its communities (社区) and villages (村). Village names are unique
// across the district: they double as agency names. The names come from
// public administrative-division listings; a demo needs a handful per unit,
// not the full roll.
export const demoTownships: readonly DemoTownship[] = [
  {
    key: 'township-baotashan',
    name: '宝塔山街道',
    villages: [
      { key: 'village-baotashan', name: '宝塔山社区' },
      { key: 'village-dongguan', name: '东关社区' },
      { key: 'village-jialing', name: '嘉岭社区' },
      { key: 'village-erzhuangke', name: '二庄科村' },
    ],
  },
  {
    key: 'township-nanshi',
    name: '南市街道',
    villages: [
      { key: 'village-dufuchuan', name: '杜甫川社区' },
      { key: 'village-nanguan', name: '南关社区' },
      { key: 'village-qilipu', name: '七里铺社区' },
      { key: 'village-yinjiagou', name: '尹家沟社区' },
      { key: 'village-yanzhou', name: '延州社区' },
    ],
  },
  {
    key: 'township-fenghuangshan',
    name: '凤凰山街道',
    villages: [
      { key: 'village-beiguan', name: '北关社区' },
      { key: 'village-xibeichuan', name: '西北川社区' },
      { key: 'village-fenghuangshan', name: '凤凰山社区' },
    ],
  },
  {
    key: 'township-qiaogou',
    name: '桥沟街道',
    villages: [
      { key: 'village-qiaoergou', name: '桥儿沟社区' },
      { key: 'village-wangjiaping', name: '王家坪社区' },
      { key: 'village-liushudian', name: '柳树店村' },
    ],
  },
  {
    key: 'township-zaoyuan',
    name: '枣园街道',
    villages: [
      { key: 'village-zaoyuan', name: '枣园村' },
      { key: 'village-peizhuang', name: '裴庄村' },
      { key: 'village-houjiagou', name: '侯家沟村' },
      { key: 'village-shifogou', name: '石佛沟村' },
    ],
  },
  {
    // Set up in 2021 as 鲁艺街道 for the new town (延安新区), renamed in 2022.
    key: 'township-xincheng',
    name: '新城街道',
    villages: [
      { key: 'village-taoyuan', name: '桃园社区' },
      { key: 'village-luyi', name: '鲁艺社区' },
      { key: 'village-yangguang', name: '阳光社区' },
      { key: 'village-guirenmao', name: '贵人峁社区' },
    ],
  },
  {
    key: 'township-hezhuangping',
    name: '河庄坪镇',
    villages: [
      { key: 'village-hezhuangping', name: '河庄坪村' },
      { key: 'village-zhaojiaan', name: '赵家岸村' },
      { key: 'village-shigeta', name: '石圪塔村' },
      { key: 'village-lijiawa', name: '李家洼村' },
    ],
  },
  {
    key: 'township-liqu',
    name: '李渠镇',
    villages: [
      { key: 'village-liqu', name: '李渠村' },
      { key: 'village-zhoujiawan', name: '周家湾村' },
      { key: 'village-nanyaozi', name: '南窑子村' },
    ],
  },
  {
    key: 'township-yaodian',
    name: '姚店镇',
    villages: [
      { key: 'village-yaodian', name: '姚店村' },
      { key: 'village-zhenjiawan', name: '甄家湾村' },
      { key: 'village-yunyan', name: '云岩村' },
    ],
  },
  {
    key: 'township-qinghuabian',
    name: '青化砭镇',
    villages: [
      { key: 'village-qinghuabian', name: '青化砭村' },
      { key: 'village-xiaosigou', name: '小寺沟村' },
      { key: 'village-shimianyanggou', name: '前石绵羊沟村' },
    ],
  },
  {
    // Took in the former 下坪乡 (2000) and 贯屯乡 (2011).
    key: 'township-panlong',
    name: '蟠龙镇',
    villages: [
      { key: 'village-panlong', name: '蟠龙村' },
      { key: 'village-xiaping', name: '下坪村' },
      { key: 'village-guantun', name: '贯屯村' },
    ],
  },
  {
    key: 'township-ganguyi',
    name: '甘谷驿镇',
    villages: [
      { key: 'village-ganguyi', name: '甘谷驿村' },
      { key: 'village-tangping', name: '唐坪村' },
      { key: 'village-wangjiagou', name: '王家沟村' },
    ],
  },
  {
    key: 'township-chuankou',
    name: '川口镇',
    villages: [
      { key: 'village-chuankou', name: '川口村' },
      { key: 'village-shijiawan', name: '石家湾村' },
      { key: 'village-zhangjiagou', name: '张家沟村' },
    ],
  },
  {
    // The town's name is 临镇 itself, not 临镇镇.
    key: 'township-linzhen',
    name: '临镇',
    villages: [
      { key: 'village-linzhen', name: '临镇村' },
      { key: 'village-nangoumen', name: '南沟门村' },
      { key: 'village-shijiachuan', name: '石家川村' },
    ],
  },
  {
    key: 'township-nanniwan',
    name: '南泥湾镇',
    villages: [
      { key: 'village-nanniwan', name: '南泥湾村' },
      { key: 'village-yangwan', name: '阳湾村' },
      { key: 'village-taobaoyu', name: '桃宝峪村' },
      { key: 'village-mafang', name: '马坊村' },
    ],
  },
  {
    key: 'township-liulin',
    name: '柳林镇',
    villages: [
      { key: 'village-liulin', name: '柳林村' },
      { key: 'village-guojiagou', name: '郭家沟村' },
      { key: 'village-liujiahe', name: '刘家河村' },
      { key: 'village-yangjiagou', name: '杨家沟村' },
    ],
  },
  {
    key: 'township-wanhuashan',
    name: '万花山镇',
    villages: [
      { key: 'village-wanhuashan', name: '万花山村' },
      { key: 'village-fodaoping', name: '佛道坪村' },
      { key: 'village-huayuantou', name: '花塬头村' },
    ],
  },
  {
    key: 'township-madongchuan',
    name: '麻洞川镇',
    villages: [
      { key: 'village-madongchuan', name: '麻洞川村' },
      { key: 'village-jinpenwan', name: '金盆湾村' },
      { key: 'village-liutai', name: '刘台村' },
      { key: 'village-xueshuiwan', name: '雪水湾村' },
    ],
  },
  {
    key: 'township-fengzhuang',
    name: '冯庄乡',
    villages: [
      { key: 'village-fengzhuang', name: '冯庄村' },
      { key: 'village-kangping', name: '康坪村' },
      { key: 'village-baijiagou', name: '白家沟村' },
    ],
  },
];

export function villagesOf(townshipKey: string): string[] {
  const township = demoTownships.find((t) => t.key === townshipKey);
  if (!township) throw new Error(`demo data: no township "${townshipKey}"`);
  return township.villages.map((v) => v.name);
}

// What a township's own people's mediation committee takes: the everyday
// disputes between neighbours and villagers that need no specialist.
const GRASSROOTS_CATEGORIES: DisputeCategory[] = ['neighbor', 'land', 'lending', 'other'];

// Full official names; the short names people write keep matching (agency-names.ts).
const institutions: DemoAgency[] = [
  {
    key: 'government', name: '延安市宝塔区人民政府', kind: 'government', parent: null,
    shortName: '宝塔区政府', aliases: ['宝塔区人民政府'],
  },
  {
    key: 'court', name: '延安市宝塔区人民法院', kind: 'court', parent: null,
    shortName: '宝塔区法院', aliases: ['宝塔区人民法院', '陕0602'], documentPrefix: '宝法建',
  },
  {
    // Hears the district court's appeals; its case numbers read （2026）陕06民终1号.
    key: 'intermediate-court', name: '延安市中级人民法院', kind: 'court', parent: null,
    shortName: '延安中院', aliases: ['延安市中院', '陕06'],
  },
  {
    key: 'procuratorate', name: '延安市宝塔区人民检察院', kind: 'procuratorate', parent: null,
    shortName: '宝塔区检察院', aliases: ['宝塔区人民检察院'],
  },
  { key: 'police', name: '延安市公安局宝塔分局', kind: 'police', parent: null },
  // Party bodies, not government departments, hence no parent.
  {
    key: 'rule-of-law-office', name: '区委依法治区委员会办公室', kind: 'liaison_office', parent: null,
    shortName: '区委依法治区办',
  },
  { key: 'political-legal', name: '中共延安市宝塔区委政法委员会', kind: 'other', parent: null, shortName: '区委政法委' },
  { key: 'discipline', name: '宝塔区纪委监委', kind: 'other', parent: null, shortName: '区纪委监委' },
  { key: 'liaison-office', name: '府院联动联席办公室', kind: 'liaison_office', parent: 'government' },
  { key: 'justice', name: '宝塔区司法局', kind: 'government', parent: 'government' },
  { key: 'petitions', name: '宝塔区信访局', kind: 'government', parent: 'government', shortName: '信访局' },
  { key: 'finance', name: '宝塔区财政局', kind: 'government', parent: 'government', shortName: '财政局' },
  {
    key: 'hrss', name: '宝塔区人力资源和社会保障局', kind: 'government', parent: 'government',
    shortName: '人社局', aliases: ['宝塔区人社局'],
  },
  {
    key: 'labor-arbitration', name: '宝塔区劳动人事争议仲裁委员会', kind: 'government', parent: 'hrss',
    shortName: '劳动人事争议仲裁委',
  },
  { key: 'market', name: '宝塔区市场监督管理局', kind: 'government', parent: 'government' },
  { key: 'housing', name: '宝塔区住房和城乡建设局', kind: 'government', parent: 'government' },
  { key: 'health', name: '宝塔区卫生健康局', kind: 'government', parent: 'government' },
  { key: 'nanniwan', name: '南泥湾开发区管委会', kind: 'government', parent: 'government' },
  {
    key: 'mediation-centre', name: '宝塔区人民法院诉前调解中心', kind: 'mediation_centre', parent: 'court',
    shortName: '宝塔区诉前调解中心',
  },
];

const townships: DemoAgency[] = demoTownships.flatMap((t) => [
  { key: t.key, name: t.name, kind: 'township' as const, parent: 'government' },
  ...t.villages.map((v) => ({ key: v.key, name: v.name, kind: 'village' as const, parent: t.key })),
]);

// The professional committees the policy names (医疗、消费、劳动、物业、婚姻家庭、
// 交通事故、知识产权), each under the department that guides its trade.
const committees: DemoAgency[] = [
  {
    key: 'committee-medical', name: '宝塔区医疗纠纷人民调解委员会', kind: 'mediation_committee',
    parent: 'health', categories: ['medical'], villages: [],
  },
  {
    key: 'committee-labor', name: '宝塔区劳动争议人民调解委员会', kind: 'mediation_committee',
    parent: 'hrss', categories: ['labor'], villages: [],
  },
  {
    key: 'committee-property', name: '宝塔区物业纠纷人民调解委员会', kind: 'mediation_committee',
    parent: 'housing', categories: ['property'], villages: [],
  },
  {
    key: 'committee-traffic', name: '宝塔区道路交通事故纠纷人民调解委员会', kind: 'mediation_committee',
    parent: 'justice', categories: ['traffic'], villages: [],
  },
  {
    key: 'committee-marriage', name: '宝塔区婚姻家庭纠纷人民调解委员会', kind: 'mediation_committee',
    parent: 'justice', categories: ['marriage_family'], villages: [],
  },
  {
    key: 'committee-consumer', name: '宝塔区消费纠纷人民调解委员会', kind: 'mediation_committee',
    parent: 'market', categories: ['consumer'], villages: [],
  },
  {
    // The policy seats the district's IP protection office at market regulation.
    key: 'committee-ip', name: '宝塔区知识产权纠纷人民调解委员会', kind: 'mediation_committee',
    parent: 'market', categories: ['ip'], villages: [],
  },
];

// Every street, town and township has its own people's mediation committee
// for the everyday disputes of its villages.
const townshipCommittees: DemoAgency[] = demoTownships.map((t) => ({
  key: committeeKey(t.key), name: `${t.name}人民调解委员会`, kind: 'mediation_committee',
  parent: t.key, categories: GRASSROOTS_CATEGORIES, villages: t.villages.map((v) => v.name),
}));

export function committeeKey(townshipKey: string): string {
  return townshipKey.replace(/^township-/, 'committee-');
}

// Listed parent-first, though the seed service does not rely on it.
export const demoAgencies: readonly DemoAgency[] = [...institutions, ...townships, ...committees, ...townshipCommittees];
