import test, { type ExecutionContext } from 'ava';
import { createWecomAccessToken } from '../../server/clients/wecom-access-token';
import { createWecomAuthClient, type WecomAuthClient } from '../../server/clients/wecom-auth.client';
import { fixedClock } from '../../server/domain/clock';
import { DomainError } from '../../server/domain/errors';
import { startFakeWecom, type FakeWecom } from '../fakes/wecom-api.fake';

// The real WeCom OAuth client and its access-token cache against a fake
// qyapi.weixin.qq.com; the fake and the cache share one fake clock.

const MINUTE = 60_000;
const GETTOKEN = '/cgi-bin/gettoken';
const USERINFO = '/cgi-bin/auth/getuserinfo';

interface Setup {
  fake: FakeWecom;
  client: WecomAuthClient;
  clock: ReturnType<typeof fixedClock>;
}

async function setup(over: { secret?: string; corpId?: string } = {}): Promise<Setup> {
  const clock = fixedClock('2026-11-26T02:00:00.000Z');
  const fake = await startFakeWecom({ clock });
  const token = createWecomAccessToken(
    { apiBase: fake.url, corpId: over.corpId ?? fake.corpId, secret: over.secret ?? fake.secret },
    clock,
  );
  return { fake, clock, client: createWecomAuthClient({ apiBase: fake.url }, token) };
}

async function withWecom(fn: (s: Setup) => Promise<void>, over: { secret?: string; corpId?: string } = {}) {
  const s = await setup(over);
  try {
    await fn(s);
  } finally {
    await s.fake.close();
  }
}

// A refusal with the code and status the client defines, a Chinese message,
// and neither the corp secret nor an access token anywhere in what is thrown.
async function refusal(t: ExecutionContext, fake: FakeWecom, p: Promise<unknown>, code: string, status: number, extraSecrets: string[] = []) {
  const err = await t.throwsAsync(p, { instanceOf: DomainError });
  t.is(err!.code, code);
  t.is(err!.status, status);
  t.regex(err!.message, /[\u4e00-\u9fff]/);
  const everything = `${err!.message}\n${err!.stack}\n${JSON.stringify(err)}`;
  for (const s of [fake.secret, ...fake.issuedTokens(), ...extraSecrets]) t.false(everything.includes(s), 'no secret in the error');
  return err as DomainError;
}

test('a member code answers the WeCom userid, asked with the documented queries', (t) =>
  withWecom(async ({ fake, client }) => {
    fake.registerMember('CODE-1', 'ZhangSan', { userTicket: 'USER_TICKET' });
    t.is(await client.userIdForCode('CODE-1'), 'ZhangSan');

    const [tokenCall] = fake.callsTo(GETTOKEN);
    t.is(tokenCall!.method, 'GET');
    t.deepEqual(tokenCall!.query, { corpid: fake.corpId, corpsecret: fake.secret });
    const [infoCall] = fake.callsTo(USERINFO);
    t.is(infoCall!.method, 'GET');
    t.deepEqual(infoCall!.query, { access_token: fake.issuedTokens()[0]!, code: 'CODE-1' });
  }));

test('an unknown or already used code is WECOM_CODE_INVALID 401', (t) =>
  withWecom(async ({ fake, client }) => {
    await refusal(t, fake, client.userIdForCode('never-issued'), 'WECOM_CODE_INVALID', 401);
    fake.registerMember('once', 'LiSi');
    await client.userIdForCode('once');
    await refusal(t, fake, client.userIdForCode('once'), 'WECOM_CODE_INVALID', 401);
  }));

test('someone outside the enterprise (an openid answer) is WECOM_NOT_MEMBER 403', (t) =>
  withWecom(async ({ fake, client }) => {
    fake.registerNonMember('outsider', 'oAAAAAEXTERNAL');
    const err = await refusal(t, fake, client.userIdForCode('outsider'), 'WECOM_NOT_MEMBER', 403);
    t.false(err.message.includes('oAAAAAEXTERNAL'));
  }));

test('one access token serves many logins', (t) =>
  withWecom(async ({ fake, client, clock }) => {
    for (let i = 0; i < 5; i++) {
      fake.registerMember(`c${i}`, `user${i}`);
      t.is(await client.userIdForCode(`c${i}`), `user${i}`);
      clock.advance(10 * MINUTE);
    }
    t.is(fake.callsTo(GETTOKEN).length, 1);
    const used = new Set(fake.callsTo(USERINFO).map((r) => r.query.access_token));
    t.deepEqual([...used], fake.issuedTokens());
  }));

test('the token is fetched anew shortly before its two hours run out', (t) =>
  withWecom(async ({ fake, client, clock }) => {
    fake.registerMember('a', 'A');
    fake.registerMember('b', 'B');
    fake.registerMember('c', 'C');
    await client.userIdForCode('a');
    clock.advance(110 * MINUTE); // 1 h 50: still the first token
    await client.userIdForCode('b');
    t.is(fake.callsTo(GETTOKEN).length, 1);
    clock.advance(6 * MINUTE); // 1 h 56: within the refresh margin, before WeCom expires it
    await client.userIdForCode('c');
    t.is(fake.callsTo(GETTOKEN).length, 2);
    const infos = fake.callsTo(USERINFO);
    t.is(infos.length, 3, 'no call was refused for an expired token');
    t.is(infos[2]!.query.access_token, fake.issuedTokens()[1]);
  }));

for (const [title, spoil, errcode] of [
  ['expired on the WeCom side (42001)', (f: FakeWecom) => f.expireTokens(), 42001],
  ['invalidated on the WeCom side (40014)', (f: FakeWecom) => f.revokeTokens(), 40014],
] as const) {
  test(`a token ${title} is fetched again once and the login succeeds`, (t) =>
    withWecom(async ({ fake, client }) => {
      fake.registerMember('first', 'WangWu');
      fake.registerMember('second', 'WangWu');
      await client.userIdForCode('first');
      spoil(fake);
      t.is(await client.userIdForCode('second'), 'WangWu');
      t.is(fake.callsTo(GETTOKEN).length, 2);
      const infos = fake.callsTo(USERINFO);
      t.is(infos.length, 3);
      t.is(infos[1]!.query.access_token, fake.issuedTokens()[0], 'the cached token was tried first');
      t.is(infos[2]!.query.access_token, fake.issuedTokens()[1], 'the retry used the new token');
      t.is((infos[1]!.answer as { errcode: number }).errcode, errcode, 'WeCom refused the cached token');
      t.is(infos[2]!.query.code, 'second', 'the refused call did not use up the code');
    }));
}

test('a token refused twice in a row is not retried forever', (t) =>
  withWecom(async ({ fake, client }) => {
    fake.registerMember('c', 'ZhaoLiu');
    fake.failNext(USERINFO, { errcode: 42001, errmsg: 'access_token expired' }, 5);
    const err = await refusal(t, fake, client.userIdForCode('c'), 'WECOM_LOGIN_FAILED', 502);
    t.true(err.message.includes('42001'));
    t.is(fake.callsTo(GETTOKEN).length, 2);
    t.is(fake.callsTo(USERINFO).length, 2);
  }));

test('concurrent first logins share one gettoken request', (t) =>
  withWecom(async ({ fake, client }) => {
    const held = fake.hold(GETTOKEN);
    for (let i = 0; i < 4; i++) fake.registerMember(`k${i}`, `staff${i}`);
    const logins = [0, 1, 2, 3].map((i) => client.userIdForCode(`k${i}`));
    await held.reached;
    held.release();
    t.deepEqual(await Promise.all(logins), ['staff0', 'staff1', 'staff2', 'staff3']);
    t.is(fake.callsTo(GETTOKEN).length, 1);
    t.is(fake.callsTo(USERINFO).length, 4);
  }));

for (const [where, route] of [['gettoken', GETTOKEN], ['getuserinfo', USERINFO]] as const) {
  test(`HTTP 500 and a reset connection on ${where} are WECOM_UNAVAILABLE 502, and a later login works`, (t) =>
    withWecom(async ({ fake, client }) => {
      fake.registerMember('c', 'SunQi');
      fake.failNext(route, { status: 500 });
      await refusal(t, fake, client.userIdForCode('c'), 'WECOM_UNAVAILABLE', 502);
      fake.failNext(route, { reset: true });
      await refusal(t, fake, client.userIdForCode('c'), 'WECOM_UNAVAILABLE', 502);
      fake.failNext(route, { raw: 'upstream busy' });
      await refusal(t, fake, client.userIdForCode('c'), 'WECOM_UNAVAILABLE', 502);
      t.deepEqual(fake.callsTo(route).map((r) => r.injected), ['status 500', 'reset', 'raw body']);
      t.is(await client.userIdForCode('c'), 'SunQi');
    }));
}

test('a wrong corp secret or corp id is reported as a setup mistake, without showing either secret', async (t) => {
  const wrong = 'wrong-corpsecret-never-print';
  await withWecom(async ({ fake, client }) => {
    fake.registerMember('c', 'ZhouBa');
    await refusal(t, fake, client.userIdForCode('c'), 'WECOM_MISCONFIGURED', 503, [wrong]);
    t.is(fake.issuedTokens().length, 0);
    t.is(fake.callsTo(USERINFO).length, 0);
  }, { secret: wrong });
  await withWecom(async ({ fake, client }) => {
    fake.registerMember('c', 'ZhouBa');
    await refusal(t, fake, client.userIdForCode('c'), 'WECOM_MISCONFIGURED', 503);
    t.is(fake.issuedTokens().length, 0);
  }, { corpId: 'ww-not-our-corp' });
});
