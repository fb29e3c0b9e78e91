import { gzipSync } from 'node:zlib';
import type { ExecutionContext } from 'ava';
import { Agency } from '../../entities';
import { startHarness, type Harness, type RequestOpts } from '../helpers/app-harness';
import { eachDb, type TestDb } from '../helpers/databases';
import { jsonBody as json, refusedWithoutWrites, STACK } from '../helpers/refusal.helper';
import { ACCOUNT_TABLES, countRows } from '../helpers/row-counts.helper';
import { wxPrefixWecom as wecom } from '../helpers/wecom-login.helper';

// Every route, fed what a careless or hostile client sends. A refusal is a 4xx
// with a stable code and a Chinese message, no stack, and no row written;
// accepted text comes back exactly as sent (after trimming) on both databases.

const LIMIT = 256 * 1024;
const KB100 = 'x'.repeat(100 * 1024);
const SCRIPT = '<script>alert(1)</script>';
const SQL = "'; DROP TABLE agency; --";

type Kind = 'text' | 'enum' | 'id' | 'list' | 'pattern';
const WRONG: Record<Kind, unknown[]> = {
  text: [123, { a: 1 }, ['x'], true, null],
  enum: [123, { a: 1 }, ['court'], true, null, 'nonsense', 'COURT', SCRIPT],
  id: ['abc', { a: 1 }, [1], true, false, 0, -1, 1.5, 1e99, 9999999999, '0x1', ' 1 ', SQL],
  list: [123, 'x', { a: 1 }, true, null, [123], [null], [{}]],
  pattern: [123, { a: 1 }, ['x'], true, `${SQL}${SCRIPT}`],
};
interface Field { label: string; kind: Kind; required?: boolean; text?: boolean }
interface BodyRoute { path: string; admin: boolean; valid: (w: World) => Record<string, unknown>; fields: Record<string, Field> }
interface World { agencyId: number; userId: number }

const BODY_ROUTES: BodyRoute[] = [
  { path: '/api/auth/mp-login', admin: false, valid: () => ({ code: 'abc' }),
    fields: { code: { label: '登录凭证', kind: 'text', required: true, text: true } } },
  { path: '/api/auth/wecom-login', admin: false, valid: () => ({ code: 'wx-nobody' }),
    fields: { code: { label: '登录凭证', kind: 'text', required: true, text: true } } },
  { path: '/api/agencies', admin: true,
    valid: (w) => ({ name: '宝塔区医疗纠纷调委会', kind: 'mediation_committee', parentId: w.agencyId, categories: ['medical'], villages: ['东关村'], wecomWebhookKey: 'abcdefgh-1234' }),
    fields: {
      name: { label: '单位名称', kind: 'text', required: true, text: true },
      kind: { label: '单位类型', kind: 'enum', required: true },
      parentId: { label: '上级单位', kind: 'id' },
      categories: { label: '受理纠纷类别', kind: 'list' },
      villages: { label: '服务村（社区）', kind: 'list', text: true },
      wecomWebhookKey: { label: '企业微信群机器人密钥', kind: 'pattern' },
    } },
  { path: '/api/users', admin: true,
    valid: (w) => ({ name: '张三', role: 'mediator', agencyId: w.agencyId, wecomUserId: 'zhangsan', phone: '13800138000', idNumber: '11010119900307663X', villages: ['东关村'] }),
    fields: {
      name: { label: '姓名', kind: 'text', required: true, text: true },
      role: { label: '角色', kind: 'enum', required: true },
      agencyId: { label: '所属单位', kind: 'id' },
      wecomUserId: { label: '企业微信账号', kind: 'pattern' },
      phone: { label: '手机号', kind: 'pattern' },
      idNumber: { label: '身份证号', kind: 'pattern' },
      villages: { label: '联系村（社区）', kind: 'list', text: true },
    } },
];

const counts = (db: TestDb) => countRows(db, ACCOUNT_TABLES);

// The valid body with one more member written in front, as raw JSON text.
function withMember(valid: string, member: string): string {
  return valid === '{}' ? `{${member}}` : valid.replace(/^\{/, `{${member},`);
}

// Sends, asserts the refusal (its shape whatever caused it) and that not one row changed anywhere.
function refused(t: ExecutionContext, h: Harness, db: TestDb, method: string, path: string, opts: RequestOpts, status?: number, code?: string) {
  return refusedWithoutWrites(t, h, () => counts(db), method, path, opts, status, code);
}

async function setup(db: TestDb) {
  const h = await startHarness(db, { bodyLimitBytes: LIMIT, wecom });
  const a = await h.request('POST', '/api/agencies', { token: h.adminToken, body: { name: '宝塔区人民政府', kind: 'government' } });
  const u = await h.request('POST', '/api/users', { token: h.adminToken, body: { name: '李四', role: 'official', agencyId: a.body.id } });
  if (a.status !== 201 || u.status !== 201) throw new Error(`setup failed: ${a.text} ${u.text}`);
  return { h, w: { agencyId: a.body.id as number, userId: u.body.id as number } };
}

eachDb('every body field refuses wrong types, missing values, extras, 100 KB and lone surrogates', async (t, db) => {
  const { h, w } = await setup(db);
  try {
    for (const route of BODY_ROUTES) {
      const token = route.admin ? h.adminToken : null;
      const valid = route.valid(w);
      const expectField = async (opts: RequestOpts, field: string, label: string, message?: RegExp) => {
        const r = await refused(t, h, db, 'POST', route.path, { token, ...opts }, 400, 'VALIDATION_FAILED');
        t.true(r.body.error.message.startsWith(label === '' ? '' : `${label}：`), `${route.path} ${field}: ${r.body.error.message}`);
        t.truthy(r.body.error.fields?.[field], `${route.path} ${field}: fields ${JSON.stringify(r.body.error.fields)}`);
        if (message) t.regex(r.body.error.message, message);
      };
      for (const [field, f] of Object.entries(route.fields)) {
        for (const wrong of WRONG[f.kind]) await expectField({ body: { ...valid, [field]: wrong } }, field, f.label);
        if (f.required) {
          const { [field]: _gone, ...rest } = valid;
          await expectField({ body: rest }, field, f.label, /不能为空/);
          if (f.text) await expectField({ body: { ...valid, [field]: ' \u3000\t ' } }, field, f.label, /不能为空|至少需要/);
        }
        if (f.text) {
          const huge = f.kind === 'list' ? [KB100] : KB100;
          await expectField({ body: { ...valid, [field]: huge } }, field, f.label, /不能超过/);
          for (const lone of ['\\ud800', 'a\\udfff', '单位\\ud83d']) {
            const value = f.kind === 'list' ? `["${lone}"]` : `"${lone}"`;
            const raw = JSON.stringify({ ...valid, [field]: 'MARK' }).replace('"MARK"', value);
            await expectField(json(raw), field, f.label, /包含无法识别的字符/);
          }
        }
      }
      await expectField({ body: { ...valid, isAdmin: true } }, 'isAdmin', 'isAdmin', /不是可提交的字段/);
    }
  } finally {
    await h.close();
  }
});

eachDb('malformed, oversized, polluting and non-JSON bodies are refused before anything is stored', async (t, db) => {
  const { h, w } = await setup(db);
  try {
    for (const route of [...BODY_ROUTES, { path: `/api/users/${w.userId}/tokens`, admin: true, valid: () => ({}) }]) {
      const token = route.admin ? h.adminToken : null;
      const valid = JSON.stringify(route.valid(w));
      const send = (opts: RequestOpts, status?: number, code?: string) => refused(t, h, db, 'POST', route.path, { token, ...opts }, status, code);
      await send(json('{"name": "未闭合'), 400, 'INVALID_JSON');
      await send(json('{bad json}'), 400, 'INVALID_JSON');
      await send(json('"just a string"'), 400, 'INVALID_JSON');
      await send(json('null'), 400, 'INVALID_JSON');
      await send(json(withMember(valid, '"__proto__":{"isAdmin":true,"role":"admin"}')), 400, 'INVALID_JSON');
      await send(json(JSON.stringify({ name: 'x'.repeat(LIMIT + 1) })), 413, 'PAYLOAD_TOO_LARGE');
      await send(json(gzipSync(JSON.stringify({ name: 'x'.repeat(4 * LIMIT) })), { 'content-encoding': 'gzip' }), 413, 'PAYLOAD_TOO_LARGE');
      await send(json(Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' }), 400, 'INVALID_CONTENT_ENCODING');
      await send(json(valid, { 'content-encoding': 'br2' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
      if (route.path.endsWith('/tokens')) continue; // takes no body: a well-formed one is ignored
      await send(json('[1,2]'), 400, 'VALIDATION_FAILED');
      await send(json(`[${valid}]`), 400, 'VALIDATION_FAILED');
      await send(json(''), 400, 'VALIDATION_FAILED');
      await send(json(withMember(valid, '"constructor":{"prototype":{"isAdmin":true}}')), 400, 'VALIDATION_FAILED');
      await send(json(withMember(valid, '"toString":1,"hasOwnProperty":2')), 400, 'VALIDATION_FAILED');
      await send(json(Buffer.from(valid, 'utf16le'), { 'content-type': 'application/json; charset=utf-16' }));
      await send({ rawBody: valid, headers: { 'content-type': 'text/plain' } }, 415, 'UNSUPPORTED_MEDIA_TYPE');
      await send({ rawBody: 'name=x&kind=court&code=abc', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'UNSUPPORTED_MEDIA_TYPE');
      await send({ rawBody: `<xml><code>abc</code></xml>`, headers: { 'content-type': 'application/xml' } }, 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
    t.false('isAdmin' in {}, 'Object.prototype polluted');
    t.is(({} as Record<string, unknown>).role, undefined, 'Object.prototype polluted');
  } finally {
    await h.close();
  }
});

eachDb('hostile ids, repeated and hostile query parameters and bearer tokens are refused', async (t, db) => {
  const { h, w } = await setup(db);
  const admin = { token: h.adminToken };
  try {
    const ids = ['0', '-1', '1e99', 'abc', '9999999999', '1.5', '0x1', '%20', '1%00', encodeURIComponent(SQL), encodeURIComponent(SCRIPT), '%F0%9F%98%80', '%ED%A0%80', '%E0%A4%A'];
    const idRoutes: Array<[string, (id: string) => string, string]> = [
      ['GET', (id) => `/api/agencies/${id}`, '单位编号'],
      ['GET', (id) => `/api/users/${id}`, '用户编号'],
      ['POST', (id) => `/api/users/${id}/tokens`, '用户编号'],
      ['POST', (id) => `/api/notifications/${id}/retry`, '通知编号'],
    ];
    for (const [method, path, label] of idRoutes) {
      for (const id of ids) {
        const r = await refused(t, h, db, method, path(id), admin, 400, 'VALIDATION_FAILED');
        t.true(r.body.error.message.startsWith(`${label}：`), r.body.error.message);
        t.truthy(r.body.error.fields?.id);
      }
      await refused(t, h, db, method, path('2147483647'), admin, 404, 'NOT_FOUND');
    }
    const queries: Array<[string, string]> = [
      ['/api/agencies?kind=court&kind=government', '单位类型'],
      ['/api/agencies?kind=court&kind=court', '单位类型'],
      [`/api/agencies?kind=${encodeURIComponent(SCRIPT)}`, '单位类型'],
      [`/api/agencies?kind=${encodeURIComponent(SQL)}`, '单位类型'],
      ['/api/agencies?kind=%F0%A0%80%80', '单位类型'],
      ['/api/agencies?kind=%ED%A0%80', '单位类型'],
      ['/api/users?role=judge&role=admin', '角色'],
      [`/api/users?role=${encodeURIComponent(SQL)}`, '角色'],
      ['/api/users?page=abc', '页码'],
      ['/api/users?page=1&page=2', '页码'],
      ['/api/users?page=0', '页码'],
      ['/api/users?page=1e99', '页码'],
      ['/api/users?pageSize=1000', '每页条数'],
      ['/api/users?agencyId=abc', '所属单位'],
      ['/api/users?agencyId=0x1', '所属单位'],
      ['/api/users?agencyId=-1', '所属单位'],
      ['/api/users?agencyId=1&agencyId=2', '所属单位'],
      ['/api/notifications?status=failed&status=sent', '状态'],
      [`/api/notifications?status=${encodeURIComponent(SQL)}`, '状态'],
      [`/api/notifications?channel=${'x'.repeat(33)}`, '渠道'],
      ['/api/notifications?channel=a&channel=b', '渠道'],
      ['/api/notifications?pageSize=0', '每页条数'],
    ];
    for (const [path, label] of queries) {
      const r = await refused(t, h, db, 'GET', path, admin, 400, 'VALIDATION_FAILED');
      t.true(r.body.error.message.startsWith(`${label}：`), `${path}: ${r.body.error.message}`);
    }
    // Routes that take no input ignore the query string, hostile or not.
    for (const path of ['/healthz', '/readyz', '/api/me']) {
      const r = await h.request('GET', `${path}?x=${encodeURIComponent(SCRIPT)}&x=${encodeURIComponent(SQL)}&__proto__=1`, admin);
      t.is(r.status, 200, `${path}: ${r.text}`);
      t.notRegex(r.text, STACK);
    }
    const protectedRoutes: Array<[string, string]> = [
      ['GET', '/api/me'], ['POST', '/api/agencies'], ['GET', '/api/agencies'], ['GET', `/api/agencies/${w.agencyId}`],
      ['POST', '/api/users'], ['GET', '/api/users'], ['GET', `/api/users/${w.userId}`], ['POST', `/api/users/${w.userId}/tokens`],
      ['GET', '/api/notifications'], ['POST', '/api/notifications/1/retry'],
    ];
    for (const [method, path] of protectedRoutes) {
      await refused(t, h, db, method, path, {}, 401, 'UNAUTHENTICATED');
      for (const authorization of [`Bearer ${'x'.repeat(300)}`, `Bearer ${SQL}`, `Bearer ${SCRIPT}`, 'Basic YWRtaW46YWRtaW4=', 'Bearer', `Bearer ${h.adminToken}x`]) {
        await refused(t, h, db, method, path, { headers: { authorization } }, 401, 'TOKEN_INVALID');
      }
    }
  } finally {
    await h.close();
  }
});

eachDb('emoji, supplementary CJK, HTML and SQL text is stored verbatim and read back identical', async (t, db) => {
  const { h } = await setup(db);
  const admin = { token: h.adminToken };
  try {
    const before = await counts(db);
    const names = [`𠀀😀${SCRIPT}`, `𠀁😀${SCRIPT}`, SQL, '𠀀'.repeat(50), '😀'.repeat(49) + '𠀀'];
    const villages = [SQL, '𠀀村😀', SCRIPT, '"引号"\\反斜杠'];
    for (const name of names) {
      const created = await h.request('POST', '/api/agencies', { ...admin, body: { name: `  \u3000${name}\t `, kind: 'village', villages } });
      t.is(created.status, 201, created.text);
      t.is(created.body.name, name);
      const read = await h.request('GET', `/api/agencies/${created.body.id}`, admin);
      t.is(read.status, 200);
      t.is(read.body.name, name);
      t.deepEqual(read.body.villages, villages);
      const row = await db.ds.getRepository(Agency).findOneByOrFail({ id: created.body.id });
      t.is(row.name, name);
      t.deepEqual(row.villages, villages);
    }
    const list = await h.request('GET', '/api/agencies', admin);
    t.deepEqual(list.body.items.map((a: { name: string }) => a.name).slice(1), names);
    // One character over the limit is refused, even when that character is an emoji.
    await refused(t, h, db, 'POST', '/api/agencies', { ...admin, body: { name: '𠀀'.repeat(50) + 'x', kind: 'village' } }, 400, 'VALIDATION_FAILED');

    const user = await h.request('POST', '/api/users', { ...admin, body: { name: `😀𠀀${SCRIPT}`, role: 'resident', villages } });
    t.is(user.status, 201, user.text);
    const readUser = await h.request('GET', `/api/users/${user.body.id}`, admin);
    t.is(readUser.body.name, `😀𠀀${SCRIPT}`);
    t.deepEqual(readUser.body.villages, villages);

    // Login codes are accepted text too: the longest one, SQL, emoji all sign a resident in.
    for (const code of ['c'.repeat(128), SQL, '😀𠀀']) {
      const r = await h.request('POST', '/api/auth/mp-login', { body: { code } });
      t.is(r.status, 200, r.text);
      const me = await h.request('GET', '/api/me', { token: r.body.token });
      t.is(me.body.role, 'resident');
    }
    t.deepEqual(await counts(db), {
      ...before, agency: before.agency + names.length, user: before.user + 4, session: before.session + 3, audit: before.audit + names.length + 1,
    });
  } finally {
    await h.close();
  }
});
