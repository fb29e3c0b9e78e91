import { createDecipheriv, timingSafeEqual } from 'node:crypto';
import { encrypt as wecomEncrypt, getSignature } from '@wecom/crypto';
import { DomainError } from '../../domain/errors';
import { staff } from '../../texts/staff.texts';

const W = staff.wecom;

// WeCom's callback envelope (加解密方案): msg_signature = sha1 of the sorted
// token, timestamp, nonce and cipher text; the cipher text is
// base64(AES-256-CBC(random 16 B + length 4 B + message + receive id)) with
// key = base64(EncodingAESKey + "="), IV = its first 16 bytes and PKCS#7
// padding to 32 bytes. @wecom/crypto signs and encrypts; the decryption is
// done here, because the library neither checks the padding and the length
// field nor the receive id, and a forged or truncated message must be refused,
// not half-read.

export interface VerifyInput {
  token: string;
  aesKey: string; // the 43-character EncodingAESKey
  // The corp id for a self-built app, "" for an intelligent robot.
  receiveId: string;
  signature: unknown;
  timestamp: unknown;
  nonce: unknown;
  encrypt: unknown;
  now: Date;
  // 0 turns the timestamp check off.
  maxSkewS: number;
}

const refused = {
  request: () => new DomainError('WECOM_BAD_REQUEST', W.noSignature, 400),
  signature: () => new DomainError('WECOM_BAD_SIGNATURE', W.badSignature, 403),
  stale: () => new DomainError('WECOM_STALE_TIMESTAMP', W.staleTimestamp, 403),
  ciphertext: () => new DomainError('WECOM_BAD_CIPHERTEXT', W.badCiphertext, 400),
  receiveId: () => new DomainError('WECOM_BAD_RECEIVE_ID', W.badReceiveId, 403),
};

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function text(v: unknown, max: number, pattern?: RegExp): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > max || (pattern && !pattern.test(v))) throw refused.request();
  return v;
}

export function aesKeyBytes(aesKey: string): Buffer {
  const key = /^[A-Za-z0-9]{43}$/.test(aesKey) ? Buffer.from(`${aesKey}=`, 'base64') : Buffer.alloc(0);
  if (key.length !== 32) throw new Error('the EncodingAESKey must be the 43 characters WeCom gives');
  return key;
}

export function signatureMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected.toLowerCase(), 'utf8');
  const b = Buffer.from(given.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

// The plaintext of a callback, or a DomainError saying why not.
export function verifyAndDecrypt(input: VerifyInput): string {
  const signature = text(input.signature, 40, /^[0-9a-fA-F]{40}$/);
  const timestamp = text(input.timestamp, 12, /^[0-9]{1,12}$/);
  const nonce = text(input.nonce, 64);
  const encrypt = text(input.encrypt, 64 * 1024);

  if (!signatureMatches(getSignature(input.token, timestamp, nonce, encrypt), signature)) throw refused.signature();
  if (input.maxSkewS > 0 && Math.abs(input.now.getTime() / 1000 - Number(timestamp)) > input.maxSkewS) throw refused.stale();

  const { message, receiveId } = decryptEnvelope(input.aesKey, encrypt);
  if (receiveId !== input.receiveId) throw refused.receiveId();
  return message;
}

// Strict decryption: every length and every padding byte is checked.
export function decryptEnvelope(aesKey: string, encrypt: string): { message: string; receiveId: string } {
  if (!BASE64.test(encrypt)) throw refused.ciphertext();
  const cipher = Buffer.from(encrypt, 'base64');
  if (cipher.length < 32 || cipher.length % 16 !== 0) throw refused.ciphertext();
  const key = aesKeyBytes(aesKey);
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(cipher), decipher.final()]);
  } catch {
    throw refused.ciphertext();
  }
  const pad = plain[plain.length - 1]!;
  if (pad < 1 || pad > 32 || pad > plain.length) throw refused.ciphertext();
  for (let i = plain.length - pad; i < plain.length; i++) if (plain[i] !== pad) throw refused.ciphertext();
  const content = plain.subarray(0, plain.length - pad);
  if (content.length < 20) throw refused.ciphertext();
  const length = content.readUInt32BE(16);
  if (length > content.length - 20) throw refused.ciphertext();
  try {
    return {
      message: utf8.decode(content.subarray(20, 20 + length)),
      receiveId: utf8.decode(content.subarray(20 + length)),
    };
  } catch {
    throw refused.ciphertext();
  }
}

export interface SealedMessage {
  encrypt: string;
  signature: string;
  timestamp: string;
  nonce: string;
}

// A message sealed the way WeCom seals its callbacks: what a passive reply
// carries, and what tests send to the callback routes.
export function encryptReply(input: {
  token: string;
  aesKey: string;
  receiveId: string;
  message: string;
  timestamp: string | number;
  nonce: string;
}): SealedMessage {
  const encrypt = wecomEncrypt(input.aesKey, input.message, input.receiveId);
  const timestamp = String(input.timestamp);
  return { encrypt, signature: getSignature(input.token, timestamp, input.nonce, encrypt), timestamp, nonce: input.nonce };
}
