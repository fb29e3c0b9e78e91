import { AuditEntry, Consent } from '../../entities';
import { startHarness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';

// DELETE /api/me/consents/privacy: a resident takes back consent to the
// privacy notice (the mini-program's 我的 page). The row stays, stamped.

const filing = { category: 'neighbor', description: '邻居家的树挡住了我家的光，商量了几次都没有结果。', village: '杜甫川村', phone: '13800138000', consent: true };

eachDb('a resident withdraws privacy consent; the row is stamped, audited, and filing asks for it anew', async (t, db) => {
  const h = await startHarness(db);
  try {
    const login = await h.request('POST', '/api/auth/mp-login', { body: { code: 'consenting-resident' } });
    const token = login.body.token as string;
    const userId = login.body.user.id as number;
    const consents = () => db.ds.getRepository(Consent).find({ where: { userId, kind: 'privacy' }, order: { id: 'ASC' } });

    // Nothing to withdraw yet.
    const none = await h.request('DELETE', '/api/me/consents/privacy', { token });
    t.is(none.status, 200);
    t.deepEqual(none.body, { kind: 'privacy', withdrawnAt: null });

    t.is((await h.request('POST', '/api/disputes', { token, body: filing })).status, 201);
    t.is((await consents()).length, 1);

    const withdrawn = await h.request('DELETE', '/api/me/consents/privacy', { token });
    t.is(withdrawn.status, 200);
    t.deepEqual(withdrawn.body, { kind: 'privacy', withdrawnAt: h.clock.now().toISOString() });
    const rows = await consents();
    t.is(rows.length, 1);
    t.is(rows[0]!.withdrawnAt?.toISOString(), h.clock.now().toISOString());
    t.is(await db.ds.getRepository(AuditEntry).countBy({ actorId: userId, action: 'consent.withdraw' }), 1);

    // Again: nothing active, nothing changes.
    t.deepEqual((await h.request('DELETE', '/api/me/consents/privacy', { token })).body, { kind: 'privacy', withdrawnAt: null });

    // The next filing records consent again.
    t.is((await h.request('POST', '/api/disputes', { token, body: filing })).status, 201);
    const after = await consents();
    t.is(after.length, 2);
    t.is(after[1]!.withdrawnAt, null);
  } finally {
    await h.close();
  }
});

eachDb('only a signed-in resident withdraws privacy consent', async (t, db) => {
  const h = await startHarness(db);
  try {
    t.is((await h.request('DELETE', '/api/me/consents/privacy')).status, 401);
    t.is((await h.request('DELETE', '/api/me/consents/privacy', { token: h.adminToken })).status, 403);
  } finally {
    await h.close();
  }
});
