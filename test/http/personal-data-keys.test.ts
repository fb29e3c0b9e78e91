import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { Dispute, User } from '../../entities';
import type { Config } from '../../server/config';
import { UNREADABLE, type DataKeyRing } from '../../server/domain/personal-data';
import { personalDataCipher } from '../../server/wiring';
import { seedDemoData } from '../../server/seed/seed-service';
import { startHarness, type Harness } from '../helpers/app-harness';
import { eachDb, type TestDb } from '../helpers/databases';
import { issueToken, mpLogin } from '../helpers/district.helper';

// Restarts of the server over one database with another data key: what the
// resident and the staff see of the phone number they stored.

const PHONE = '13912345678';
const ring = (currentId: string, keys: Record<string, Buffer>): DataKeyRing => ({ currentId, keys: new Map(Object.entries(keys)) });

// A server over `db` whose personal data uses `keys`, as main.ts builds it
// (its warnings collected in `warnings`).
async function serverWith(db: TestDb, keys: DataKeyRing, warnings: Array<Record<string, unknown>>): Promise<Harness> {
  const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line)) });
  return startHarness(db, { pii: personalDataCipher({ dataKeyRing: keys, logLevel: 'warn' } as Config, logger) });
}

async function fileDispute(h: Harness) {
  const login = await mpLogin(h, 'key-ring-resident');
  const filed = await h.request('POST', '/api/disputes', {
    token: login.token,
    body: { category: 'neighbor', description: '楼上邻居装修噪音持续到深夜，多次沟通无果', village: '南关社区', phone: PHONE, consent: true },
  });
  if (filed.status !== 201) throw new Error(`filing failed: ${filed.status} ${filed.text}`);
  return { id: filed.body.id as number, residentId: login.user.id, mediatorId: filed.body.mediator.id as number };
}

eachDb('after a restart with another data key, the resident reads a masked placeholder, not a 500; the key ring reads it again', async (t, db) => {
  const k1 = randomBytes(32);
  const warnings: Array<Record<string, unknown>> = [];
  let h = await serverWith(db, ring('k1', { k1 }), warnings);
  let filed: Awaited<ReturnType<typeof fileDispute>>;
  try {
    await seedDemoData({ db: db.ds, clock: h.clock, pii: h.pii });
    filed = await fileDispute(h);
  } finally {
    await h.close();
  }
  const stored = await db.ds.getRepository(Dispute).findOneByOrFail({ id: filed.id });
  const hashBefore = stored.contactPhoneHash;

  const views = async (server: Harness) => {
    const resident = await server.request('GET', `/api/disputes/${filed.id}`, { token: (await mpLogin(server, 'key-ring-resident')).token });
    const mediator = await server.request('GET', `/api/disputes/${filed.id}`, { token: await issueToken(server, filed.mediatorId) });
    const user = await server.request('GET', `/api/users/${filed.residentId}`, { token: server.adminToken });
    return { resident, mediator, user };
  };

  // Restarted with another FUYUAN_DATA_KEY under the same id (the mistake the issue saw).
  h = await serverWith(db, ring('k1', { k1: randomBytes(32) }), warnings);
  try {
    const { resident, mediator, user } = await views(h);
    t.is(resident.status, 200, resident.text);
    t.is(resident.body.contactPhone, UNREADABLE);
    t.is(mediator.status, 200, mediator.text);
    t.notRegex(String(mediator.body.contactPhone), /\d/, 'the mediator sees no digits either');
    t.is(user.status, 200, user.text);
    t.is(user.body.phone, UNREADABLE);
    const unreadable = warnings.filter((w) => String(w.msg).includes('cannot be decrypted'));
    t.true(unreadable.length >= 3, JSON.stringify(warnings));
    t.like(unreadable[0], { level: 40, keyId: 'k1', reason: 'tampered' });
    t.false(JSON.stringify(warnings).includes(PHONE.slice(-4)), 'no personal data in the log');
  } finally {
    await h.close();
  }

  // Restarted with a new current key k2 and the old one kept as k1: everything reads, new values use k2.
  const k2 = randomBytes(32);
  h = await serverWith(db, ring('k2', { k2, k1 }), warnings);
  try {
    const { resident, mediator, user } = await views(h);
    t.is(resident.body.contactPhone, PHONE);
    t.is(mediator.body.contactPhone, PHONE);
    t.is(user.body.phone, '139****5678');
    t.deepEqual((await h.services.users.findByPhone(`+86 ${PHONE}`)).map((u) => u.id), [filed.residentId], 'the lookup hash did not move');
    const again = await h.request('POST', '/api/disputes', {
      token: (await mpLogin(h, 'key-ring-resident')).token,
      body: { category: 'neighbor', description: '物业费争议，双方各执一词，需要调解', village: '南关社区', phone: PHONE, consent: true },
    });
    t.is(again.status, 201, again.text);
    const row = await db.ds.getRepository(Dispute).findOneByOrFail({ id: again.body.id });
    t.regex(row.contactPhoneCipher!, /^v2:k2:/);
    t.is(row.contactPhoneHash, hashBefore);
    t.regex((await db.ds.getRepository(User).findOneByOrFail({ id: filed.residentId })).phoneCipher!, /^v2:k1:/, 'untouched until the rotation');
  } finally {
    await h.close();
  }
});
