import type { ExecutionContext } from 'ava';
import { Agency, AuditEntry, Notification, Session, User } from '../../entities';
import { DomainError } from '../../server/domain/errors';
import { startHarness, type Harness, type Reply } from '../helpers/app-harness';
import { eachDb, type TestDb } from '../helpers/databases';

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
}
interface Call { method: string; path: string; body?: unknown }
interface Row {
  route: string;
  call: (w: World, me: Actor, n: number) => Call;
  expect: Record<Actor, number> | ((me: Actor) => number);
  // Run on an allowed cell: the answer means what it should.
  verify?: (t: ExecutionContext, r: Reply, w: World, me: Actor) => void;
}

const wecom = {
  userIdForCode: async (code: string) => {
    if (code.startsWith('wx-')) return code;
    throw new DomainError('WECOM_CODE_INVALID', '企业微信登录凭证无效或已使用，请重新打开', 401);
  },
};

const only = (allowed: Actor[], ok: number, denied = 403) => (me: Actor) =>
  me === 'anonymous' ? 401 : allowed.includes(me) ? ok : denied;
const ADMINS: Actor[] = ['adminToken', 'adminUser'];
const STAFF: Actor[] = ['mediator', 'judge', 'official', ...ADMINS];
const SIGNED_IN: Actor[] = ['resident', ...STAFF];

const MATRIX: Row[] = [
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
  { route: 'GET /api/notifications', call: () => ({ method: 'GET', path: '/api/notifications?status=failed' }), expect: only(ADMINS, 200),
    verify: (t, r) => t.true(r.body.total >= 1) },
  { route: 'POST /api/notifications/:id/retry', call: (w, me) => ({ method: 'POST', path: `/api/notifications/${w.failed[me]}/retry` }),
    expect: only(ADMINS, 200), verify: (t, r) => t.is(r.body.status, 'pending') },
  { route: 'POST /api/notifications/:missing/retry', call: () => ({ method: 'POST', path: '/api/notifications/999999/retry' }),
    expect: only(ADMINS, 404) },
  { route: 'GET /healthz', call: () => ({ method: 'GET', path: '/healthz' }), expect: () => 200 },
  { route: 'GET /readyz', call: () => ({ method: 'GET', path: '/readyz' }), expect: () => 200 },
];

const CODES: Record<number, string> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' };

async function counts(db: TestDb) {
  return Promise.all([
    ...[Agency, User, Session, AuditEntry].map((e) => db.ds.getRepository(e).count()),
    db.ds.getRepository(Notification).countBy({ status: 'failed' }),
  ]);
}

async function ok(r: Promise<Reply>, status: number): Promise<any> {
  const reply = await r;
  if (reply.status !== status) throw new Error(`setup: expected ${status}, got ${reply.status} ${reply.text}`);
  return reply.body;
}

// Everyone the matrix needs, made the way the product makes them: the admin API, and the mini-program login.
async function world(db: TestDb): Promise<World> {
  const h = await startHarness(db, { wecom });
  const admin = (path: string, body?: unknown) => ok(h.request('POST', path, { token: h.adminToken, body }), 201);
  const committee = await admin('/api/agencies', { name: '宝塔区人民调解委员会', kind: 'mediation_committee' });
  const court = await admin('/api/agencies', { name: '宝塔区人民法院', kind: 'court' });
  const gov = await admin('/api/agencies', { name: '宝塔区司法局', kind: 'government' });
  const staff = async (name: string, role: string, agencyId: number | null, wecomUserId?: string) => {
    const u = await admin('/api/users', { name, role, agencyId, wecomUserId });
    return { id: u.id as number, token: (await admin(`/api/users/${u.id}/tokens`)).token as string };
  };
  const mediator = await staff('王调解', 'mediator', committee.id, 'wx-mediator');
  const judge = await staff('赵法官', 'judge', court.id);
  const official = await staff('钱干部', 'official', gov.id);
  const adminUser = await staff('孙管理', 'admin', null);
  const resident = await ok(h.request('POST', '/api/auth/mp-login', { body: { code: 'resident-one' } }), 200);
  const other = await ok(h.request('POST', '/api/auth/mp-login', { body: { code: 'resident-two' } }), 200);
  const failed = {} as Record<Actor, number>;
  for (const actor of ACTORS) {
    const row = await db.ds.getRepository(Notification).save({
      channel: 'console', target: actor, payload: { text: '测试' }, dueAt: h.clock.now(), status: 'failed', attempts: 5,
      leaseUntil: null, leaseToken: null, lastError: 'HTTP 500', dedupeKey: `matrix:${actor}`,
      subjectType: null, subjectId: null, sentAt: null, createdAt: h.clock.now(),
    });
    failed[actor] = row.id;
  }
  return {
    h, agencyId: court.id, otherResidentId: other.user.id, failed,
    tokens: { anonymous: null, resident: resident.token, mediator: mediator.token, judge: judge.token, official: official.token, adminToken: h.adminToken, adminUser: adminUser.token },
    ids: { anonymous: null, resident: resident.user.id, mediator: mediator.id, judge: judge.id, official: official.id, adminToken: null, adminUser: adminUser.id },
  };
}

eachDb('role × route: every cell answers its exact status; refusals change nothing', async (t, db) => {
  const w = await world(db);
  try {
    let n = 0;
    for (const row of MATRIX) {
      for (const me of ACTORS) {
        n++;
        const expected = typeof row.expect === 'function' ? row.expect(me) : row.expect[me];
        const call = row.call(w, me, n);
        const before = await counts(db);
        const r = await w.h.request(call.method, call.path, { token: w.tokens[me], body: call.body });
        const cell = `${row.route} as ${me}`;
        t.is(r.status, expected, `${cell}: ${r.text.slice(0, 200)}`);
        if (expected >= 400) {
          t.is(r.body?.error?.code, CODES[expected], cell);
          t.regex(String(r.body?.error?.message), /[\u4e00-\u9fff]/, cell);
          t.deepEqual(await counts(db), before, `${cell}: a refused call changed rows`);
        } else {
          row.verify?.(t, r, w, me);
        }
      }
    }
  } finally {
    await w.h.close();
  }
});

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
