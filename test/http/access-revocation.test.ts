import { AuditEntry, Session, User } from '../../entities';
import { createConversation, STRANGER_REPLY } from '../../bot/conversation';
import { startHarness, type Harness } from '../helpers/app-harness';
import { eachDb, type TestDb } from '../helpers/databases';
import { adminPost, issueToken, NANSHI_AGENCIES, NANSHI_PEOPLE, ok, pick, seedDistrict } from '../helpers/district.helper';
import { ACCOUNT_TABLES, countRows } from '../helpers/row-counts.helper';
import { wxPrefixWecom } from '../helpers/wecom-login.helper';

// Access that can be taken back: deactivating a user, changing their role,
// revoking their tokens, logging out — and the audit naming who did it and
// with which kind of token.

const CHINESE = /[\u4e00-\u9fff]/;

async function district(db: TestDb) {
  const h = await startHarness(db, { wecom: wxPrefixWecom });
  const { agencies, people } = await seedDistrict(h, {
    agencies: pick(NANSHI_AGENCIES, ['committee', 'court', 'town']),
    people: {
      ...pick(NANSHI_PEOPLE, ['mediator', 'judge'], { mediator: { wecomUserId: 'wx-mediator' }, judge: { wecomUserId: 'wx-judge' } }),
      admin: { name: '孙管理', role: 'admin', agency: null, wecomUserId: 'wx-admin' },
    },
  });
  const me = (token: string | null) => h.request('GET', '/api/me', { token });
  const wecomLogin = (code: string) => h.request('POST', '/api/auth/wecom-login', { body: { code } });
  const bot = createConversation({ services: h.services, now: () => h.clock.now() });
  return { h, agencies, people, me, wecomLogin, say: (from: string, text: string) => bot.handle({ from, text, via: 'wecom' }) };
}

async function withDistrict(db: TestDb, fn: (w: Awaited<ReturnType<typeof district>>) => Promise<void>) {
  const w = await district(db);
  try {
    await fn(w);
  } finally {
    await w.h.close();
  }
}

eachDb('deactivating a user ends their session and API token at once; the bot and login treat them as a stranger', (t, db) =>
  withDistrict(db, async ({ h, people, me, wecomLogin, say }) => {
    const session = (await ok(wecomLogin('wx-mediator'), 200)).token as string;
    const apiToken = people.mediator.token;
    t.is((await me(session)).status, 200);
    t.is((await me(apiToken)).status, 200);
    t.not(await say('wx-mediator', '帮助'), STRANGER_REPLY);

    const r = await h.request('PATCH', `/api/users/${people.mediator.id}`, { token: people.admin.token, body: { active: false } });
    t.is(r.status, 200, r.text);
    t.is(r.body.active, false);
    for (const token of [session, apiToken]) {
      const refused = await me(token);
      t.is(refused.status, 401);
      t.is(refused.body.error.code, 'TOKEN_INVALID');
    }
    t.is(await say('wx-mediator', '帮助'), STRANGER_REPLY);
    t.is(await say('wx-mediator', '待办'), STRANGER_REPLY);
    const login = await wecomLogin('wx-mediator');
    t.is(login.status, 403);
    t.is(login.body.error.code, 'ACCOUNT_DISABLED');
    t.regex(login.body.error.message, /停用/);
    t.is(await db.ds.getRepository(Session).countBy({ userId: people.mediator.id }), 0, 'the tokens are gone, not only refused');
    // An API token is not issued to a deactivated account either.
    t.is((await h.request('POST', `/api/users/${people.mediator.id}/tokens`, { token: h.adminToken })).status, 409);

    // Reactivated, they sign in afresh; the old tokens stay dead.
    await ok(h.request('PATCH', `/api/users/${people.mediator.id}`, { token: people.admin.token, body: { active: true } }), 200);
    t.is((await me(session)).status, 401);
    t.is((await me(apiToken)).status, 401);
    t.is((await me((await ok(wecomLogin('wx-mediator'), 200)).token)).status, 200);
    t.not(await say('wx-mediator', '帮助'), STRANGER_REPLY);
  }));

eachDb('logout ends the token it came with and no other', (t, db) =>
  withDistrict(db, async ({ h, people, me, wecomLogin }) => {
    const session = (await ok(wecomLogin('wx-judge'), 200)).token as string;
    const resident = (await ok(h.request('POST', '/api/auth/mp-login', { body: { code: 'logout-resident' } }), 200)).token as string;
    const out = await h.request('POST', '/api/auth/logout', { token: session });
    t.is(out.status, 204, out.text);
    t.is((await me(session)).status, 401);
    t.is((await h.request('POST', '/api/auth/logout', { token: session })).status, 401, 'a second logout with the same token');
    t.is((await me(people.judge.token)).status, 200, 'the judge’s API token still works');
    t.is((await me(resident)).status, 200);

    t.is((await h.request('POST', '/api/auth/logout', { token: people.judge.token })).status, 204);
    t.is((await me(people.judge.token)).status, 401);
    t.is((await h.request('POST', '/api/auth/logout', { token: resident })).status, 204);
    t.is((await me(resident)).status, 401);

    const shared = await h.request('POST', '/api/auth/logout', { token: h.adminToken });
    t.is(shared.status, 409);
    t.is(shared.body.error.code, 'ADMIN_TOKEN_SHARED');
    t.is((await me(h.adminToken)).status, 200);
    t.is((await h.request('POST', '/api/auth/logout')).status, 401);
  }));

eachDb('DELETE /api/users/:id/tokens ends every session and token of that user, and only theirs', (t, db) =>
  withDistrict(db, async ({ h, people, me, wecomLogin }) => {
    const session = (await ok(wecomLogin('wx-mediator'), 200)).token as string;
    const second = await issueToken(h, people.mediator.id);
    const judgeSession = (await ok(wecomLogin('wx-judge'), 200)).token as string;
    const r = await h.request('DELETE', `/api/users/${people.mediator.id}/tokens`, { token: people.admin.token });
    t.is(r.status, 200, r.text);
    t.deepEqual(r.body, { revoked: 3 });
    for (const token of [session, second, people.mediator.token]) t.is((await me(token)).status, 401);
    t.is((await me(judgeSession)).status, 200);
    t.is((await me(people.judge.token)).status, 200);
    // The account itself stays active: they can sign in again.
    t.is((await wecomLogin('wx-mediator')).status, 200);

    const missing = await h.request('DELETE', '/api/users/424242/tokens', { token: people.admin.token });
    t.is(missing.status, 404);
    t.is(missing.body.error.message, '用户不存在');
    const refused = await h.request('DELETE', `/api/users/${people.judge.id}/tokens`, { token: people.mediator.token });
    t.is(refused.status, 401, 'the mediator’s tokens were revoked above');
    const byJudge = await h.request('DELETE', `/api/users/${people.mediator.id}/tokens`, { token: people.judge.token });
    t.is(byJudge.status, 403);
    t.is((await me(judgeSession)).status, 200);
  }));

eachDb('PATCH /api/users/:id changes role, agency and villages; refusals say why in Chinese and change nothing', (t, db) =>
  withDistrict(db, async ({ h, agencies, people, me }) => {
    const patch = (body: unknown, token: string | null = people.admin.token, id = people.judge.id) => h.request('PATCH', `/api/users/${id}`, { token, body });
    const changed = await patch({ role: 'official', agencyId: agencies.town.id, villages: ['南关社区', '七里铺社区', '南关社区'] });
    t.is(changed.status, 200, changed.text);
    t.like(changed.body, { id: people.judge.id, role: 'official', agencyId: agencies.town.id, villages: ['南关社区', '七里铺社区'], active: true });
    // The token reads the account as it is now.
    t.like((await me(people.judge.token)).body, { role: 'official' });
    t.is((await h.request('POST', `/api/disputes/1/explanations`, { token: people.judge.token, body: { body: '说明' } })).status, 403);
    t.like((await ok(patch({ villages: [] }), 200)), { role: 'official', villages: [] });

    const before = await countRows(db, ACCOUNT_TABLES);
    const row = await db.ds.getRepository(User).findOneByOrFail({ id: people.judge.id });
    const refusals: Array<[string, unknown, number, string, RegExp]> = [
      ['staff without an agency', { role: 'judge', agencyId: null }, 422, 'AGENCY_REQUIRED', /单位/],
      ['an agency that does not exist', { agencyId: 987654 }, 422, 'AGENCY_NOT_FOUND', /所属单位不存在/],
      ['an empty change', {}, 400, 'VALIDATION_FAILED', /至少填写一项/],
      ['active as a string', { active: 'no' }, 400, 'VALIDATION_FAILED', /^是否启用：/],
      ['an unknown role', { role: 'king' }, 400, 'VALIDATION_FAILED', /^角色：/],
      ['a field that cannot be changed here', { name: '改名' }, 400, 'VALIDATION_FAILED', /^姓名：不是可提交的字段/],
      ['villages not a list', { villages: '南关社区' }, 400, 'VALIDATION_FAILED', /^联系村（社区）：/],
      ['a JSON string, not an object', 'active=false', 400, 'INVALID_JSON', CHINESE],
    ];
    for (const [title, body, status, code, message] of refusals) {
      const r = await patch(body);
      t.is(r.status, status, `${title}: ${r.text}`);
      t.is(r.body.error.code, code, title);
      t.regex(r.body.error.message, message, title);
    }
    const self = await patch({ active: false }, people.admin.token, people.admin.id);
    t.is(self.status, 409);
    t.is(self.body.error.code, 'CANNOT_CHANGE_SELF');
    t.is((await patch({ role: 'mediator' }, people.admin.token, people.admin.id)).status, 409);
    t.is((await patch({ active: false }, people.mediator.token)).status, 403);
    t.is((await patch({ active: false }, null)).status, 401);
    const missing = await patch({ active: false }, people.admin.token, 424242);
    t.is(missing.status, 404);
    t.is(missing.body.error.message, '用户不存在');

    t.deepEqual(await countRows(db, ACCOUNT_TABLES), before, 'refused calls wrote nothing');
    t.deepEqual(await db.ds.getRepository(User).findOneByOrFail({ id: people.judge.id }), row);
    t.is((await me(people.judge.token)).status, 200);
  }));

eachDb('the audit records the request id and the kind of token, and names the person behind a personal admin token', (t, db) =>
  withDistrict(db, async ({ h, people, wecomLogin }) => {
    const audit = (requestId: string) => db.ds.getRepository(AuditEntry).findOneByOrFail({ requestId });
    const headers = (id: string) => ({ 'x-request-id': id });

    // The shared admin token: no actor, but the request and the kind of token.
    const admin = await ok(h.request('POST', '/api/users', { token: h.adminToken, body: { name: '周管理', role: 'admin' }, headers: headers('req-shared-0001') }), 201);
    t.like(await audit('req-shared-0001'), { actorId: null, action: 'user.create', tokenKind: 'admin-token', subjectId: admin.id });
    const personal = (await ok(h.request('POST', `/api/users/${admin.id}/tokens`, { token: h.adminToken, headers: headers('req-shared-0002') }), 201)).token as string;
    t.like(await audit('req-shared-0002'), { actorId: null, action: 'user.token', tokenKind: 'admin-token' });

    // A personal admin token names the person.
    await ok(h.request('PATCH', `/api/users/${people.judge.id}`, { token: personal, body: { villages: ['南关社区'] }, headers: headers('req-personal-01') }), 200);
    t.like(await audit('req-personal-01'), { actorId: admin.id, action: 'user.update', subjectId: people.judge.id, tokenKind: 'api-token' });
    await ok(h.request('DELETE', `/api/users/${people.judge.id}/tokens`, { token: personal, headers: headers('req-personal-02') }), 200);
    t.like(await audit('req-personal-02'), { actorId: admin.id, action: 'user.revoke-tokens', tokenKind: 'api-token', detail: { revoked: 1 } });

    // An admin signed in through WeCom acts with a session.
    const session = (await ok(wecomLogin('wx-admin'), 200)).token as string;
    await ok(h.request('PATCH', `/api/users/${people.mediator.id}`, { token: session, body: { active: false }, headers: headers('req-session-01') }), 200);
    t.like(await audit('req-session-01'), { actorId: people.admin.id, action: 'user.update', tokenKind: 'session' });
    const out = await h.request('POST', '/api/auth/logout', { token: session, headers: headers('req-session-02') });
    t.is(out.status, 204);
    t.like(await audit('req-session-02'), { actorId: people.admin.id, action: 'auth.logout', tokenKind: 'session' });

    // Without a caller's id, the server's own request id is recorded (and answered in X-Request-Id).
    const r = await h.request('POST', '/api/users', { token: personal, body: { name: '新调解员', role: 'admin' } });
    const requestId = r.headers.get('x-request-id')!;
    t.truthy(requestId);
    t.like(await audit(requestId), { actorId: admin.id, action: 'user.create', tokenKind: 'api-token' });
  }));
