import { Dispute, LinkageEvent, LinkageItem, type DisputeCategory, type DisputeStatus, type LinkageItemStatus, type LinkageItemType } from '../../entities';
import type { Harness } from '../helpers/app-harness';
import type { TestDb } from '../helpers/databases';
import { adminPost, ok, seedDistrict } from '../helpers/district.helper';
import { countDisputeChange } from '../../server/domain/reports/dispute-stats';

// A small district with a hand-made half year (2026H2, seen from TEST_NOW,
// 26 November 2026): nine disputes, six linkage items, four hearings, plus one
// of each just before the half year that no figure may count. The expected
// numbers in reports.test.ts are counted by hand from the comments here.

const AGENCIES = {
  town: { name: '南市街道办事处', kind: 'township' },
  zaoyuanTown: { name: '枣园街道办事处', kind: 'township' },
  committee: { name: '南市街道人民调解委员会', kind: 'mediation_committee' },
  laborCommittee: { name: '宝塔区劳动争议人民调解委员会', kind: 'mediation_committee' },
  liaison: { name: '宝塔区委依法治区委员会办公室', kind: 'liaison_office' },
  court: { name: '延安市宝塔区人民法院', kind: 'court' },
  market: { name: '延安市宝塔区市场监督管理局', kind: 'government' },
  land: { name: '延安市宝塔区自然资源局', kind: 'government' },
} as const;
const PEOPLE = {
  liaison: { name: '高文', role: 'official', agency: 'liaison' },
  official: { name: '安小红', role: 'official', agency: 'town', villages: ['南关社区'] },
  mediator: { name: '白志刚', role: 'mediator', agency: 'laborCommittee' },
  judge: { name: '李秀兰', role: 'judge', agency: 'court' },
  marketOfficial: { name: '马静', role: 'official', agency: 'market' },
  adminUser: { name: '孙管理', role: 'admin', agency: null },
} as const;

export async function reportDistrict(h: Harness, db: TestDb) {
  const d = await seedDistrict(h, { agencies: AGENCIES, people: PEOPLE, residents: { resident: 'dev-report-resident' } });
  const village = async (name: string, parent: { id: number }) => adminPost(h, '/api/agencies', { name, kind: 'village', parentId: parent.id });
  const villages = {
    nanguan: await village('南关社区', d.agencies.town),
    qiao: await village('桥儿沟社区', d.agencies.town),
    zaoyuan: await village('枣园村', d.agencies.zaoyuanTown),
  };
  const A = d.agencies;
  const m = db.ds.manager;

  let serial = 0;
  const dispute = async (createdAt: string, category: DisputeCategory, place: { id: number; name: string } | string, committee: { id: number } | null, status: DisputeStatus, opts: { closedAt?: string; deadlineAt?: string } = {}) => {
    serial += 1;
    const row = {
      serial: `JF-2026-${String(serial).padStart(6, '0')}`, residentId: d.residents.resident.id, category, description: '测试纠纷',
      village: typeof place === 'string' ? place : place.name, villageId: typeof place === 'string' ? null : place.id, placeUnmapped: typeof place === 'string',
      committeeId: committee?.id ?? null, status, callback: false, deadlineProvisional: false,
      deadlineAt: new Date(opts.deadlineAt ?? '2027-01-31T16:00:00Z'), closedAt: opts.closedAt ? new Date(opts.closedAt) : null,
      createdAt: new Date(createdAt), updatedAt: new Date(createdAt),
    };
    // Inserted as it stands, counted in the report's summary as a filing would be.
    await m.transaction(async (em) => {
      await em.insert(Dispute, row);
      await countDisputeChange(em, null, row);
    });
  };
  const { nanguan, qiao, zaoyuan } = villages;
  await dispute('2026-07-03T02:00:00Z', 'neighbor', nanguan, A.committee, 'resolved', { closedAt: '2026-07-05T02:00:00Z' }); // 48 h
  await dispute('2026-07-10T02:00:00Z', 'neighbor', nanguan, A.committee, 'confirmation_requested', { closedAt: '2026-07-14T02:00:00Z' }); // 96 h
  await dispute('2026-08-01T02:00:00Z', 'labor', qiao, A.laborCommittee, 'resolved', { closedAt: '2026-08-11T02:00:00Z' }); // 240 h
  await dispute('2026-08-15T02:00:00Z', 'labor', qiao, A.laborCommittee, 'failed', { closedAt: '2026-08-20T02:00:00Z' });
  await dispute('2026-09-01T02:00:00Z', 'neighbor', zaoyuan, A.committee, 'litigation', { closedAt: '2026-09-05T02:00:00Z' });
  await dispute('2026-09-02T02:00:00Z', 'neighbor', nanguan, A.committee, 'withdrawn', { closedAt: '2026-09-03T02:00:00Z' });
  await dispute('2026-10-20T02:00:00Z', 'neighbor', nanguan, A.committee, 'mediating', { deadlineAt: '2026-11-19T16:00:00Z' }); // overdue now
  await dispute('2026-11-20T02:00:00Z', 'labor', qiao, A.laborCommittee, 'submitted', { deadlineAt: '2026-12-20T16:00:00Z' });
  await dispute('2026-11-21T02:00:00Z', 'other', '七里铺某小区', null, 'submitted', { deadlineAt: '2026-12-21T16:00:00Z' });
  // 10:00 on 30 June in Shanghai: the first half year.
  await dispute('2026-06-30T02:00:00Z', 'neighbor', nanguan, A.committee, 'resolved', { closedAt: '2026-07-01T02:00:00Z' });

  const item = async (type: LinkageItemType, from: { id: number }, to: { id: number }, createdAt: string, dueAt: string, status: LinkageItemStatus, answeredAt: string | null = null) => {
    const r = await m.insert(LinkageItem, {
      type, title: '测试事项', body: '测试', fromAgencyId: from.id, toAgencyId: to.id, status, dueAt: new Date(dueAt), dueKind: 'calendar', dueDays: 60,
      answeredAt: answeredAt ? new Date(answeredAt) : null, createdAt: new Date(createdAt), updatedAt: new Date(createdAt),
    });
    return r.identifiers[0]!.id as number;
  };
  await item('judicial_suggestion', A.court, A.market, '2026-07-01T02:00:00Z', '2026-08-30T16:00:00Z', 'answered', '2026-07-21T02:00:00Z'); // on time, 480 h
  await item('judicial_suggestion', A.court, A.market, '2026-08-01T02:00:00Z', '2026-09-30T16:00:00Z', 'closed', '2026-10-11T02:00:00Z'); // late, 1704 h
  await item('judicial_suggestion', A.court, A.land, '2026-09-01T02:00:00Z', '2026-10-31T16:00:00Z', 'assigned'); // overdue
  await item('judicial_suggestion', A.court, A.land, '2026-11-01T02:00:00Z', '2026-12-31T16:00:00Z', 'registered'); // pending
  await item('judicial_suggestion', A.court, A.market, '2026-05-01T02:00:00Z', '2026-06-30T16:00:00Z', 'answered', '2026-05-10T02:00:00Z'); // first half
  const moved = await item('admin_dispute', A.liaison, A.market, '2026-10-01T02:00:00Z', '2026-10-15T16:00:00Z', 'transferred'); // overdue, transferred
  await m.insert(LinkageEvent, { itemId: moved, action: 'transfer', fromAgencyId: A.land.id, toAgencyId: A.market.id, at: new Date('2026-10-02T02:00:00Z') });
  await item('assistance_request', A.court, A.market, '2026-11-10T02:00:00Z', '2026-12-10T16:00:00Z', 'answered', '2026-11-12T02:00:00Z');

  // Hearings: this half year the market's head appeared, the land bureau nobody;
  // the half year before a deputy and nobody.
  const judge = d.people.judge.token;
  const hearing = async (n: number, startsAt: string, agency: { id: number }, appearance: string) => {
    const created = await ok(h.request('POST', '/api/hearings', { token: judge, body: { caseNumber: `（2026）陕0602行初${n}号`, startsAt, defendantAgencyId: agency.id } }), 201);
    await ok(h.request('POST', `/api/hearings/${created.id}/appearance`, { token: judge, body: { appearance } }), 200);
  };
  await hearing(30, '2026-10-10T09:00:00+08:00', A.market, 'head');
  await hearing(31, '2026-11-20T09:00:00+08:00', A.land, 'none');
  await hearing(20, '2026-03-10T09:00:00+08:00', A.market, 'deputy');
  await hearing(21, '2026-04-10T09:00:00+08:00', A.land, 'none');
  return { ...d, villages };
}
