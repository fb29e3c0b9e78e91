import test, { type ExecutionContext } from 'ava';
import { createWechatAuthClient, type WechatAuthClient } from '../../server/clients/wechat-auth.client';
import { DomainError } from '../../server/domain/errors';
import { startFakeWechat, type FakeWechat } from '../fakes/wechat-api.fake';

// The real code2Session client against a fake api.weixin.qq.com on a loopback port.

async function setup(over: { secret?: string } = {}): Promise<{ fake: FakeWechat; client: WechatAuthClient }> {
  const fake = await startFakeWechat();
  const client = createWechatAuthClient({ appId: fake.appId, secret: over.secret ?? fake.secret, apiBase: fake.url });
  return { fake, client };
}

// The refusal a caller sees, checked for the code and status the client defines;
// the app secret must never be part of anything thrown.
async function refusal(t: ExecutionContext, p: Promise<unknown>, code: string, status: number, secrets: string[]) {
  const err = await t.throwsAsync(p, { instanceOf: DomainError });
  t.is(err!.code, code);
  t.is(err!.status, status);
  t.regex(err!.message, /[\u4e00-\u9fff]/, 'the message is for people, in Chinese');
  const everything = `${err!.message}\n${err!.stack}\n${JSON.stringify(err)}`;
  for (const s of secrets) t.false(everything.includes(s), 'no secret in the error');
  return err as DomainError;
}

test('code2Session answers the openid and unionid WeChat returns, asking with the documented query', async (t) => {
  const { fake, client } = await setup();
  try {
    fake.registerCode('081abcCode', 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M', { unionid: 'o6_bmasdasdsad6_2sgVt7hMZOPfL' });
    const answer = await client.code2Session('081abcCode');
    t.deepEqual(answer, { openid: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M', unionid: 'o6_bmasdasdsad6_2sgVt7hMZOPfL' });

    const calls = fake.callsTo('/sns/jscode2session');
    t.is(calls.length, 1);
    t.is(calls[0]!.method, 'GET');
    t.deepEqual(calls[0]!.query, {
      appid: fake.appId, secret: fake.secret, js_code: '081abcCode', grant_type: 'authorization_code',
    });
  } finally {
    await fake.close();
  }
});

test('a user without a unionid gets only the openid', async (t) => {
  const { fake, client } = await setup();
  try {
    fake.registerCode('c1', 'openid-1');
    const answer = await client.code2Session('c1');
    t.is(answer.openid, 'openid-1');
    t.is(answer.unionid, undefined);
  } finally {
    await fake.close();
  }
});

test('codes with characters that need escaping reach WeChat intact', async (t) => {
  const { fake, client } = await setup();
  try {
    fake.registerCode('a+b/c=d&e', 'openid-esc');
    t.is((await client.code2Session('a+b/c=d&e')).openid, 'openid-esc');
    t.is(fake.requests[0]!.query.js_code, 'a+b/c=d&e');
  } finally {
    await fake.close();
  }
});

test('an unknown code and a code used twice are WECHAT_CODE_INVALID 401', async (t) => {
  const { fake, client } = await setup();
  try {
    await refusal(t, client.code2Session('never-issued'), 'WECHAT_CODE_INVALID', 401, [fake.secret]);
    fake.registerCode('once', 'openid-2');
    await client.code2Session('once');
    await refusal(t, client.code2Session('once'), 'WECHAT_CODE_INVALID', 401, [fake.secret]);
    t.is(fake.requests.length, 3);
  } finally {
    await fake.close();
  }
});

test('rate limiting (45011) is WECHAT_RATE_LIMITED 429; other errcodes are WECHAT_LOGIN_FAILED 502', async (t) => {
  const { fake, client } = await setup();
  try {
    fake.registerCode('c', 'openid-3');
    fake.failNext('/sns/jscode2session', { errcode: 45011, errmsg: 'api minute-quota reach limit' });
    await refusal(t, client.code2Session('c'), 'WECHAT_RATE_LIMITED', 429, [fake.secret]);
    fake.failNext('/sns/jscode2session', { errcode: -1, errmsg: 'system error' });
    const busy = await refusal(t, client.code2Session('c'), 'WECHAT_LOGIN_FAILED', 502, [fake.secret]);
    t.true(busy.message.includes('-1'), 'the WeChat code is named for support');
    // The code was not used up by the injected failures.
    t.is((await client.code2Session('c')).openid, 'openid-3');
  } finally {
    await fake.close();
  }
});

test('a wrong app secret is WECHAT_LOGIN_FAILED and neither secret shows in the error', async (t) => {
  const wrong = 'wrong-secret-do-not-print-me';
  const { fake, client } = await setup({ secret: wrong });
  try {
    fake.registerCode('c', 'openid-4');
    const err = await refusal(t, client.code2Session('c'), 'WECHAT_LOGIN_FAILED', 502, [wrong, fake.secret]);
    t.true(err.message.includes('40125'));
  } finally {
    await fake.close();
  }
});

test('HTTP 500, a reset connection and a non-JSON body are WECHAT_UNAVAILABLE 502', async (t) => {
  const { fake, client } = await setup();
  try {
    fake.registerCode('c', 'openid-5');
    fake.failNext('/sns/jscode2session', { status: 500 });
    await refusal(t, client.code2Session('c'), 'WECHAT_UNAVAILABLE', 502, [fake.secret]);
    fake.failNext('/sns/jscode2session', { reset: true });
    await refusal(t, client.code2Session('c'), 'WECHAT_UNAVAILABLE', 502, [fake.secret]);
    fake.failNext('/sns/jscode2session', { raw: '<html>502 Bad Gateway</html>' });
    await refusal(t, client.code2Session('c'), 'WECHAT_UNAVAILABLE', 502, [fake.secret]);
    t.deepEqual(fake.requests.map((r) => r.injected), ['status 500', 'reset', 'raw body']);
    // Once WeChat is back the same code still works.
    t.is((await client.code2Session('c')).openid, 'openid-5');
  } finally {
    await fake.close();
  }
});

test('a slow answer is still taken', async (t) => {
  const { fake, client } = await setup();
  try {
    fake.registerCode('slow', 'openid-6');
    fake.failNext('GET /sns/jscode2session', { delayMs: 30 });
    t.is((await client.code2Session('slow')).openid, 'openid-6');
    t.is(fake.requests[0]!.injected, 'delay 30ms');
  } finally {
    await fake.close();
  }
});

test('a WeChat server that cannot be reached is WECHAT_UNAVAILABLE', async (t) => {
  const { fake, client } = await setup();
  await fake.close();
  await refusal(t, client.code2Session('c'), 'WECHAT_UNAVAILABLE', 502, [fake.secret]);
});
