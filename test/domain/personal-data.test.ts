import { randomBytes } from 'node:crypto';
import test from 'ava';
import fc from 'fast-check';
import { maskIdNumber, maskName, maskPhone } from '../../server/domain/masking';
import { createPersonalDataCipher, normalizeIdentifier } from '../../server/domain/personal-data';

const cipher = createPersonalDataCipher(randomBytes(32));

test('a phone number is stored unreadable and reads back whole', (t) => {
  const stored = cipher.encrypt('13800138000');
  t.false(stored.includes('13800138000'));
  t.not(cipher.encrypt('13800138000'), stored, 'a fresh IV each time');
  t.is(cipher.decrypt(stored), '13800138000');
});

test('tampered cipher text is refused, not decrypted to garbage', (t) => {
  const [v, iv, tag, body] = cipher.encrypt('13800138000').split(':');
  const flipped = Buffer.from(body!, 'base64');
  flipped[0]! ^= 1;
  t.throws(() => cipher.decrypt([v, iv, tag, flipped.toString('base64')].join(':')));
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
