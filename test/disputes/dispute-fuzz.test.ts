import fc from 'fast-check';
import { Dispute, DisputeEntry, DISPUTE_CATEGORIES } from '../../entities';
import { DISPUTE_ACTIONS, MOVES, type DisputeAction } from '../../server/domain/disputes/dispute-status';
import { normalizeLines } from '../../server/domain/user-text';
import { startHarness, type Harness } from '../helpers/app-harness';
import { eachDb, type TestDb } from '../helpers/databases';
import { BAOTA_AGENCIES, BAOTA_PEOPLE, ok, pick, seedDistrict } from '../helpers/district.helper';
import { answersCleanly as check, anyTextWith, anyValueOf, FUZZ_RUNS as RUNS } from '../helpers/fuzz.helper';
import { countRows, DISPUTE_TABLES, sameCounts } from '../helpers/row-counts.helper';

// Property: whatever a client sends to the dispute routes, the answer is never
// a 5xx; anything but a 2xx is a JSON error with a stable code and a Chinese
// message, and writes nothing. What is accepted is stored as sent, trimmed.

const DAY = 24 * 3600 * 1000;
const counts = (db: TestDb) => countRows(db, DISPUTE_TABLES);

// Text with everything in it: lone surrogates, astral characters, controls, markup, SQL.
const anyText = anyTextWith('<script>alert(1)</script>', "'; DROP TABLE dispute; --", '%_!\\');
const anyValue = anyValueOf(anyText);
// Long enough to pass most of the time, with whitespace and markup around it.
const goodText = (min: number, max: number) =>
  fc.tuple(fc.constantFrom('', ' ', '\n\u3000', '\t'), fc.string({ unit: 'grapheme', minLength: min, maxLength: max }), fc.constantFrom('', ' ', '  \n'))
    .map(([a, s, b]) => a + s + b);

// Multi-line text as it is stored: line breaks made \n (a lone \r too), then trimmed.
const stored = (text: string) => normalizeLines(text).trim();

// A valid body, then with one field deleted, replaced by anything, or an extra one added.
function nearValid(valid: fc.Arbitrary<Record<string, unknown>>) {
  const mutate = fc.oneof(
    { arbitrary: fc.constant(null), weight: 5 },
    { arbitrary: fc.tuple(fc.constant('delete'), fc.nat(), fc.constant(undefined as unknown)), weight: 1 },
    { arbitrary: fc.tuple(fc.constant('replace'), fc.nat(), anyValue), weight: 1 },
    { arbitrary: fc.tuple(fc.constant('add'), fc.constantFrom('isAdmin', 'status', 'residentId', '__proto__', 'toString'), anyValue), weight: 1 },
  );
  return fc.tuple(valid, mutate).map(([body, m]) => {
    if (!m) return body;
    const [how, which, value] = m;
    const keys = Object.keys(body);
    const out = { ...body };
    if (how === 'add') Object.defineProperty(out, which as string, { value, enumerable: true, configurable: true, writable: true });
    else if (how === 'delete') delete out[keys[(which as number) % keys.length]!];
    else out[keys[(which as number) % keys.length]!] = value;
    return out;
  });
}

const filing = fc.record(
  {
    category: fc.constantFrom(...DISPUTE_CATEGORIES),
    description: fc.oneof({ arbitrary: goodText(10, 60), weight: 4 }, { arbitrary: anyText, weight: 1 }),
    village: fc.oneof({ arbitrary: fc.constantFrom('东关村', ' 西村 ', '𠀀村😀'), weight: 4 }, { arbitrary: anyText, weight: 1 }),
    otherParty: fc.oneof(fc.constant(null), goodText(1, 20)),
    phone: fc.constantFrom('13812345678', '+86 138-1234-5678', '0911-2345678', '13812345678', '+86 138-1234-5678', '12345'),
    consent: fc.constant(true as unknown),
    defendantAgencyId: fc.constantFrom(null, 1, 2, 999999),
  },
  { requiredKeys: ['category', 'description', 'village', 'phone', 'consent'] },
);
const rawBody = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('{"__proto__":{"role":"admin"}}', '{"constructor":{"prototype":{"x":1}}}', '{', '[]', '"\\ud800"', '{"body":"\\udc00"}'),
);
const asRequest = (body: unknown) => ({ raw: JSON.stringify(body), body });

interface World { h: Harness; tokens: Record<'resident' | 'otherResident' | 'mediator' | 'judge' | 'admin', string>; disputes: number[] }

async function setup(db: TestDb): Promise<World> {
  const h = await startHarness(db);
  // Agency 1 takes every category, agency 2 is a possible defendant.
  // API tokens last a year: the clock moves a day for every few filings.
  const { agencies: { committee }, people } = await seedDistrict(h, {
    agencies: pick(BAOTA_AGENCIES, ['committee', 'resources', 'court'], { committee: { categories: [...DISPUTE_CATEGORIES] } }),
    people: pick(BAOTA_PEOPLE, ['resident', 'otherResident', 'mediator', 'judge']),
  });
  if (committee.id !== 1) throw new Error('setup: agency ids');
  const tokens = {
    resident: people.resident.token, otherResident: people.otherResident.token,
    mediator: people.mediator.token, judge: people.judge.token, admin: h.adminToken,
  };
  const disputes: number[] = [];
  for (const village of ['东关村', '西村', '南村']) {
    const body = { category: 'neighbor', description: '邻居家装修噪音持续到深夜，多次协商无果。', village, phone: '13812345678', consent: true };
    disputes.push((await ok(h.request('POST', '/api/disputes', { token: tokens.resident, body }), 201)).id);
  }
  h.clock.advance(DAY);
  return { h, tokens, disputes };
}

eachDb('POST /api/disputes: near-valid and arbitrary bodies never give a 5xx; accepted descriptions are stored trimmed', async (t, db) => {
  const w = await setup(db);
  let accepted = 0;
  try {
    const send = fc.oneof(
      { arbitrary: nearValid(filing).map(asRequest), weight: 4 },
      { arbitrary: rawBody.map((raw) => ({ raw, body: undefined as unknown })), weight: 1 },
    );
    await fc.assert(
      fc.asyncProperty(send, async ({ raw, body }) => {
        const before = await counts(db);
        const r = await w.h.request('POST', '/api/disputes', { token: w.tokens.resident, rawBody: raw, headers: { 'content-type': 'application/json' } });
        if (!check(t, `POST /api/disputes ${raw.slice(0, 200)}`, r)) return false;
        if (r.status >= 400) return sameCounts(await counts(db), before);
        // At most five filings a day: move the clock on so the limit never answers for the validator.
        if (++accepted % 4 === 0) w.h.clock.advance(DAY);
        const sent = body as { description: string; village: string; otherParty?: string | null; consent: unknown };
        const row = await db.ds.getRepository(Dispute).findOneByOrFail({ id: r.body.id });
        const same = row.description === stored(sent.description) && row.village === sent.village.trim() &&
          row.otherParty === (sent.otherParty == null ? null : sent.otherParty.trim()) && sent.consent === true;
        if (!same) t.log(`stored ${JSON.stringify([row.description, row.village, row.otherParty])} for ${raw.slice(0, 200)}`);
        const read = await w.h.request('GET', `/api/disputes/${row.id}`, { token: w.tokens.resident });
        return same && read.body.description === row.description && r.body.serial === row.serial;
      }),
      { numRuns: RUNS * 2 },
    );
    t.log(`${accepted} filings accepted`);
    t.true(accepted > 0);
  } finally {
    await w.h.close();
  }
});

type EntryRoute = 'messages' | 'explanations' | 'transitions' | 'escalations';
const entryBodies: Record<EntryRoute, fc.Arbitrary<Record<string, unknown>>> = {
  messages: fc.record({ body: fc.oneof({ arbitrary: goodText(1, 40), weight: 3 }, { arbitrary: anyText, weight: 1 }) }),
  explanations: fc.record({ body: fc.oneof({ arbitrary: goodText(1, 40), weight: 3 }, { arbitrary: anyText, weight: 1 }) }),
  transitions: fc.record({ action: fc.constantFrom<string>(...DISPUTE_ACTIONS), note: fc.oneof(goodText(1, 20), anyText, fc.constant(null)) }, { requiredKeys: ['action'] }),
  escalations: fc.record({ agencyIds: fc.array(fc.constantFrom(1, 2, 3, 999999), { minLength: 1, maxLength: 3 }), note: fc.oneof(goodText(1, 20), fc.constant(null)) }, { requiredKeys: ['agencyIds'] }),
};

eachDb('entry routes: near-valid and arbitrary bodies never give a 5xx; refusals write nothing; accepted text is stored trimmed', async (t, db) => {
  const w = await setup(db);
  const seen = new Map<number, number>();
  try {
    const routes = Object.keys(entryBodies) as EntryRoute[];
    const target = fc.oneof(
      { arbitrary: fc.constantFrom(...w.disputes).map(String), weight: 12 },
      { arbitrary: fc.constantFrom('0', '-1', '999999', 'abc', '1e99', '%F0%9F%98%80', encodeURIComponent("1' OR '1'='1")), weight: 1 },
    );
    // Mostly someone who may use the route, sometimes anyone at all.
    type Who = keyof World['tokens'] | null;
    const rightful: Record<EntryRoute, Who[]> = {
      messages: ['resident', 'mediator'], explanations: ['judge'], transitions: ['resident', 'mediator', 'admin'], escalations: ['mediator', 'admin'],
    };
    const anyone = fc.constantFrom<Who>(...(Object.keys(w.tokens) as Array<keyof World['tokens']>), null);
    const body = fc.constantFrom(...routes).chain((route) =>
      fc.tuple(
        fc.oneof(
          { arbitrary: nearValid(entryBodies[route]).map(asRequest), weight: 4 },
          { arbitrary: rawBody.map((raw) => ({ raw, body: undefined as unknown })), weight: 1 },
        ),
        fc.oneof({ arbitrary: fc.constantFrom(...rightful[route]), weight: 4 }, { arbitrary: anyone, weight: 1 }),
      ).map(([b, actor]) => ({ route, ...b, actor })));
    await fc.assert(
      fc.asyncProperty(body, target, async ({ route, raw, body: sent, actor }, id) => {
        const before = await counts(db);
        const path = `/api/disputes/${id}/${route}`;
        const r = await w.h.request('POST', path, { token: actor ? w.tokens[actor] : null, rawBody: raw, headers: { 'content-type': 'application/json' } });
        if (!check(t, `POST ${path} as ${actor} ${raw.slice(0, 200)}`, r)) return false;
        seen.set(r.status, (seen.get(r.status) ?? 0) + 1);
        if (r.status >= 400) return sameCounts(await counts(db), before);
        const s = sent as { body?: string; note?: string | null; action?: DisputeAction; agencyIds?: number[] };
        if (route === 'transitions') {
          const row = await db.ds.getRepository(Dispute).findOneByOrFail({ id: Number(id) });
          return r.body.status === MOVES[s.action!].to && row.status === r.body.status;
        }
        const entry = await db.ds.getRepository(DisputeEntry).findOneByOrFail({ id: r.body.id });
        if (route === 'escalations') {
          return s.note == null ? /^已请.+等部门一起商量解决$/.test(entry.body) : entry.body === stored(s.note);
        }
        return entry.body === stored(s.body!) && r.body.body === entry.body && entry.kind === (route === 'messages' ? 'message' : 'explanation');
      }),
      { numRuns: RUNS * 3 },
    );
    t.log(`statuses: ${JSON.stringify(Object.fromEntries(seen))}`);
    t.true([...seen.keys()].some((s) => s < 300), 'some entries were accepted');
  } finally {
    await w.h.close();
  }
});
