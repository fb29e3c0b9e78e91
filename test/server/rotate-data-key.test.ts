import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import test from 'ava';
import { Dispute, User } from '../../entities';
import { createPersonalDataCipher, type DataKeyRing } from '../../server/domain/personal-data';
import { seedDemoData } from '../../server/seed/seed-service';
import { startHarness } from '../helpers/app-harness';
import { cleanEnv, spawnFuyuan } from '../helpers/cli.helper';
import { eachDb, type TestDb } from '../helpers/databases';
import { mpLogin } from '../helpers/district.helper';

// `npx fuyuan rotate-data-key` as an operator runs it, on a database written
// under key k1 (values from before key ids among them): everything is sealed
// again with the new current key, the lookup hashes stay, a second run finds
// nothing to do, and a value no key can read is reported, not fatal.

// A value written before key ids existed, under this k1 (see test/domain/personal-data.test.ts).
const K1 = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const LEGACY_VALUE = 'v1:1eK1l0RwbD/6mN6Z:HKiqxKb4oVTiSleu4pYGJQ==:qyuuSw54pL1OiD0=';
const K2 = randomBytes(32);
const ring = (currentId: string, keys: Record<string, Buffer>): DataKeyRing => ({ currentId, keys: new Map(Object.entries(keys)) });

const dirs: string[] = [];
test.after.always(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function rotate(db: TestDb, args: string[] = []) {
  const dataDir = db.kind === 'sqlite' ? dirname(db.target.sqlitePath) : mkdtempSync(join(tmpdir(), 'fuyuan-rotate-'));
  if (db.kind !== 'sqlite') dirs.push(dataDir);
  const run = spawnFuyuan(['rotate-data-key', ...args], cleanEnv({
    FUYUAN_DATA_DIR: dataDir,
    ...(db.target.url ? { DATABASE_URL: db.target.url } : {}),
    FUYUAN_ADMIN_TOKEN: 'rotate-test-admin-token-0123456789',
    FUYUAN_DATA_KEY_ID: 'k2',
    FUYUAN_DATA_KEY: K2.toString('hex'),
    FUYUAN_DATA_KEYS: `k1:${K1.toString('base64')}`,
  }));
  const timer = setTimeout(() => run.child.kill('SIGKILL'), 60_000);
  const { code } = await run.exit;
  clearTimeout(timer);
  return { code, lines: run.stdout().split('\n').filter((l) => l && !l.startsWith('{')), stderr: run.stderr() };
}

// Every stored cipher value and hash, by where it is.
async function stored(db: TestDb): Promise<Map<string, { cipher: string; hash: string | null }>> {
  const all = new Map<string, { cipher: string; hash: string | null }>();
  for (const u of await db.ds.getRepository(User).find()) {
    if (u.phoneCipher) all.set(`user.phone ${u.id}`, { cipher: u.phoneCipher, hash: u.phoneHash });
    if (u.idNumberCipher) all.set(`user.idNumber ${u.id}`, { cipher: u.idNumberCipher, hash: u.idNumberHash });
  }
  for (const d of await db.ds.getRepository(Dispute).find()) {
    if (d.contactPhoneCipher) all.set(`dispute.contactPhone ${d.id}`, { cipher: d.contactPhoneCipher, hash: d.contactPhoneHash });
  }
  return all;
}

eachDb('rotate-data-key seals every value with the current key, keeps the hashes, is idempotent and reports what it cannot read', async (t, db) => {
  const before = createPersonalDataCipher(K1);
  const h = await startHarness(db, { pii: before });
  try {
    await seedDemoData({ db: db.ds, clock: h.clock, pii: before });
    const login = await mpLogin(h, 'rotating-resident');
    const filed = await h.request('POST', '/api/disputes', {
      token: login.token,
      body: { category: 'neighbor', description: '楼上邻居装修噪音持续到深夜，多次沟通无果', village: '南关社区', phone: '13912345678', consent: true },
    });
    t.is(filed.status, 201, filed.text);
  } finally {
    await h.close();
  }
  const users = db.ds.getRepository(User);
  // One resident from before key ids, one whose ID number was sealed with a key nobody kept.
  const [legacy, lost] = await users.find({ where: { role: 'resident' }, order: { id: 'ASC' }, take: 1 }).then(async ([r]) => [
    r!, await users.save(users.create({ name: '王五', role: 'resident', villages: [], active: true, createdAt: new Date('2026-11-01T00:00:00Z') })),
  ]);
  await users.update({ id: legacy.id }, { idNumberCipher: LEGACY_VALUE, idNumberHash: before.lookupHash('13800138000') });
  const lostCipher = createPersonalDataCipher(ring('k0', { k0: randomBytes(32), k1: K1 })).encrypt('610602199001011234');
  await users.update({ id: lost.id }, { idNumberCipher: lostCipher });

  const old = await stored(db);
  t.true(old.size >= 5, `values to rotate: ${old.size}`);
  const plainBefore = new Map([...old].filter(([k]) => k !== `user.idNumber ${lost.id}`).map(([k, v]) => [k, before.decrypt(v.cipher)]));

  const first = await rotate(db, ['--batch-size', '3']);
  t.is(first.code, 1, first.stderr);
  t.deepEqual(first.lines, [
    `re-encrypted ${old.size - 1} personal value(s) with data key k2; 0 already used it`,
    '1 value(s) could not be decrypted with any key in the ring and were left as they are (shown as "***（无法解密）"):',
    `  user.idNumberCipher id ${lost.id}: unknown-key (key k0)`,
  ]);

  const after = createPersonalDataCipher(ring('k2', { k2: K2, k1: K1 }));
  const now = await stored(db);
  t.is(now.size, old.size);
  for (const [where, value] of now) {
    t.is(value.hash, old.get(where)!.hash, `${where}: the lookup hash stays`);
    if (where === `user.idNumber ${lost.id}`) {
      t.is(value.cipher, lostCipher, 'left as it was');
      continue;
    }
    t.regex(value.cipher, /^v2:k2:/, where);
    t.is(after.decrypt(value.cipher), plainBefore.get(where)!, where);
  }
  t.is(after.decrypt(now.get(`user.idNumber ${legacy.id}`)!.cipher), '13800138000', 'the value from before key ids too');

  const second = await rotate(db);
  t.is(second.lines[0], `re-encrypted 0 personal value(s) with data key k2; ${old.size - 1} already used it`);
  t.deepEqual(await stored(db), now, 'a second run changes nothing');

  await users.update({ id: lost.id }, { idNumberCipher: null });
  const clean = await rotate(db);
  t.is(clean.code, 0, clean.stderr);
  t.deepEqual(clean.lines, [`re-encrypted 0 personal value(s) with data key k2; ${old.size - 1} already used it`]);
});
