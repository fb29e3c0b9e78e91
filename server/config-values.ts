import { z } from 'zod';
import { parseOffsets } from './domain/reminders/offsets';
import { KEY_ID, LEGACY_KEY_ID } from './domain/personal-data';

// How one setting is read from the text of its environment variable: the
// shapes config.ts's schema is made of, each refusing a wrong value with a
// message that names what was expected.

export const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const intFrom = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

export const urlString = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const value = v === undefined || v.trim() === '' ? fallback : v.trim();
      if (!/^https?:\/\/[^\s/]+/.test(value)) {
        ctx.addIssue({ code: 'custom', message: `must be an http(s) URL, got "${value}"` });
        return z.NEVER;
      }
      return value.replace(/\/+$/, '');
    });

// "7d,3d,1d,2h": days, hours or minutes before a due time (reminders/offsets.ts).
export function offsetList(fallback: string) {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      try {
        return parseOffsets(v?.trim() || fallback);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `must look like "${fallback}" (${(err as Error).message})` });
        return z.NEVER;
      }
    });
}

export function decodeKey(text: string): Buffer | null {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const buf = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    return buf.length === 32 ? buf : null;
  }
  return null;
}

// FUYUAN_DATA_KEYS: the keys older values were sealed with, "id:key,id:key"
// (each key 32 bytes, hex or base64, as FUYUAN_DATA_KEY). "k1" must stay in
// the ring, current or old: the lookup hashes are derived from it
// (server/domain/personal-data.ts says why).
export function parseOldDataKeys(text: string | undefined, currentId: string, problems: string[]): Array<[string, Buffer]> {
  const keys: Array<[string, Buffer]> = [];
  for (const entry of (text ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const at = entry.indexOf(':');
    const id = at > 0 ? entry.slice(0, at).trim() : '';
    const key = at > 0 ? decodeKey(entry.slice(at + 1)) : null;
    if (!KEY_ID.test(id) || !key) {
      problems.push(`FUYUAN_DATA_KEYS: each entry must be id:key, the key 32 bytes as 64 hex digits or base64 (entry ${keys.length + 1} is not)`);
      return [];
    }
    if (id === currentId) problems.push(`FUYUAN_DATA_KEYS: ${id} is the current key (FUYUAN_DATA_KEY_ID); list only older keys`);
    else if (keys.some(([k]) => k === id)) problems.push(`FUYUAN_DATA_KEYS: ${id} is listed twice`);
    else keys.push([id, key]);
  }
  if (currentId !== LEGACY_KEY_ID && !keys.some(([k]) => k === LEGACY_KEY_ID)) {
    problems.push(`FUYUAN_DATA_KEYS: must keep ${LEGACY_KEY_ID} (the first data key) when FUYUAN_DATA_KEY_ID is ${currentId}: the lookup hashes of phone and ID numbers are derived from it`);
  }
  return keys;
}
