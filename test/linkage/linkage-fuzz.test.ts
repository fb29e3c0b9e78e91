import fc from 'fast-check';
import { LINKAGE_ACTIONS, LINKAGE_ITEM_TYPES, LinkageCopy, LinkageEvent, LinkageItem } from '../../entities';
import { startHarness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';
import { ok } from '../helpers/district.helper';
import { answersCleanly, anyTextWith, anyValueOf, FUZZ_RUNS } from '../helpers/fuzz.helper';
import { countRows, sameCounts } from '../helpers/row-counts.helper';
import { linkageDistrict } from './linkage-district.helper';

// Whatever is posted to the linkage routes, the answer is never a 5xx, and a
// refusal is a JSON error in Chinese that leaves the linkage tables as they were.

const anyText = anyTextWith('<script>alert(1)</script>', "'; DROP TABLE linkage_item; --", '宝法建〔2026〕1号');
const anyValue = anyValueOf(anyText);
const field = <T>(good: fc.Arbitrary<T>) => fc.oneof(good, anyValue);
const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

eachDb('property: registrations, actions and list queries never answer 5xx; refusals change nothing', async (t, db) => {
  const h = await startHarness(db);
  try {
    const d = await linkageDistrict(h);
    const ids = fc.constantFrom(d.agencies.market.id, d.agencies.court.id, d.agencies.town.id, 999999, 0, -1);
    const item = await ok(h.request('POST', '/api/linkage-items', { token: d.people.judge.token, body: {
      type: 'judicial_suggestion', title: '司法建议', body: '内容', toAgencyId: d.agencies.market.id,
    } }), 201);
    const counts = () => countRows(db, { LinkageItem, LinkageEvent, LinkageCopy });
    const tokens = fc.constantFrom(d.people.judge.token, d.people.market.token, d.people.liaison.token, h.adminToken);
    const newItem = fc.record({
      type: field(fc.constantFrom(...LINKAGE_ITEM_TYPES)), title: field(anyText), body: field(anyText), toAgencyId: field(ids),
      ccAgencyIds: optional(field(fc.array(ids, { maxLength: 3 }))), fromAgencyId: optional(field(ids)), documentNumber: optional(field(anyText)),
      due: optional(field(fc.record({ days: optional(field(fc.integer())), workingDays: optional(field(fc.integer())), months: optional(field(fc.integer())), at: optional(field(fc.constantFrom('2026-12-08T09:00:00+08:00', '2026-13-01'))) }, { requiredKeys: [] }))),
    }, { requiredKeys: ['type', 'title', 'body', 'toAgencyId'] });
    const action = fc.record({
      action: field(fc.constantFrom(...LINKAGE_ACTIONS)), toAgencyId: optional(field(ids)), assigneeId: optional(field(fc.constantFrom(d.people.market.id, d.people.judge.id, 999999))), note: optional(field(anyText)),
    }, { requiredKeys: ['action'] });
    await fc.assert(fc.asyncProperty(tokens, newItem, action, anyText.filter((x) => x.isWellFormed()), async (token, body, act, query) => {
      const before = await counts();
      const r = await h.request('POST', '/api/linkage-items', { token, body });
      if (!answersCleanly(t, 'POST /api/linkage-items', r)) return false;
      if (r.status >= 300 && !sameCounts(await counts(), before)) return false;
      const mid = await counts();
      const a = await h.request('POST', `/api/linkage-items/${item.id}/actions`, { token, body: act });
      if (!answersCleanly(t, 'POST actions', a)) return false;
      if (a.status >= 300 && !sameCounts(await counts(), mid)) return false;
      const q = await h.request('GET', `/api/linkage-items?status=${encodeURIComponent(query)}&type=${encodeURIComponent(query)}&page=${encodeURIComponent(query)}`, { token });
      return answersCleanly(t, 'GET /api/linkage-items', q);
    }), { numRuns: FUZZ_RUNS });
    t.pass();
  } finally {
    await h.close();
  }
});
