import fc from 'fast-check';
import { Agency, User } from '../../entities';
import { AGENCY_KINDS, DISPUTE_CATEGORIES, ROLES } from '../../entities';
import { startHarness, type Harness } from '../helpers/app-harness';
import { eachDb, type TestDb } from '../helpers/databases';
import { answersCleanly as check, anyTextWith, anyValueOf, FUZZ_RUNS as RUNS } from '../helpers/fuzz.helper';
import { ACCOUNT_TABLES, countRows, sameCounts } from '../helpers/row-counts.helper';
import { wxPrefixWecom as wecom } from '../helpers/wecom-login.helper';

// Property: whatever a client sends to any route, the answer is never a 5xx;
// anything but a 2xx is a JSON error with a stable code and a Chinese message,
// and leaves every table as it was. What is accepted is stored as sent, trimmed.

const LIMIT = 16 * 1024;
const counts = (db: TestDb) => countRows(db, ACCOUNT_TABLES);

// Text with everything in it: lone surrogates, astral characters, controls.
const anyText = anyTextWith('<script>alert(1)</script>', "'; DROP TABLE agency; --");
const anyValue = anyValueOf(anyText);
const field = <T>(good: fc.Arbitrary<T>) => fc.oneof(good, anyValue);
const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

// Bodies shaped like the real thing, one field at a time going wrong, plus
// arbitrary JSON and arbitrary text sent as the whole body.
const bodies: Record<string, fc.Arbitrary<unknown>> = {
  '/api/auth/mp-login': fc.record({ code: field(anyText) }, { requiredKeys: [] }),
  '/api/auth/wecom-login': fc.record({ code: field(fc.constantFrom('wx-a', 'nobody')) }, { requiredKeys: [] }),
  '/api/agencies': fc.record(
    {
      name: field(anyText),
      kind: field(fc.constantFrom(...AGENCY_KINDS)),
      parentId: optional(field(fc.constantFrom(1, null))),
      categories: optional(field(fc.array(field(fc.constantFrom(...DISPUTE_CATEGORIES)), { maxLength: 3 }))),
      villages: optional(field(fc.array(anyText, { maxLength: 3 }))),
      wecomWebhookKey: optional(field(fc.stringMatching(/^[A-Za-z0-9-]{8,20}$/))),
    },
    { requiredKeys: ['name', 'kind'] },
  ),
  '/api/users': fc.record(
    {
      name: field(anyText),
      role: field(fc.constantFrom(...ROLES)),
      agencyId: optional(field(fc.constantFrom(1, null))),
      wecomUserId: optional(field(fc.stringMatching(/^[a-z0-9]{1,12}$/))),
      phone: optional(field(fc.constantFrom('13800138000', '029-12345678'))),
      villages: optional(field(fc.array(anyText, { maxLength: 3 }))),
    },
    { requiredKeys: ['name', 'role'] },
  ),
};

const rawBody = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
  fc.object({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"isAdmin":true}}}', '{', '[]', '"\\ud800"'),
);

// Query strings built byte by byte, so invalid UTF-8 and odd encodings get through.
const pct = (bytes: Uint8Array) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
const qKey = fc.oneof(fc.constantFrom('kind', 'role', 'agencyId', 'status', 'channel', 'page', 'pageSize', '__proto__', 'constructor'), fc.uint8Array({ maxLength: 6 }).map(pct));
const qValue = fc.oneof(
  fc.uint8Array({ maxLength: 12 }).map(pct),
  fc.constantFrom('court', 'admin', '1', '0', '-1', '1e99', '9999999999', '0x1', '', '%ED%A0%80', '%F0%A0%80%80'),
  anyText.filter((s) => s.isWellFormed()).map(encodeURIComponent),
);
const query = fc.array(fc.tuple(qKey, qValue), { maxLength: 6 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));
const segment = fc.oneof(qValue, fc.integer().map(String), fc.double().map(String));
const getPath = fc.oneof(
  fc.constantFrom('/api/agencies', '/api/users', '/api/notifications', '/api/me', '/healthz', '/readyz'),
  segment.map((s) => `/api/agencies/${s}`),
  segment.map((s) => `/api/users/${s}`),
);

async function withHarness(db: TestDb, fn: (h: Harness) => Promise<void>) {
  const h = await startHarness(db, { bodyLimitBytes: LIMIT, wecom });
  try {
    const seed = await h.request('POST', '/api/agencies', { token: h.adminToken, body: { name: '宝塔区人民政府', kind: 'government' } });
    if (seed.status !== 201 || seed.body.id !== 1) throw new Error(seed.text);
    await fn(h);
  } finally {
    await h.close();
  }
}

eachDb('POST routes: structured and arbitrary bodies never give a 5xx, refusals store nothing', async (t, db) => {
  await withHarness(db, async (h) => {
    const routes = Object.keys(bodies);
    const send = fc.oneof(
      fc.constantFrom(...routes).chain((path) => bodies[path]!.map((b) => ({ path, raw: JSON.stringify(b), body: b }))),
      fc.tuple(fc.constantFrom(...routes, '/api/users/1/tokens', '/api/notifications/1/retry'), rawBody).map(([path, raw]) => ({ path, raw, body: undefined as unknown })),
    );
    await fc.assert(
      fc.asyncProperty(send, async ({ path, raw, body }) => {
        const before = await counts(db);
        const r = await h.request('POST', path, { token: h.adminToken, rawBody: raw, headers: { 'content-type': 'application/json' } });
        if (!check(t, `POST ${path} ${raw.slice(0, 200)}`, r)) return false;
        if (r.status >= 400) return sameCounts(await counts(db), before);
        // Accepted: what was sent is what is stored, trimmed.
        if (path === '/api/agencies' || path === '/api/users') {
          const row = await db.ds.getRepository(path === '/api/agencies' ? Agency : User).findOneByOrFail({ id: r.body.id });
          const sent = body as { name: string; villages?: string[]; parentId?: unknown; agencyId?: unknown };
          const ref = path === '/api/agencies' ? sent.parentId : sent.agencyId;
          return (
            (ref == null || typeof ref === 'number') && // an id of the wrong JSON type is never accepted
            row.name === sent.name.trim() &&
            JSON.stringify(row.villages) === JSON.stringify([...new Set((sent.villages ?? []).map((v) => v.trim()))])
          );
        }
        return true;
      }),
      { numRuns: RUNS * 3 },
    );
    t.pass();
  });
});

eachDb('GET routes: arbitrary paths and query strings never give a 5xx', async (t, db) => {
  await withHarness(db, async (h) => {
    const tokens = fc.constantFrom<string | null>(h.adminToken, null, 'not-a-token');
    await fc.assert(
      fc.asyncProperty(getPath, query, tokens, async (path, q, token) => {
        const before = await counts(db);
        const r = await h.request('GET', `${path}?${q}`, { token });
        return check(t, `GET ${path}?${q}`, r) && sameCounts(await counts(db), before);
      }),
      { numRuns: RUNS * 2 },
    );
    t.pass();
  });
});
