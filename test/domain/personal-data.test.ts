import { randomBytes } from 'node:crypto';
import test from 'ava';
import fc from 'fast-check';
import { maskIdNumber, maskName, maskPhone } from '../../server/domain/masking';
import {
  createPersonalDataCipher, normalizeIdentifier, UNREADABLE, UnreadablePersonalData, type DataKeyRing,
} from '../../server/domain/personal-data';

const cipher = createPersonalDataCipher(randomBytes(32));

test('a phone number is stored unreadable and reads back whole', (t) => {
  const stored = cipher.encrypt('13800138000');
  t.false(stored.includes('13800138000'));
  t.not(cipher.encrypt('13800138000'), stored, 'a fresh IV each time');
  t.is(cipher.decrypt(stored), '13800138000');
});

test('tampered cipher text is refused, not decrypted to garbage', (t) => {
  const parts = cipher.encrypt('13800138000').split(':');
  const flipped = Buffer.from(parts.pop()!, 'base64');
  flipped[0]! ^= 1;
  t.throws(() => cipher.decrypt([...parts, flipped.toString('base64')].join(':')));
  t.throws(() => cipher.decrypt('not-a-cipher'));
});

test('another key cannot read the data', (t) => {
  const other = createPersonalDataCipher(randomBytes(32));
  t.throws(() => other.decrypt(cipher.encrypt('610602199001011234')));
});

test('the lookup hash finds the same number however it was typed, and only it', (t) => {
  const h = cipher.lookupHash('13800138000');
  t.is(cipher.lookupHash('138 0013 8000'), h);
  t.is(cipher.lookupHash('+86 138-0013-8000'), h);
  t.not(cipher.lookupHash('13800138001'), h);
  t.not(createPersonalDataCipher(randomBytes(32)).lookupHash('13800138000'), h, 'keyed, not a bare hash');
  t.is(normalizeIdentifier('610602199001011234x'), '610602199001011234X');
});

test('any text survives encryption unchanged', (t) => {
  fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => cipher.decrypt(cipher.encrypt(s)) === s));
  t.pass();
});

test('masks show enough to recognise, not enough to identify', (t) => {
  t.is(maskPhone('13812341234'), '138****1234');
  t.is(maskPhone('+86 138 1234 1234'), '138****1234');
  t.is(maskPhone(''), '');
  t.is(maskName('张三'), '张*');
  t.is(maskName('欧阳娜娜'), '欧***');
  t.is(maskName('王'), '*');
  t.is(maskIdNumber('610602199001011234'), '610***********1234');
  t.is(maskIdNumber('12345'), '*****');
});

// Written before key ids existed, with FUYUAN_DATA_KEY = 00 01 … 1f: such
// values are read as key k1, and their lookup hashes stay what they were.
const LEGACY = {
  key: Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex'),
  stored: 'v1:1eK1l0RwbD/6mN6Z:HKiqxKb4oVTiSleu4pYGJQ==:qyuuSw54pL1OiD0=',
  plain: '13800138000',
  hash: 'b23c66e92a3af9d712c755ca0c2a9a73c348ee82f398c5c4039e1bd39596d98d',
};

const ring = (currentId: string, keys: Record<string, Buffer>): DataKeyRing => ({ currentId, keys: new Map(Object.entries(keys)) });

test('a value stored before key ids is read as k1, alone or in a ring whose current key is another', (t) => {
  const k2 = randomBytes(32);
  for (const c of [createPersonalDataCipher(LEGACY.key), createPersonalDataCipher(ring('k2', { k2, k1: LEGACY.key }))]) {
    t.is(c.keyIdOf(LEGACY.stored), 'k1');
    t.is(c.decrypt(LEGACY.stored), LEGACY.plain);
    t.is(c.lookupHash(LEGACY.plain), LEGACY.hash, 'the lookup hash does not move with the current key');
  }
});

test('new values name the current key; old keys in the ring still read theirs', (t) => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const before = createPersonalDataCipher(k1);
  const old = before.encrypt('610602199001011234');
  t.regex(old, /^v2:k1:/);
  const after = createPersonalDataCipher(ring('k2', { k2, k1 }));
  t.is(after.currentKeyId, 'k2');
  const fresh = after.encrypt('13800138000');
  t.regex(fresh, /^v2:k2:/);
  t.is(after.keyIdOf(fresh), 'k2');
  t.is(after.decrypt(old), '610602199001011234');
  t.is(after.decrypt(fresh), '13800138000');
  t.is(after.lookupHash('13800138000'), before.lookupHash('13800138000'));
  t.throws(() => before.decrypt(fresh), { instanceOf: UnreadablePersonalData, message: /unknown-key, key k2/ });
});

test('a ring without k1, or without its current key, is refused at once', (t) => {
  t.throws(() => createPersonalDataCipher(ring('k2', { k2: randomBytes(32) })), { message: /must keep k1/ });
  t.throws(() => createPersonalDataCipher(ring('k3', { k1: randomBytes(32) })), { message: /k3 is not in the key ring/ });
  t.throws(() => createPersonalDataCipher(ring('k1', { k1: randomBytes(16) })), { message: /32 bytes/ });
});

test('show: an unknown key id, tampering or garbage is a masked placeholder and a report, never an exception', (t) => {
  const reports: unknown[] = [];
  const k1 = randomBytes(32);
  const c = createPersonalDataCipher(k1, { onUnreadable: (info) => reports.push(info) });
  const other = createPersonalDataCipher(ring('k9', { k9: randomBytes(32), k1 }));
  t.is(c.show(c.encrypt('13800138000')), '13800138000');
  t.is(c.show(c.encrypt('13800138000'), (p) => `${p.slice(0, 3)}…`), '138…');
  t.is(c.show(other.encrypt('13800138000')), UNREADABLE);
  const parts = c.encrypt('13800138000').split(':');
  parts[4] = Buffer.from('tampered').toString('base64');
  t.is(c.show(parts.join(':'), () => 'never masked'), UNREADABLE);
  t.is(c.show('not-a-cipher'), UNREADABLE);
  t.deepEqual(reports, [
    { keyId: 'k9', reason: 'unknown-key' },
    { keyId: 'k1', reason: 'tampered' },
    { keyId: null, reason: 'malformed' },
  ]);
  t.false(JSON.stringify(reports).includes('138'), 'reports carry no personal data');
});
