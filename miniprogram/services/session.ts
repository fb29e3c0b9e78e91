import type { LoginResult, Role } from './types';

// The login kept on the phone: the server's bearer token and when it ends.

const KEY = 'fuyuan.session';

export interface Session {
  token: string;
  expiresAt: string;
  userId: number;
  role: Role;
}

export function readSession(): Session | null {
  try {
    const s = wx.getStorageSync(KEY) as Session | '' | undefined;
    return s && typeof s === 'object' && typeof s.token === 'string' ? s : null;
  } catch {
    return null;
  }
}

// A token that ends within a minute of `now` (ms) is as good as ended: log in before using it.
export function usableToken(now: number): string | null {
  const s = readSession();
  if (!s) return null;
  const ends = Date.parse(s.expiresAt);
  return Number.isFinite(ends) && ends - 60_000 > now ? s.token : null;
}

export function saveSession(r: LoginResult): Session {
  const s: Session = { token: r.token, expiresAt: r.expiresAt, userId: r.user.id, role: r.user.role };
  wx.setStorageSync(KEY, s);
  return s;
}

export function clearSession(): void {
  wx.removeStorageSync(KEY);
}
