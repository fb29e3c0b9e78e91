import type { Harness } from '../helpers/app-harness';
import { ok, seedDistrict } from '../helpers/district.helper';

// The linkage tests' district: the court sends, the market bureau receives
// and may pass an item to the housing bureau, the town is copied, the liaison
// office watches all. Each agency has a group robot; the people are on WeCom.

export const ROBOTS = {
  court: 'court-robot-key-000001',
  market: 'market-robot-key-00001',
  housing: 'housing-robot-key-0001',
  town: 'town-robot-key-0000001',
  liaison: 'liaison-robot-key-0001',
} as const;

export async function linkageDistrict(h: Harness) {
  const d = await seedDistrict(h, {
    agencies: {
      court: { name: '宝塔区人民法院', kind: 'court', wecomWebhookKey: ROBOTS.court },
      market: { name: '宝塔区市场监督管理局', kind: 'government', wecomWebhookKey: ROBOTS.market },
      housing: { name: '宝塔区住房和城乡建设局', kind: 'government', wecomWebhookKey: ROBOTS.housing },
      town: { name: '南市街道办事处', kind: 'township', wecomWebhookKey: ROBOTS.town },
      liaison: { name: '宝塔区委依法治区委员会办公室', kind: 'liaison_office', wecomWebhookKey: ROBOTS.liaison },
      committee: { name: '南市街道人民调解委员会', kind: 'mediation_committee', categories: ['administrative'], villages: ['南关社区'] },
    },
    people: {
      judge: { name: '李秀兰', role: 'judge', agency: 'court', wecomUserId: 'lixiulan' },
      marketHead: { name: '马局长', role: 'official', agency: 'market', wecomUserId: 'majuzhang' },
      market: { name: '白干事', role: 'official', agency: 'market', wecomUserId: 'baiganshi' },
      housing: { name: '贺科长', role: 'official', agency: 'housing', wecomUserId: 'hekezhang' },
      housingStaff: { name: '高专员', role: 'official', agency: 'housing', wecomUserId: 'gaozhuanyuan' },
      town: { name: '田亚琴', role: 'official', agency: 'town', wecomUserId: 'tianyaqin' },
      liaison: { name: '高联络', role: 'official', agency: 'liaison', wecomUserId: 'gaolianluo' },
      mediator: { name: '王调解', role: 'mediator', agency: 'committee' },
    },
    residents: { resident: 'linkage-resident' },
  });
  await ok(h.request('PATCH', `/api/agencies/${d.agencies.market.id}`, { token: h.adminToken, body: { headUserId: d.people.marketHead.id } }), 200);
  return d;
}

export type LinkageDistrict = Awaited<ReturnType<typeof linkageDistrict>>;
