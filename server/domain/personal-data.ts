import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { common } from '../texts/resident.texts';

// Residents' phone and ID numbers are stored as AES-256-GCM cipher text with a
// keyed hash beside it: the hash finds a person by number without decrypting
// every row, and neither is of use to someone who has only the database.
//
// Keys form a ring: each cipher text names the key that sealed it
// ("v2:<key id>:iv:tag:body"; the older "v1:iv:tag:body" was sealed by "k1"),
// new values are sealed with the current key, and old keys stay in the ring
// for reading until `fuyuan rotate-data-key` has sealed everything again.
//
// The lookup hash does not rotate: its key is derived from "k1", the key the
// installation started with, under a label of its own (HKDF), so a number
// finds its person before, during and after a rotation and no hash is ever
// rewritten (a re-hash would need every value decrypted while lookups go on).
// The price: "k1" stays in the ring (FUYUAN_DATA_KEYS) for as long as hashes
// exist. A rotation retires a key for encryption; it does not retire "k1" as
// the hash key, so if "k1" itself leaked, rotating protects the cipher texts
// but not the hashes (phone numbers are few enough to be found by trying).

export const LEGACY_KEY_ID = 'k1';
// What a person sees where a value cannot be decrypted (unknown key, tampered).
export const UNREADABLE = common.unreadable;
export const KEY_ID = /^[A-Za-z0-9_.-]{1,32}$/;

export interface DataKeyRing {
  currentId: string;
  // Every key that may have sealed a stored value, the current one included.
  keys: ReadonlyMap<string, Buffer>;
}

export type UnreadableReason = 'unknown-key' | 'tampered' | 'malformed';

export class UnreadablePersonalData extends Error {
  constructor(readonly reason: UnreadableReason, readonly keyId: string | null) {
    super(`unreadable personal data (${reason}${keyId ? `, key ${keyId}` : ''})`);
    this.name = 'UnreadablePersonalData';
  }
}

export interface PersonalDataCipher {
  readonly currentKeyId: string;
  encrypt(plain: string): string;
  // The plain text, or an UnreadablePersonalData error.
  decrypt(stored: string): string;
  // The plain text (through `mask` when given), or UNREADABLE: a value that
  // cannot be read is shown as such and reported, never a failed request.
  show(stored: string, mask?: (plain: string) => string): string;
  // The id of the key that sealed `stored`, or null when it is not ours.
  keyIdOf(stored: string): string | null;
  lookupHash(plain: string): string;
}

export interface CipherOptions {
  // Told about each value `show` could not read (logged as a warning by the server).
  onUnreadable?: (info: { keyId: string | null; reason: UnreadableReason }) => void;
}

const subkey = (key: Buffer, label: string) => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), label, 32));

// A single key (tests, and installations before key ids) is the ring {k1}.
export function singleKeyRing(key: Buffer, id = LEGACY_KEY_ID): DataKeyRing {
  return { currentId: id, keys: new Map([[id, key]]) };
}

export function createPersonalDataCipher(ringOrKey: DataKeyRing | Buffer, opts: CipherOptions = {}): PersonalDataCipher {
  const ring = Buffer.isBuffer(ringOrKey) ? singleKeyRing(ringOrKey) : ringOrKey;
  for (const [id, key] of ring.keys) {
    if (!KEY_ID.test(id)) throw new Error(`the data key id "${id}" may use letters, digits, "_", "." and "-" only`);
    if (key.length !== 32) throw new Error(`the data key ${id} must be 32 bytes`);
  }
  const current = ring.keys.get(ring.currentId);
  if (!current) throw new Error(`the current data key ${ring.currentId} is not in the key ring`);
  const hashKey = ring.keys.get(LEGACY_KEY_ID);
  if (!hashKey) throw new Error(`the key ring must keep ${LEGACY_KEY_ID}: the lookup hashes are derived from it`);
  // Separate subkeys, so the hash key reveals nothing about the encryption keys.
  const encKeys = new Map([...ring.keys].map(([id, key]) => [id, subkey(key, 'fuyuan pii encryption')]));
  const macKey = subkey(hashKey, 'fuyuan pii lookup');
  const currentEncKey = encKeys.get(ring.currentId)!;

  function parse(stored: string): { keyId: string; iv: string; tag: string; body: string } {
    const parts = stored.split(':');
    if (parts[0] === 'v1' && parts.length === 4) return { keyId: LEGACY_KEY_ID, iv: parts[1]!, tag: parts[2]!, body: parts[3]! };
    if (parts[0] === 'v2' && parts.length === 5 && KEY_ID.test(parts[1]!)) return { keyId: parts[1]!, iv: parts[2]!, tag: parts[3]!, body: parts[4]! };
    throw new UnreadablePersonalData('malformed', null);
  }

  function decrypt(stored: string): string {
    const { keyId, iv, tag, body } = parse(stored);
    const key = encKeys.get(keyId);
    if (!key) throw new UnreadablePersonalData('unknown-key', keyId);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new UnreadablePersonalData('tampered', keyId);
    }
  }

  return {
    currentKeyId: ring.currentId,
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', currentEncKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return ['v2', ring.currentId, iv.toString('base64'), tag.toString('base64'), body.toString('base64')].join(':');
    },
    decrypt,
    show(stored, mask = (plain) => plain) {
      try {
        return mask(decrypt(stored));
      } catch (err) {
        if (!(err instanceof UnreadablePersonalData)) throw err;
        opts.onUnreadable?.({ keyId: err.keyId, reason: err.reason });
        return UNREADABLE;
      }
    },
    keyIdOf(stored) {
      try {
        return parse(stored).keyId;
      } catch {
        return null;
      }
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
