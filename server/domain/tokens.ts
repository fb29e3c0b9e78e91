import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// Bearer tokens are 32 random bytes; only their SHA-256 is stored.
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return tokenDigest(token).toString('hex');
}

// The SHA-256 of a presented token: hashed once a request, it is both compared
// with the admin token's digest and, as hex, the session's key.
export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

// Comparing digests keeps the time independent of where two tokens differ and of their lengths.
export function sameDigest(a: Buffer, b: Buffer): boolean {
  return timingSafeEqual(a, b);
}
