import type { ExecutionContext } from 'ava';
import { Dispute } from '../../entities';
import { startHarness, type Harness, type RequestOpts } from '../helpers/app-harness';
import { eachDb, type TestDb } from '../helpers/databases';
import { BAOTA_AGENCIES, BAOTA_PEOPLE, ok, pick, residentToken, seedDistrict } from '../helpers/district.helper';
import { jsonBody as json, refusedWithoutWrites } from '../helpers/refusal.helper';
import { countRows, DISPUTE_TABLES } from '../helpers/row-counts.helper';

// The dispute routes, fed what a careless or hostile client sends. A refusal
// is a 4xx with a stable code and a Chinese message naming the field, no
// stack, and no row written; accepted text is read back exactly as sent
// (after trimming) on both databases.

const LIMIT = 256 * 1024;
const KB100 = 'x'.repeat(100 * 1024);
const SCRIPT = '<script>alert(1)</script>';
const SQL = "'; DROP TABLE dispute; --";
const DESCRIPTION = '邻居家装修噪音持续到深夜，多次协商无果。';

type Kind = 'text' | 'enum' | 'id' | 'ids' | 'templates' | 'phone' | 'consent';
const WRONG: Record<Kind, unknown[]> = {
  text: [123, { a: 1 }, ['x'], true],
  enum: [123, { a: 1 }, ['neighbor'], true, null, 'nonsense', 'NEIGHBOR', SCRIPT, SQL],
  id: ['abc', { a: 1 }, [1], true, false, 0, -1, 1.5, 1e99, 9999999999, '0x1', ' 1 ', SQL],
  ids: [123, 'x', { a: 1 }, true, null, [], ['abc'], [0], [1.5], [null], [{}], Array(21).fill(1)],
  templates: [123, 'dispute_reply', { a: 1 }, true, null, ['nonsense'], [1], [null], Array(31).fill('dispute_reply')],
  phone: [123, { a: 1 }, true, null, '', '12345', '138001380000', '２３８００１３８０００', SCRIPT, SQL],
  consent: [false, 'true', 1, null, {}, [true]],
};
interface Field { label: string; kind: Kind; required?: boolean; nullable?: boolean }
interface World { h: Harness; resident: string; mediator: string; judge: string; disputeId: number; agencyIds: number[] }
interface BodyRoute { path: (w: World) => string; token: (w: World) => string; valid: (w: World) => Record<string, unknown>; fields: Record<string, Field> }

const text = (label: string, required = true): Field => ({ label, kind: 'text', required, nullable: !required });
const d = (suffix: string) => (w: World) => `/api/disputes/${w.disputeId}/${suffix}`;
const BODY_ROUTES: BodyRoute[] = [
  { path: () => '/api/disputes', token: (w) => w.resident,
    valid: () => ({ category: 'neighbor', description: DESCRIPTION, village: '东关村', otherParty: '楼上住户', phone: '13812345678', consent: true, defendantAgencyId: null }),
    fields: {
      category: { label: '纠纷类别', kind: 'enum', required: true }, description: text('事情经过'), village: text('村（社区）'),
      otherParty: text('对方当事人', false), phone: { label: '联系电话', kind: 'phone', required: true },
      consent: { label: '隐私说明', kind: 'consent', required: true }, defendantAgencyId: { label: '被申请行政机关', kind: 'id', nullable: true },
      villageId: { label: '村（社区）', kind: 'id', nullable: true },
    } },
  { path: d('messages'), token: (w) => w.resident, valid: () => ({ body: '您好' }), fields: { body: text('内容') } },
  { path: d('explanations'), token: (w) => w.judge, valid: () => ({ body: '依法说理' }), fields: { body: text('内容') } },
  { path: d('transitions'), token: (w) => w.mediator, valid: () => ({ action: 'accept', note: '受理' }),
    fields: { action: { label: '操作', kind: 'enum', required: true }, note: text('说明', false) } },
  { path: d('escalations'), token: (w) => w.h.adminToken, valid: (w) => ({ agencyIds: w.agencyIds, note: '会商' }),
    fields: { agencyIds: { label: '参与单位', kind: 'ids', required: true }, note: text('说明', false) } },
  { path: () => '/api/articles', token: (w) => w.judge, valid: () => ({ category: 'neighbor', title: '相邻关系', body: '相邻各方应当按照有利生产、方便生活的原则处理相邻关系。' }),
    fields: { category: { label: '类别', kind: 'enum', required: true }, title: text('标题'), body: text('正文') } },
  { path: () => '/api/me/subscriptions', token: (w) => w.resident, valid: () => ({ accepted: ['dispute_reply'] }),
    fields: { accepted: { label: '已同意的订阅消息', kind: 'templates', required: true } } },
];

const counts = (db: TestDb) => countRows(db, DISPUTE_TABLES);

// Sends, asserts the refusal (its shape whatever caused it) and that not one row changed anywhere.
function refused(t: ExecutionContext, w: World, db: TestDb, method: string, path: string, opts: RequestOpts, status?: number, code?: string) {
  return refusedWithoutWrites(t, w.h, () => counts(db), method, path, opts, status, code);
}

async function setup(db: TestDb): Promise<World> {
  const h = await startHarness(db, { bodyLimitBytes: LIMIT });
  const { agencies: { court, resources }, people } = await seedDistrict(h, {
    agencies: pick(BAOTA_AGENCIES, ['committee', 'court', 'resources'], { committee: { categories: ['neighbor', 'administrative'] } }),
    people: pick(BAOTA_PEOPLE, ['resident', 'mediator', 'judge']),
  });
  const w: World = {
    h, resident: people.resident.token, mediator: people.mediator.token,
    judge: people.judge.token, disputeId: 0, agencyIds: [court.id, resources.id],
  };
  w.disputeId = (await ok(h.request('POST', '/api/disputes', { token: w.resident, body: BODY_ROUTES[0]!.valid(w) }), 201)).id;
  return w;
}

// A resident of their own, so that the daily filing limit never gets in the way.
let residents = 0;
const newResident = (h: Harness) => residentToken(h, `hostile-${++residents}`);

eachDb('every dispute body field refuses wrong types, missing values, extras, 100 KB and lone surrogates', async (t, db) => {
  const w = await setup(db);
  try {
    for (const route of BODY_ROUTES) {
      const path = route.path(w);
      const valid = route.valid(w);
      const expectField = async (opts: RequestOpts, field: string, label: string, message?: RegExp) => {
        const r = await refused(t, w, db, 'POST', path, { token: route.token(w), ...opts }, 400, 'VALIDATION_FAILED');
        t.true(r.body.error.message.startsWith(`${label}：`), `${path} ${field}: ${r.body.error.message}`);
        t.truthy(r.body.error.fields?.[field], `${path} ${field}: ${JSON.stringify(r.body.error.fields)}`);
        if (message) t.regex(r.body.error.message, message, `${path} ${field}`);
      };
      for (const [field, f] of Object.entries(route.fields)) {
        const wrongs = f.kind === 'text' && !f.nullable ? [...WRONG.text, null] : WRONG[f.kind];
        for (const wrong of wrongs) await expectField({ body: { ...valid, [field]: wrong } }, field, f.label);
        if (f.required) {
          const { [field]: _gone, ...rest } = valid;
          await expectField({ body: rest }, field, f.label, f.kind === 'text' || f.kind === 'enum' || f.kind === 'phone' ? /不能为空/ : undefined);
        }
        if (f.kind !== 'text') continue;
        if (f.required) await expectField({ body: { ...valid, [field]: ' \u3000\t\n ' } }, field, f.label, /不能为空|至少需要/);
        await expectField({ body: { ...valid, [field]: KB100 } }, field, f.label, /不能超过/);
        for (const lone of ['\\ud800', 'a\\udfff', '纠纷\\ud83d结尾']) {
          const raw = JSON.stringify({ ...valid, [field]: 'MARK' }).replace('"MARK"', `"${lone}"`);
          await expectField(json(raw), field, f.label, /包含无法识别的字符/);
        }
      }
      await expectField({ body: { ...valid, isAdmin: true } }, 'isAdmin', 'isAdmin', /不是可提交的字段/);
      await expectField({ body: { ...valid, residentId: 1, status: 'resolved' } }, 'residentId', 'residentId', /不是可提交的字段/);
    }
    // The description's bounds, exactly; a resident may not file a sixth dispute a day.
    const file = (description: string) => ({ ...BODY_ROUTES[0]!.valid(w), description });
    await expectDescription(t, w, db, file('案'.repeat(2001)), /事情经过：不能超过 2000 个字/);
    await expectDescription(t, w, db, file('  案情很简单不够十  '), /事情经过：至少需要 10 个字/);
    await expectDescription(t, w, db, { ...file(DESCRIPTION), consent: false }, /^隐私说明：请阅读并同意隐私说明后再提交$/);
    await expectDescription(t, w, db, { ...file(DESCRIPTION), phone: '1381234567' }, /^联系电话：不是有效的电话号码$/);
    const fresh = await newResident(w.h);
    t.is((await ok(w.h.request('POST', '/api/disputes', { token: fresh, body: file('案'.repeat(2000)) }), 201)).status, 'submitted');
    for (let i = 0; i < 4; i++) await ok(w.h.request('POST', '/api/disputes', { token: fresh, body: file(DESCRIPTION) }), 201);
    await refused(t, w, db, 'POST', '/api/disputes', { token: fresh, body: file(DESCRIPTION) }, 429, 'DAILY_LIMIT_REACHED');
    // Refusals that come from the domain roll the whole filing back, consent included.
    const admin = { category: 'administrative', defendantAgencyId: 999999 };
    await refused(t, w, db, 'POST', '/api/disputes', { token: await newResident(w.h), body: { ...file(DESCRIPTION), ...admin } }, 422, 'AGENCY_NOT_FOUND');
    await refused(t, w, db, 'POST', d('escalations')(w), { token: w.h.adminToken, body: { agencyIds: [w.agencyIds[0], 999999] } }, 422, 'AGENCY_NOT_FOUND');
  } finally {
    await w.h.close();
  }
});

async function expectDescription(t: ExecutionContext, w: World, db: TestDb, body: unknown, message: RegExp) {
  const r = await refused(t, w, db, 'POST', '/api/disputes', { token: w.resident, body }, 400, 'VALIDATION_FAILED');
  t.regex(r.body.error.message, message);
}

eachDb('malformed bodies, hostile ids and hostile list queries are refused before anything is stored', async (t, db) => {
  const w = await setup(db);
  try {
    for (const route of BODY_ROUTES) {
      const valid = JSON.stringify(route.valid(w));
      const send = (opts: RequestOpts, status?: number, code?: string) =>
        refused(t, w, db, 'POST', route.path(w), { token: route.token(w), ...opts }, status, code);
      await send(json('{"body": "未闭合'), 400, 'INVALID_JSON');
      await send(json('{bad json}'), 400, 'INVALID_JSON');
      await send(json('"just a string"'), 400, 'INVALID_JSON');
      await send(json('null'), 400, 'INVALID_JSON');
      await send(json(valid.replace(/^\{/, '{"__proto__":{"role":"admin"},')), 400, 'INVALID_JSON');
      await send(json(JSON.stringify({ body: 'x'.repeat(LIMIT + 1) })), 413, 'PAYLOAD_TOO_LARGE');
      await send(json('[1,2]'), 400, 'VALIDATION_FAILED');
      await send(json(`[${valid}]`), 400, 'VALIDATION_FAILED');
      await send(json(''), 400, 'VALIDATION_FAILED');
      await send(json(valid.replace(/^\{/, '{"constructor":{"prototype":{"role":"admin"}},')), 400, 'VALIDATION_FAILED');
      await send({ rawBody: valid, headers: { 'content-type': 'text/plain' } }, 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
    const ids = ['0', '-1', '1e99', 'abc', '9999999999', '1.5', '0x1', '%20', '1%00', encodeURIComponent(SQL), encodeURIComponent(SCRIPT), '%F0%9F%98%80', '%ED%A0%80'];
    const idRoutes: Array<[string, (id: string) => string, string, string, unknown?]> = [
      ['GET', (id) => `/api/disputes/${id}`, '纠纷编号', w.resident],
      ['POST', (id) => `/api/disputes/${id}/messages`, '纠纷编号', w.resident, { body: '您好' }],
      ['POST', (id) => `/api/disputes/${id}/explanations`, '纠纷编号', w.judge, { body: '依法说理' }],
      ['POST', (id) => `/api/disputes/${id}/transitions`, '纠纷编号', w.mediator, { action: 'accept' }],
      ['POST', (id) => `/api/disputes/${id}/escalations`, '纠纷编号', w.h.adminToken, { agencyIds: w.agencyIds }],
      ['GET', (id) => `/api/articles/${id}`, '文章编号', w.resident],
    ];
    for (const [method, path, label, token, body] of idRoutes) {
      for (const id of ids) {
        const r = await refused(t, w, db, method, path(id), { token, body }, 400, 'VALIDATION_FAILED');
        t.true(r.body.error.message.startsWith(`${label}：`), `${path(id)}: ${r.body.error.message}`);
      }
      await refused(t, w, db, method, path('2147483647'), { token, body }, 404, 'NOT_FOUND');
    }
    const queries: Array<[string, string]> = [
      ['/api/disputes?overdue=maybe', '是否超期'], ['/api/disputes?overdue=TRUE', '是否超期'], ['/api/disputes?overdue=true&overdue=false', '是否超期'],
      ['/api/disputes?page=0', '页码'], ['/api/disputes?page=abc', '页码'], ['/api/disputes?page=1e99', '页码'], ['/api/disputes?page=', '页码'],
      ['/api/disputes?pageSize=1000', '每页条数'], ['/api/disputes?pageSize=0', '每页条数'], ['/api/disputes?pageSize=1.5', '每页条数'],
      ['/api/disputes?status=closed', '状态'], [`/api/disputes?status=${encodeURIComponent(SQL)}`, '状态'], ['/api/disputes?status=submitted&status=accepted', '状态'],
      [`/api/disputes?category=${encodeURIComponent(SCRIPT)}`, '纠纷类别'], [`/api/disputes?village=${'村'.repeat(65)}`, '村（社区）'],
      ['/api/articles?category=bogus', '类别'], [`/api/articles?q=${'x'.repeat(51)}`, '关键词'], ['/api/articles?q=a&q=b', '关键词'],
      ['/api/articles?page=0', '页码'], ['/api/articles?pageSize=1000', '每页条数'],
    ];
    for (const [path, label] of queries) {
      const r = await refused(t, w, db, 'GET', path, { token: w.judge }, 400, 'VALIDATION_FAILED');
      t.true(r.body.error.message.startsWith(`${label}：`), `${path}: ${r.body.error.message}`);
    }
    // Unknown query parameters are ignored; the largest page is fine.
    t.is((await w.h.request('GET', `/api/disputes?x=${encodeURIComponent(SQL)}&pageSize=100&overdue=false`, { token: w.judge })).body.total, 1);
  } finally {
    await w.h.close();
  }
});

// Line breaks, controls and bidi overrides are refused, not stored (test/disputes/resident-text.test.ts).
const HOSTILE = [SCRIPT, SQL, '😀𠀀𠀁 家里的事 👨‍👩‍👧', '"引号"\\反斜杠 制表', '<img src=x onerror=alert(1)>&amp;', "Robert'); DROP TABLE dispute_entry;-- %_!", '右到左\u200b零宽\ufeff'];

eachDb('HTML, SQL, emoji and supplementary CJK are stored verbatim and read back identical', async (t, db) => {
  const w = await setup(db);
  const { h } = w;
  try {
    for (const v of HOSTILE) {
      const token = await newResident(h);
      const filed = await ok(h.request('POST', '/api/disputes', { token, body: { category: 'neighbor', description: `  ${v} 事情经过补足十个字\u3000`, village: `\t${v.slice(0, 40)} `, otherParty: v, phone: ' 138-1234-5678 ', consent: true } }), 201);
      const path = `/api/disputes/${filed.id}`;
      for (const [who, body] of [[token, `\n${v}  `], [w.mediator, v]] as const) await ok(h.request('POST', `${path}/messages`, { token: who, body: { body } }), 201);
      await ok(h.request('POST', `${path}/explanations`, { token: w.judge, body: { body: ` ${v} ` } }), 201);
      await ok(h.request('POST', `${path}/transitions`, { token: w.mediator, body: { action: 'accept', note: v } }), 200);
      await ok(h.request('POST', `${path}/escalations`, { token: h.adminToken, body: { agencyIds: w.agencyIds, note: v } }), 201);
      const read = await ok(h.request('GET', path, { token }), 200);
      t.is(read.description, `${v} 事情经过补足十个字`);
      t.is(read.village, v.slice(0, 40).trim());
      t.is(read.otherParty, v.trim());
      t.is(read.contactPhone, '13812345678');
      t.deepEqual(read.timeline.slice(1).map((e: { body: string }) => e.body), Array(5).fill(v.trim()));
      const row = await db.ds.getRepository(Dispute).findOneByOrFail({ id: filed.id });
      t.is(row.description, read.description);
      t.is(row.village, read.village);
      const inVillage = await ok(h.request('GET', `/api/disputes?village=${encodeURIComponent(read.village)}`, { token: w.judge }), 200);
      t.true(inVillage.items.some((i: { id: number; village: string }) => i.id === filed.id && i.village === read.village), v);
      const article = await ok(h.request('POST', '/api/articles', { token: w.judge, body: { category: 'other', title: ` 标题${v.slice(0, 40)}`, body: `${v} 正文需要至少二十个字才可以发布出来给群众看` } }), 201);
      const got = await ok(h.request('GET', `/api/articles/${article.id}`, {}), 200);
      t.is(got.title, `标题${v.slice(0, 40)}`.trim());
      t.is(got.body, `${v} 正文需要至少二十个字才可以发布出来给群众看`);
    }
    // Keyword search takes %, _, quotes and the escape character literally.
    const titles = ['借款利息100%合法吗', 'a_b 条款解读', "O'Brien 说\"引号\"", '感叹号!的用法', '普通的标题'];
    const ids = new Map<string, number>();
    for (const title of titles) {
      ids.set(title, (await ok(h.request('POST', '/api/articles', { token: w.judge, body: { category: 'lending', title, body: '民间借贷应当遵守法律规定，利率不得超过法定上限。' } }), 201)).id);
    }
    const search = async (q: string) => (await ok(h.request('GET', `/api/articles?category=lending&q=${encodeURIComponent(q)}`, {}), 200)).items.map((a: { id: number }) => a.id);
    t.deepEqual(await search('%'), [ids.get(titles[0]!)]);
    t.deepEqual(await search('100%'), [ids.get(titles[0]!)]);
    t.deepEqual(await search('_'), [ids.get(titles[1]!)]);
    t.deepEqual(await search("'"), [ids.get(titles[2]!)]);
    t.deepEqual(await search('"'), [ids.get(titles[2]!)]);
    t.deepEqual(await search('!'), [ids.get(titles[3]!)]);
    for (const q of ['%%', '_%_', '!%', '\\', SQL, "' OR '1'='1"]) t.deepEqual(await search(q), [], q);
  } finally {
    await h.close();
  }
});
