import { startHarness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';
import { ok } from '../helpers/district.helper';
import { seedDemoData } from '../../server/seed/seed-service';

// Development login: a newcomer picks a demo member of staff and gets a session
// like the normal login's; where it is off, both routes do not exist. (When it
// is on, and that production refuses it: test/server/config.test.ts.)

eachDb('dev login lists the demo staff and signs in as one of them', async (t, db) => {
  const h = await startHarness(db, { devLogin: true });
  try {
    await seedDemoData({ db: db.ds, clock: h.clock, pii: h.pii });
    t.deepEqual(await ok(h.request('GET', '/api/auth/options'), 200), { devLogin: true, wecomCorpId: null });
    const { users } = await ok(h.request('GET', '/api/auth/dev-users'), 200);
    const liaison = users.find((u: { name: string }) => u.name === '梁晓军');
    t.like(liaison, { role: 'official', agency: '府院联动联席办公室' });
    t.false(users.some((u: { role: string }) => u.role === 'resident'));

    const login = await ok(h.request('POST', '/api/auth/dev-login', { body: { userId: liaison.id } }), 200);
    t.deepEqual(login.user, { id: liaison.id, role: 'official' });
    const me = await ok(h.request('GET', '/api/me', { token: login.token }), 200);
    t.like(me, { name: '梁晓军', role: 'official', today: '2026-11-26' });

    const resident = (await h.request('GET', '/api/users?role=resident', { token: h.adminToken })).body.items[0];
    const refused = await h.request('POST', '/api/auth/dev-login', { body: { userId: resident.id } });
    t.is(refused.status, 404);
    t.is(refused.body.error.code, 'DEV_USER_UNKNOWN');
    t.truthy(refused.body.error.fields.userId);
    const bad = await h.request('POST', '/api/auth/dev-login', { body: { userId: 'x' } });
    t.is(bad.status, 400);
  } finally {
    await h.close();
  }
});

eachDb('dev login off: both routes answer 404 and nothing is signed in', async (t, db) => {
  const h = await startHarness(db);
  try {
    await seedDemoData({ db: db.ds, clock: h.clock, pii: h.pii });
    t.is((await h.request('GET', '/api/auth/dev-users')).status, 404);
    const r = await h.request('POST', '/api/auth/dev-login', { body: { userId: 1 } });
    t.is(r.status, 404);
    t.is(r.body.error.code, 'NOT_FOUND');
  } finally {
    await h.close();
  }
});
