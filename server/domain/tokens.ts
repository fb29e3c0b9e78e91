import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// Bearer tokens are 32 random bytes; only their SHA-256 is stored.
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

// Comparing digests keeps the time independent of where two tokens differ and of their lengths.
export function sameSecret(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}
