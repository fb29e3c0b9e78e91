import test from 'ava';
import fc from 'fast-check';
import type { Agency, AgencyKind, DisputeCategory, DisputeStatus } from '../../entities';
import { DISPUTE_STATUSES } from '../../entities';
import { pickCommittee, pickMediator } from '../../server/domain/disputes/dispute-routing';
import { allowedActions, DISPUTE_ACTIONS, OPEN_STATUSES, type Actor } from '../../server/domain/disputes/dispute-status';
import { startHarness, type Harness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';
import { NANSHI_AGENCIES, NANSHI_PEOPLE, ok, pick, seedDistrict } from '../helpers/district.helper';

// The rules that decide where a dispute goes and how it moves: pure tables
// first, then the same table through the API with real people.

const agency = (id: number, kind: AgencyKind, categories: DisputeCategory[] = [], villages: string[] = [], parentId: number | null = null) =>
  ({ id, name: `单位${id}`, kind, categories, villages, parentId }) as unknown as Agency;

const CENTRE = agency(1, 'mediation_centre');
const DISTRICT_NEIGHBOR = agency(2, 'mediation_committee', ['neighbor', 'land']);
const TOWN_NEIGHBOR = agency(5, 'mediation_committee', ['neighbor'], ['南关社区', '七里铺社区']);
const DISTRICT_LABOR = agency(3, 'mediation_committee', ['labor']);
const TOWN_LABOR = agency(4, 'mediation_committee', ['labor'], ['东关社区']);
const LATER_DISTRICT_NEIGHBOR = agency(9, 'mediation_committee', ['neighbor']);
const NOT_A_COMMITTEE = agency(6, 'township', ['consumer'], ['南关社区']);
// 南市街道 (id 7)'s own committee, which names only some of its villages.
const NANSHI_COMMITTEE = agency(8, 'mediation_committee', ['neighbor'], ['七里铺社区'], 7);

// A village given as text, or as [name, its township's id] when it is a listed one.
const routes: Array<[string, Agency[], DisputeCategory, string | [string, number], number | null]> = [
  ['the village-specific committee beats a district-wide one', [CENTRE, DISTRICT_NEIGHBOR, TOWN_NEIGHBOR], 'neighbor', '南关社区', 5],
  ['…whatever order the agencies come in', [TOWN_NEIGHBOR, DISTRICT_NEIGHBOR, CENTRE], 'neighbor', '七里铺社区', 5],
  ['another village: the district-wide committee', [CENTRE, DISTRICT_NEIGHBOR, TOWN_NEIGHBOR], 'neighbor', '东关社区', 2],
  ['two district-wide committees: the lower id', [LATER_DISTRICT_NEIGHBOR, DISTRICT_NEIGHBOR], 'neighbor', '东关社区', 2],
  ['the category must match, even in the village', [CENTRE, TOWN_NEIGHBOR, DISTRICT_LABOR], 'labor', '南关社区', 3],
  ['a village committee of the category', [CENTRE, DISTRICT_LABOR, TOWN_LABOR], 'labor', '东关社区', 4],
  ['a village committee of another village does not take it', [CENTRE, TOWN_LABOR], 'labor', '南关社区', 1],
  ['no committee of the category: the mediation centre', [CENTRE, DISTRICT_NEIGHBOR, TOWN_LABOR], 'medical', '南关社区', 1],
  ['only committees take disputes, not a township', [NOT_A_COMMITTEE, CENTRE], 'consumer', '南关社区', 1],
  ['no committee and no centre: nobody', [DISTRICT_LABOR, NOT_A_COMMITTEE], 'medical', '南关社区', null],
  ['no agencies at all', [], 'neighbor', '南关社区', null],
  ['a listed village no committee names: its township\'s committee', [CENTRE, DISTRICT_NEIGHBOR, NANSHI_COMMITTEE], 'neighbor', ['杜甫川社区', 7], 8],
  ['…before one serving the whole district, and only for its own township', [CENTRE, DISTRICT_NEIGHBOR, NANSHI_COMMITTEE], 'neighbor', ['桥儿沟社区', 9], 2],
  ['…and only for a category it takes', [CENTRE, NANSHI_COMMITTEE], 'labor', ['杜甫川社区', 7], 1],
  ['the committee naming the village still comes first', [NANSHI_COMMITTEE, TOWN_NEIGHBOR], 'neighbor', ['南关社区', 7], 5],
  ['typed text has no township', [CENTRE, NANSHI_COMMITTEE], 'neighbor', '杜甫川村', 1],
];
for (const [title, agencies, category, village, expected] of routes) {
  test(`pickCommittee: ${title}`, (t) => {
    const place = typeof village === 'string' ? { village } : { village: village[0], townshipId: village[1] };
    t.is(pickCommittee(agencies, category, place)?.id ?? null, expected);
  });
}

test('pickMediator: fewest open disputes, the lowest id on a tie, null with nobody', (t) => {
  const m = (...ids: number[]) => ids.map((id) => ({ id }));
  const cases: Array<[number[], Array<[number, number]>, number | null]> = [
    [[], [], null],
    [[7], [[7, 12]], 7],
    [[3, 8], [], 3],
    [[8, 3], [[3, 1]], 8],
    [[8, 3, 5], [[3, 2], [5, 1], [8, 1]], 5],
    [[8, 3, 5], [[3, 0], [5, 0], [8, 0]], 3],
    [[10, 11], [[10, 4], [11, 3]], 11],
  ];
  for (const [ids, counts, expected] of cases) {
    t.is(pickMediator(m(...ids), new Map(counts))?.id ?? null, expected, JSON.stringify([ids, counts]));
  }
  fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 8 }), fc.array(fc.nat(5), { minLength: 8, maxLength: 8 }), (ids, n) => {
    const counts = new Map(ids.map((id, i) => [id, n[i]!]));
    const best = pickMediator(m(...ids), counts)!;
    const least = Math.min(...counts.values());
    return counts.get(best.id) === least && best.id === Math.min(...ids.filter((id) => counts.get(id) === least));
  }));
});

// Issue 4: submitted → accepted → mediating → resolved | failed | withdrawn;
// failed → litigation; resolved → confirmation_requested, taken by both
// parties together (dispute-confirmation.ts), never by one person's move.
const STATUS_TABLE: Record<DisputeStatus, Record<Exclude<Actor, 'parties'>, string[]>> = {
  submitted: { resident: ['withdraw'], mediator: ['accept'], judge: [], admin: ['accept', 'withdraw'] },
  accepted: { resident: ['withdraw'], mediator: ['mediate'], judge: [], admin: ['mediate', 'withdraw'] },
  mediating: { resident: ['withdraw'], mediator: ['resolve', 'fail'], judge: [], admin: ['resolve', 'fail', 'withdraw'] },
  resolved: { resident: [], mediator: [], judge: [], admin: [] },
  failed: { resident: [], mediator: ['refer'], judge: ['refer'], admin: ['refer'] },
  withdrawn: { resident: [], mediator: [], judge: [], admin: [] },
  litigation: { resident: [], mediator: [], judge: [], admin: [] },
  confirmation_requested: { resident: [], mediator: [], judge: [], admin: [] },
};

test('the status table: allowed actions for every status × actor', (t) => {
  t.deepEqual(Object.keys(STATUS_TABLE).sort(), [...DISPUTE_STATUSES].sort());
  for (const status of DISPUTE_STATUSES) {
    for (const actor of ['resident', 'mediator', 'judge', 'admin'] as const) {
      t.deepEqual(allowedActions(status, actor), STATUS_TABLE[status][actor], `${status} × ${actor}`);
    }
    t.deepEqual(allowedActions(status, null), [], `${status} × official`);
  }
  t.deepEqual([...OPEN_STATUSES], ['submitted', 'accepted', 'mediating']);
  t.deepEqual(allowedActions('resolved', 'parties'), ['confirm']);
});

// A committee for 南关社区 with one mediator, another committee, a judge, an
// official linked to the village, and two residents; all through the API.
async function district(h: Harness) {
  const { agencies, people, residents } = await seedDistrict(h, {
    agencies: pick(NANSHI_AGENCIES, ['committee', 'laborCommittee', 'court', 'town']),
    people: pick(NANSHI_PEOPLE, ['mediator', 'laborMediator', 'judge', 'official']),
    residents: { resident: 'rules-resident', stranger: 'rules-stranger' },
  });
  return {
    committee: agencies.committee, other: agencies.laborCommittee,
    mediator: people.mediator.token, otherMediator: people.laborMediator.token, judge: people.judge.token, official: people.official.token,
    resident: residents.resident.token, stranger: residents.stranger.token,
    admin: h.adminToken,
  };
}

eachDb('moves through the API: wrong moves are 409 with the allowed ones, each role only its own, closedAt on end', async (t, db) => {
  const h = await startHarness(db);
  try {
    const w = await district(h);
    const file = async () => {
      const body = { category: 'neighbor', description: '邻居在公共楼道堆放杂物，影响通行和消防安全', village: '南关社区', phone: '13800001111', consent: true };
      const d = await ok(h.request('POST', '/api/disputes', { token: w.resident, body }), 201);
      t.is(d.committee.id, w.committee.id);
      return d.id as number;
    };
    const move = (id: number, token: string, action: string, note?: string) =>
      h.request('POST', `/api/disputes/${id}/transitions`, { token, body: { action, ...(note ? { note } : {}) } });
    const get = (id: number) => ok(h.request('GET', `/api/disputes/${id}`, { token: h.adminToken }), 200);

    // A wrong move: 409, the code, the moves this person may make now; nothing changes.
    const a = await file();
    const wrong = await move(a, w.mediator, 'resolve');
    t.is(wrong.status, 409);
    t.is(wrong.body.error.code, 'TRANSITION_NOT_ALLOWED');
    t.deepEqual(wrong.body.error.allowed, ['accept']);
    t.regex(wrong.body.error.message, /调解成功/);
    const resolveByResident = await move(a, w.resident, 'resolve');
    t.is(resolveByResident.status, 409);
    t.deepEqual(resolveByResident.body.error.allowed, ['withdraw']);
    t.deepEqual((await move(a, w.judge, 'accept')).body.error.allowed, []);

    // An official linked to the village sees it but moves nothing; another committee's mediator does not see it.
    t.is((await ok(h.request('GET', `/api/disputes/${a}`, { token: w.official }), 200)).id, a);
    for (const action of DISPUTE_ACTIONS) {
      const r = await move(a, w.official, action);
      t.is(r.status, 403, `official ${action}: ${r.text}`);
      t.is(r.body.error.code, 'FORBIDDEN');
      t.is((await move(a, w.otherMediator, action)).status, 404, `other committee's mediator ${action}`);
      t.is((await move(a, w.stranger, action)).status, 404, `another resident ${action}`);
    }
    t.is((await get(a)).status, 'submitted');
    t.is((await get(a)).timeline.filter((e: any) => e.kind === 'move').length, 1);

    // The resident withdraws: closed, recorded with actor, time and note.
    h.clock.advance(3600_000);
    const withdrawn = await ok(move(a, w.resident, 'withdraw', '已与邻居私下说好'), 200);
    t.deepEqual(withdrawn, { id: a, status: 'withdrawn', allowedActions: [] });
    const afterWithdraw = await get(a);
    t.is(afterWithdraw.closedAt, h.clock.now().toISOString());
    const last = afterWithdraw.timeline.at(-1);
    t.like(last, { kind: 'move', body: '已与邻居私下说好', at: h.clock.now().toISOString(), meta: { action: 'withdraw', from: 'submitted', to: 'withdrawn' } });
    t.is(last.author.role, 'resident');
    t.is((await move(a, w.mediator, 'accept')).status, 409);

    // Each path to its end: who moves, and when closedAt is set (once, at the end of mediation).
    const paths: Array<{ steps: Array<[keyof typeof w, string]>; end: DisputeStatus; closedAfter: number }> = [
      { steps: [['mediator', 'accept'], ['mediator', 'mediate'], ['mediator', 'fail'], ['judge', 'refer']], end: 'litigation', closedAfter: 2 },
      { steps: [['admin', 'accept'], ['admin', 'mediate'], ['resident', 'withdraw']], end: 'withdrawn', closedAfter: 2 },
      { steps: [['mediator', 'accept'], ['resident', 'withdraw']], end: 'withdrawn', closedAfter: 1 },
      { steps: [['admin', 'accept'], ['admin', 'mediate'], ['admin', 'fail'], ['admin', 'refer']], end: 'litigation', closedAfter: 2 },
      // Last: a resident files five a day, and the paths before it have reached the next one.
      { steps: [['mediator', 'accept'], ['mediator', 'mediate'], ['mediator', 'resolve']], end: 'resolved', closedAfter: 2 },
    ];
    for (const { steps, end, closedAfter } of paths) {
      const id = await file();
      let closedAt: string | null = null;
      for (const [i, [who, action]] of steps.entries()) {
        h.clock.advance(3600_000);
        await ok(move(id, w[who] as string, action), 200);
        const d = await get(id);
        if (i < closedAfter) t.is(d.closedAt, null, `${action}: still open`);
        if (i === closedAfter) closedAt = h.clock.now().toISOString();
        if (i >= closedAfter) t.is(d.closedAt, closedAt, `${action}: closed once, at the end of mediation`);
      }
      const d = await get(id);
      t.is(d.status, end);
      t.deepEqual(d.allowedActions, []);
      t.deepEqual(
        d.timeline.filter((e: any) => e.kind === 'move').slice(1).map((e: any) => e.meta.action),
        steps.map(([, action]) => action),
      );
    }
  } finally {
    await h.close();
  }
});
