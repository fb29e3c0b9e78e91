import { Agency, AuditEntry, Notification, Session, User } from '../../entities';
import { startHarness, type Harness } from '../helpers/app-harness';
import { eachDb, type TestDb } from '../helpers/databases';
import { adminPost, BAOTA_AGENCIES, BAOTA_PEOPLE, issueToken, mpLogin, ok, pick, seedDistrict } from '../helpers/district.helper';
import { runRoleMatrix, type MatrixRow } from '../helpers/role-matrix.helper';
import { countRows } from '../helpers/row-counts.helper';
import { wxPrefixWecom } from '../helpers/wecom-login.helper';

// Who may do what: every role against every route, each cell an exact status.
// A refused cell also leaves every table as it was; an allowed cell is checked
// for doing what it says.

type Actor = 'anonymous' | 'resident' | 'mediator' | 'judge' | 'official' | 'adminToken' | 'adminUser';
const ACTORS: Actor[] = ['anonymous', 'resident', 'mediator', 'judge', 'official', 'adminToken', 'adminUser'];

interface World {
  h: Harness;
  tokens: Record<Actor, string | null>;
  ids: Record<Actor, number | null>;
  otherResidentId: number;
  agencyId: number;
  // A failed outbox row for each actor to retry.
  failed: Record<Actor, number>;
  // A member of staff no actor is: the user the admin routes change.
  targetId: number;
  // A second token of each actor's, for logout to end.
  spare: Record<Actor, string | null>;
}
const only = (allowed: Actor[], ok: number, denied = 403) => (me: Actor) =>
  me === 'anonymous' ? 401 : allowed.includes(me) ? ok : denied;
const ADMINS: Actor[] = ['adminToken', 'adminUser'];
const STAFF: Actor[] = ['mediator', 'judge', 'official', ...ADMINS];
const SIGNED_IN: Actor[] = ['resident', ...STAFF];

const MATRIX: Array<MatrixRow<World, Actor>> = [
  { route: 'POST /api/auth/mp-login', call: (_w, me, n) => ({ method: 'POST', path: '/api/auth/mp-login', body: { code: `m-${me}-${n}` } }),
    expect: () => 200, verify: (t, r) => t.is(r.body.user.role, 'resident') },
  { route: 'POST /api/auth/wecom-login', call: () => ({ method: 'POST', path: '/api/auth/wecom-login', body: { code: 'wx-mediator' } }),
    expect: () => 200, verify: (t, r, w) => t.deepEqual(r.body.user, { id: w.ids.mediator, role: 'mediator' }) },
  { route: 'GET /api/me', call: () => ({ method: 'GET', path: '/api/me' }), expect: only(SIGNED_IN, 200),
    verify: (t, r, w, me) => {
      t.is(r.body.id, w.ids[me]);
      t.is(r.body.role, me === 'adminToken' || me === 'adminUser' ? 'admin' : me);
    } },
  { route: 'POST /api/agencies', call: (_w, me, n) => ({ method: 'POST', path: '/api/agencies', body: { name: `${me} 新建单位 ${n}`, kind: 'other' } }),
    expect: only(ADMINS, 201), verify: (t, r) => t.true(Number.isInteger(r.body.id)) },
  { route: 'GET /api/agencies', call: () => ({ method: 'GET', path: '/api/agencies' }), expect: only(STAFF, 200),
    verify: (t, r) => t.true(r.body.items.length >= 3) },
  { route: 'GET /api/agencies/:id', call: (w) => ({ method: 'GET', path: `/api/agencies/${w.agencyId}` }), expect: only(STAFF, 200),
    verify: (t, r, w) => t.is(r.body.id, w.agencyId) },
  { route: 'POST /api/users', call: (w, me, n) => ({ method: 'POST', path: '/api/users', body: { name: `${me}-${n}`, role: 'admin' } }),
    expect: only(ADMINS, 201), verify: (t, r) => t.is(r.body.role, 'admin') },
  { route: 'GET /api/users', call: () => ({ method: 'GET', path: '/api/users' }), expect: only(ADMINS, 200),
    verify: (t, r) => t.true(r.body.total >= 7) },
  // Your own record: everyone signed in reads it. The admin token has none, so it reads a resident's.
  { route: 'GET /api/users/:own', call: (w, me) => ({ method: 'GET', path: `/api/users/${w.ids[me] ?? w.otherResidentId}` }),
    expect: only(SIGNED_IN, 200), verify: (t, r, w, me) => t.is(r.body.id, w.ids[me] ?? w.otherResidentId) },
  // Someone else's record answers 404 to all but an admin: ids cannot be probed.
  { route: 'GET /api/users/:other', call: (w) => ({ method: 'GET', path: `/api/users/${w.otherResidentId}` }),
    expect: only(ADMINS, 200, 404), verify: (t, r, w) => t.is(r.body.id, w.otherResidentId) },
  { route: 'GET /api/users/:missing', call: () => ({ method: 'GET', path: '/api/users/999999' }), expect: only(SIGNED_IN, 404) },
  { route: 'POST /api/users/:id/tokens', call: (w) => ({ method: 'POST', path: `/api/users/${w.otherResidentId}/tokens` }),
    expect: only(ADMINS, 201), verify: (t, r) => t.regex(r.body.token, /^[\w-]{40,}$/) },
  { route: 'PATCH /api/users/:id', call: (w, _me, n) => ({ method: 'PATCH', path: `/api/users/${w.targetId}`, body: { villages: [`村${n}`] } }),
    expect: only(ADMINS, 200), verify: (t, r) => t.true(/^村\d+$/.test(r.body.villages[0])) },
  { route: 'PATCH /api/users/:id (bad body)', call: (w) => ({ method: 'PATCH', path: `/api/users/${w.targetId}`, body: { role: 'king', active: false } }),
    expect: only(ADMINS, 400) },
  { route: 'PATCH /api/users/:missing', call: () => ({ method: 'PATCH', path: '/api/users/999999', body: { active: false } }),
    expect: only(ADMINS, 404) },
  { route: 'DELETE /api/users/:id/tokens', call: (w) => ({ method: 'DELETE', path: `/api/users/${w.targetId}/tokens` }),
    expect: only(ADMINS, 200), verify: (t, r) => t.true(Number.isInteger(r.body.revoked)) },
  { route: 'DELETE /api/users/:missing/tokens', call: () => ({ method: 'DELETE', path: '/api/users/999999/tokens' }),
    expect: only(ADMINS, 404) },
  // Everyone signed in ends their own session; the shared admin token is configuration, not a session.
  { route: 'POST /api/auth/logout', call: (w, me) => ({ method: 'POST', path: '/api/auth/logout', token: w.spare[me] }),
    expect: (me) => (me === 'adminToken' ? 409 : only(SIGNED_IN, 204)(me)), refusal: { 409: 'ADMIN_TOKEN_SHARED' },
    verify: (t, r) => t.is(r.text, '') },
  { route: 'GET /api/notifications', call: () => ({ method: 'GET', path: '/api/notifications?status=failed' }), expect: only(ADMINS, 200),
    verify: (t, r) => t.true(r.body.total >= 1) },
  { route: 'POST /api/notifications/:id/retry', call: (w, me) => ({ method: 'POST', path: `/api/notifications/${w.failed[me]}/retry` }),
    expect: only(ADMINS, 200), verify: (t, r) => t.is(r.body.status, 'pending') },
  { route: 'POST /api/notifications/:missing/retry', call: () => ({ method: 'POST', path: '/api/notifications/999999/retry' }),
    expect: only(ADMINS, 404) },
  { route: 'GET /api/calendar/:year', call: () => ({ method: 'GET', path: '/api/calendar/2026' }), expect: only(STAFF, 200),
    verify: (t, r) => t.like(r.body, { year: 2026, covered: true }) },
  { route: 'PUT /api/calendar/:year', call: (_w, me) => ({ method: 'PUT', path: '/api/calendar/2027', body: { holidays: ['2027-01-01'], workdays: [], source: `${me} 导入` } }),
    expect: only(ADMINS, 200), verify: (t, r, _w, me) => t.like(r.body, { year: 2027, covered: true, source: `${me} 导入` }) },
  { route: 'GET /healthz', call: () => ({ method: 'GET', path: '/healthz' }), expect: () => 200 },
  { route: 'GET /readyz', call: () => ({ method: 'GET', path: '/readyz' }), expect: () => 200 },
];

// Every table a route here could write to; of the outbox, the failed rows the retry route picks from.
const counts = (db: TestDb) => countRows(db, { Agency, User, Session, AuditEntry, failed: { entity: Notification, where: { status: 'failed' } } });

// Everyone the matrix needs, made the way the product makes them: the admin API, and the mini-program login.
async function world(db: TestDb): Promise<World> {
  const h = await startHarness(db, { wecom: wxPrefixWecom });
  const { agencies: { court }, people: { mediator, judge, official, adminUser } } = await seedDistrict(h, {
    agencies: pick(BAOTA_AGENCIES, ['committee', 'court', 'justice']),
    people: pick(BAOTA_PEOPLE, ['mediator', 'judge', 'official', 'adminUser'], { mediator: { wecomUserId: 'wx-mediator' } }),
  });
  const resident = await mpLogin(h, 'resident-one');
  const other = await mpLogin(h, 'resident-two');
  const failed = {} as Record<Actor, number>;
  for (const actor of ACTORS) {
    const row = await db.ds.getRepository(Notification).save({
      channel: 'console', target: actor, payload: { text: '测试' }, dueAt: h.clock.now(), status: 'failed', attempts: 5,
      leaseUntil: null, leaseToken: null, lastError: 'HTTP 500', dedupeKey: `matrix:${actor}`,
      subjectType: null, subjectId: null, sentAt: null, createdAt: h.clock.now(),
    });
    failed[actor] = row.id;
  }
  const target = await adminPost(h, '/api/users', { name: '周目标', role: 'official', agencyId: court.id });
  await issueToken(h, target.id);
  const spare: Record<Actor, string | null> = {
    anonymous: null, resident: (await mpLogin(h, 'resident-one')).token, mediator: await issueToken(h, mediator.id),
    judge: await issueToken(h, judge.id), official: await issueToken(h, official.id), adminToken: h.adminToken,
    adminUser: await issueToken(h, adminUser.id),
  };
  return {
    h, agencyId: court.id, otherResidentId: other.user.id, failed, targetId: target.id, spare,
    tokens: { anonymous: null, resident: resident.token, mediator: mediator.token, judge: judge.token, official: official.token, adminToken: h.adminToken, adminUser: adminUser.token },
    ids: { anonymous: null, resident: resident.user.id, mediator: mediator.id, judge: judge.id, official: official.id, adminToken: null, adminUser: adminUser.id },
  };
}

eachDb('role × route: every cell answers its exact status; refusals change nothing', (t, db) => runRoleMatrix(t, db, world, MATRIX, ACTORS, counts));

eachDb('tokens stop working when they expire, are altered, or their user is disabled', async (t, db) => {
  const w = await world(db);
  const { h } = w;
  try {
    const me = (token: string | null) => h.request('GET', '/api/me', { token });
    for (const actor of ACTORS.filter((a) => a !== 'anonymous')) {
      t.is((await me(`${w.tokens[actor]}x`)).status, 401, `${actor}: altered token`);
    }
    // Staff sign in through WeCom only when registered as staff.
    await ok(h.request('POST', '/api/users', { token: h.adminToken, body: { name: '居民', role: 'resident', wecomUserId: 'wx-resident' } }), 201);
    const asResident = await h.request('POST', '/api/auth/wecom-login', { body: { code: 'wx-resident' } });
    t.is(asResident.body.error.code, 'STAFF_NOT_REGISTERED');
    t.is(asResident.status, 403);
    const unknown = await h.request('POST', '/api/auth/wecom-login', { body: { code: 'wx-stranger' } });
    t.is(unknown.status, 403);
    const badCode = await h.request('POST', '/api/auth/wecom-login', { body: { code: 'forged' } });
    t.is(badCode.status, 401);
    t.is(badCode.body.error.code, 'WECOM_CODE_INVALID');

    // A disabled user's tokens are refused at once, and a disabled resident cannot log in again.
    await db.ds.getRepository(User).update({ id: w.ids.judge! }, { active: false });
    await db.ds.getRepository(User).update({ id: w.ids.resident! }, { active: false });
    t.is((await me(w.tokens.judge)).body.error.code, 'TOKEN_INVALID');
    t.is((await me(w.tokens.resident)).status, 401);
    const relogin = await h.request('POST', '/api/auth/mp-login', { body: { code: 'resident-one' } });
    t.is(relogin.status, 403);
    t.is(relogin.body.error.code, 'ACCOUNT_DISABLED');
    const tokenForDisabled = await h.request('POST', `/api/users/${w.ids.judge}/tokens`, { token: h.adminToken });
    t.is(tokenForDisabled.status, 409);

    // A login session lasts 24 hours; an API token a year.
    const session = await ok(h.request('POST', '/api/auth/mp-login', { body: { code: 'resident-three' } }), 200);
    h.clock.advance(24 * 3600 * 1000 - 1);
    t.is((await me(session.token)).status, 200);
    h.clock.advance(1);
    t.is((await me(session.token)).status, 401);
    t.is((await me(w.tokens.official)).status, 200);
    h.clock.advance(366 * 24 * 3600 * 1000);
    t.is((await me(w.tokens.official)).status, 401);
    t.is((await me(h.adminToken)).status, 200);
  } finally {
    await h.close();
  }
});
