import { LinkageEvent, LinkageItem } from '../../entities';
import { startHarness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';
import { ok } from '../helpers/district.helper';
import { countRows } from '../helpers/row-counts.helper';
import { linkageDistrict } from './linkage-district.helper';

// Scope by relation to the item: the receiving agency sees and acts, the
// sender sees what it sent, a copied agency reads only, the liaison office
// and admins see all, anyone else is told it does not exist. Refusals change nothing.

eachDb('who sees and who acts: receiver, sender, copied agency, liaison office, admin, others', async (t, db) => {
  const h = await startHarness(db);
  try {
    const d = await linkageDistrict(h);
    const { judge, market, housing, town, liaison, mediator } = d.people;
    const item = await ok(h.request('POST', '/api/linkage-items', { token: judge.token, body: {
      type: 'risk_letter', title: '风险提示函', body: '内容', toAgencyId: d.agencies.market.id, ccAgencyIds: [d.agencies.town.id],
    } }), 201);
    const other = await ok(h.request('POST', '/api/linkage-items', { token: judge.token, body: {
      type: 'risk_letter', title: '另一件', body: '内容', toAgencyId: d.agencies.housing.id,
    } }), 201);
    const counts = () => countRows(db, { LinkageItem, LinkageEvent });
    const who: Array<[string, string, number, string[], number, number]> = [
      // name, token, GET status, allowed actions, sign status, listed count
      ['receiver', market.token, 200, ['sign', 'transfer', 'assign', 'feedback'], 200, 1],
      ['sender', judge.token, 200, ['urge'], 409, 2],
      ['copied', town.token, 200, [], 403, 1],
      ['liaison office', liaison.token, 200, ['transfer', 'urge'], 409, 2],
      ['another agency', housing.token, 404, [], 404, 1],
      // The receiver has signed by now.
      ['admin', h.adminToken, 200, ['transfer', 'assign', 'urge', 'feedback'], 200, 2],
    ];
    for (const [name, token, seen, allowed, sign, listed] of who) {
      const r = await h.request('GET', `/api/linkage-items/${item.id}`, { token });
      t.is(r.status, seen, name);
      if (seen === 200) t.deepEqual(r.body.allowedActions, allowed, name);
      t.is((await ok(h.request('GET', '/api/linkage-items', { token }), 200)).total, listed, name);
      const before = await counts();
      // The receiver's sign is the one move; the admin urges.
      const s = await h.request('POST', `/api/linkage-items/${item.id}/actions`, { token, body: { action: name === 'admin' ? 'urge' : 'sign' } });
      t.is(s.status, name === 'admin' ? 200 : sign, name);
      if (s.status >= 400) t.deepEqual(await counts(), before, `${name}: refused, nothing changed`);
    }
    t.is((await h.request('GET', `/api/linkage-items/${other.id}`, { token: market.token })).status, 404);
    // Residents and mediators have no linkage items.
    for (const token of [mediator.token, d.residents.resident.token]) t.is((await h.request('GET', '/api/linkage-items', { token })).status, 403);
    // Filters: the receiving agency, overdue.
    t.is((await ok(h.request('GET', `/api/linkage-items?toAgencyId=${d.agencies.housing.id}`, { token: liaison.token }), 200)).total, 1);
    t.is((await ok(h.request('GET', '/api/linkage-items?overdue=true', { token: liaison.token }), 200)).total, 0);
    h.clock.set('2027-03-01T02:00:00Z');
    t.is((await ok(h.request('GET', '/api/linkage-items?overdue=true&type=risk_letter', { token: liaison.token }), 200)).total, 2);
  } finally {
    await h.close();
  }
});
