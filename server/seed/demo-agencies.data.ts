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
}

export interface DemoTownship {
  key: string;
  name: string;
  villages: { key: string; name: string }[];
}

// Streets (街道) and towns (镇) with the communities and villages under them.
// Village names are unique across the district: they double as agency names.
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
    key: 'township-qiaogou',
    name: '桥沟街道',
    villages: [
      { key: 'village-qiaoergou', name: '桥儿沟社区' },
      { key: 'village-wangjiaping', name: '王家坪社区' },
      { key: 'village-liushudian', name: '柳树店村' },
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
    key: 'township-liulin',
    name: '柳林镇',
    villages: [
      { key: 'village-liulin', name: '柳林村' },
      { key: 'village-guojiagou', name: '郭家沟村' },
      { key: 'village-liujiahe', name: '刘家河村' },
      { key: 'village-yangjiagou', name: '杨家沟村' },
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

const institutions: DemoAgency[] = [
  { key: 'government', name: '宝塔区人民政府', kind: 'government', parent: null },
  { key: 'court', name: '宝塔区人民法院', kind: 'court', parent: null },
  { key: 'procuratorate', name: '宝塔区人民检察院', kind: 'procuratorate', parent: null },
  { key: 'police', name: '延安市公安局宝塔分局', kind: 'police', parent: null },
  // A Party committee office, not a government department, hence no parent.
  { key: 'rule-of-law-office', name: '区委依法治区办', kind: 'liaison_office', parent: null },
  { key: 'liaison-office', name: '府院联动联席办公室', kind: 'liaison_office', parent: 'government' },
  { key: 'justice', name: '宝塔区司法局', kind: 'government', parent: 'government' },
  { key: 'hrss', name: '宝塔区人力资源和社会保障局', kind: 'government', parent: 'government' },
  { key: 'market', name: '宝塔区市场监督管理局', kind: 'government', parent: 'government' },
  { key: 'housing', name: '宝塔区住房和城乡建设局', kind: 'government', parent: 'government' },
  { key: 'health', name: '宝塔区卫生健康局', kind: 'government', parent: 'government' },
  { key: 'nanniwan', name: '南泥湾开发区管委会', kind: 'government', parent: 'government' },
  { key: 'mediation-centre', name: '宝塔区诉前调解中心', kind: 'mediation_centre', parent: 'court' },
];

const townships: DemoAgency[] = demoTownships.flatMap((t) => [
  { key: t.key, name: t.name, kind: 'township' as const, parent: 'government' },
  ...t.villages.map((v) => ({ key: v.key, name: v.name, kind: 'village' as const, parent: t.key })),
]);

// The professional committees the policy names (医疗、消费、劳动、物业、婚姻家庭、
// 交通事故、知识产权), each under the department that guides its trade, and
// two township committees for everyday disputes.
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
  {
    key: 'committee-nanshi', name: '南市街道人民调解委员会', kind: 'mediation_committee',
    parent: 'township-nanshi', categories: GRASSROOTS_CATEGORIES, villages: villagesOf('township-nanshi'),
  },
  {
    key: 'committee-hezhuangping', name: '河庄坪镇人民调解委员会', kind: 'mediation_committee',
    parent: 'township-hezhuangping', categories: GRASSROOTS_CATEGORIES,
    villages: villagesOf('township-hezhuangping'),
  },
];

// Listed parent-first, though the seed service does not rely on it.
export const demoAgencies: readonly DemoAgency[] = [...institutions, ...townships, ...committees];
