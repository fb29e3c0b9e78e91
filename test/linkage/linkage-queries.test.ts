import { Agency, LinkageItem, type LinkageItemStatus } from '../../entities';
import { listOpenForAgency } from '../../server/domain/linkage/linkage-queries';
import { eachDb } from '../helpers/databases';

// One agency's open items, a page at a time: every open status, by deadline
// (no deadline first, as both databases sort NULL), ties by id; done items and
// other agencies' items never; the total counts them all.

eachDb('listOpenForAgency: open items by deadline across statuses, paged, with the total', async (t, db) => {
  const at = new Date('2026-12-01T02:00:00Z');
  const agencies = await db.ds.getRepository(Agency).save(['甲单位', '乙单位'].map((name) => ({
    name, shortName: null, aliases: [], documentPrefix: null, kind: 'government' as const, parentId: null, categories: [], villages: [],
    wecomWebhookKey: null, wechatyRoomId: null, headUserId: null, createdAt: at,
  })));
  const [mine, other] = agencies.map((a) => a.id) as [number, number];
  const day = (d: number) => new Date(at.getTime() + d * 86_400_000);
  const specs: Array<[string, number, LinkageItemStatus, Date | null]> = [
    ['d5-assigned', mine, 'assigned', day(5)],
    ['d1-registered', mine, 'registered', day(1)],
    ['d3-transferred', mine, 'transferred', day(3)],
    ['none-registered', mine, 'registered', null],
    ['d3-assigned', mine, 'assigned', day(3)],
    ['d2-answered', mine, 'answered', day(2)],
    ['d0-closed', mine, 'closed', day(0)],
    ['d1-other', other, 'registered', day(1)],
    ['d4-registered', mine, 'registered', day(4)],
  ];
  const repo = db.ds.getRepository(LinkageItem);
  for (const [title, to, status, dueAt] of specs) {
    await repo.save(repo.create({
      type: 'risk_letter', documentNumber: null, title, body: '', fromAgencyId: null, toAgencyId: to, assigneeId: null, status, dueAt,
      dueKind: null, dueDays: null, answeredAt: null, disputeId: null, createdAt: at, updatedAt: at,
    }));
  }
  const page = async (n: number, pageSize: number) => {
    const r = await listOpenForAgency(db.ds.manager, mine, { page: n, pageSize });
    return { titles: r.items.map((i) => i.title), total: r.total };
  };
  const all = ['none-registered', 'd1-registered', 'd3-transferred', 'd3-assigned', 'd4-registered', 'd5-assigned'];
  t.deepEqual(await page(1, 20), { titles: all, total: 6 });
  t.deepEqual(await page(1, 4), { titles: all.slice(0, 4), total: 6 });
  t.deepEqual(await page(2, 4), { titles: all.slice(4), total: 6 });
  t.deepEqual(await page(3, 4), { titles: [], total: 6 });
  t.deepEqual(await listOpenForAgency(db.ds.manager, 9999, { page: 1, pageSize: 20 }), { items: [], total: 0 });
});
