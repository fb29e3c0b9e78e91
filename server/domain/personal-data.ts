import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

// Residents' phone and ID numbers are stored as AES-256-GCM cipher text with a
// keyed hash beside it: the hash finds a person by number without decrypting
// every row, and neither is of use to someone who has only the database.

export interface PersonalDataCipher {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
  lookupHash(plain: string): string;
}

const VERSION = 'v1';

export function createPersonalDataCipher(masterKey: Buffer): PersonalDataCipher {
  if (masterKey.length !== 32) throw new Error('the data key must be 32 bytes');
  // Separate subkeys, so the hash key reveals nothing about the encryption key.
  const encKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'fuyuan pii encryption', 32));
  const macKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'fuyuan pii lookup', 32));

  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv.toString('base64'), tag.toString('base64'), body.toString('base64')].join(':');
    },
    decrypt(stored) {
      const [version, iv, tag, body] = stored.split(':');
      if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('unreadable personal data');
      const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    },
    lookupHash(plain) {
      return createHmac('sha256', macKey).update(normalizeIdentifier(plain)).digest('hex');
    },
  };
}

// The same number typed as "138 0013 8000" or "+86 13800138000" must find the same person.
export function normalizeIdentifier(value: string): string {
  const compact = value.replace(/[\s\-()（）]/g, '').toUpperCase();
  return compact.replace(/^\+?86(?=1\d{10}$)/, '');
}
