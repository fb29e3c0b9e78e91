import type { Clock } from '../domain/clock';
import { httpJson } from './http-json';

// WeCom access tokens last two hours and gettoken is rate limited, so one
// token is shared by every caller until shortly before it expires.
export interface WecomAccessToken {
  get(): Promise<string>;
  // After 40014/42001 (invalid or expired token) the next get() fetches anew.
  invalidate(): void;
}

const REFRESH_MARGIN_MS = 5 * 60 * 1000;

export function createWecomAccessToken(
  cfg: { apiBase: string; corpId: string; secret: string },
  clock: Clock,
): WecomAccessToken {
  let cached: { token: string; expiresAt: number } | null = null;
  let inflight: Promise<string> | null = null;

  async function fetchToken(): Promise<string> {
    const url = `${cfg.apiBase}/cgi-bin/gettoken?corpid=${encodeURIComponent(cfg.corpId)}&corpsecret=${encodeURIComponent(cfg.secret)}`;
    const answer = await httpJson<{ errcode?: number; errmsg?: string; access_token?: string; expires_in?: number }>(url);
    if (answer.errcode || !answer.access_token) {
      throw new Error(`WeCom gettoken failed: ${answer.errcode ?? '?'} ${answer.errmsg ?? ''}`.trim());
    }
    const ttlMs = (answer.expires_in ?? 7200) * 1000;
    cached = { token: answer.access_token, expiresAt: clock.now().getTime() + ttlMs - REFRESH_MARGIN_MS };
    return answer.access_token;
  }

  return {
    async get() {
      if (cached && cached.expiresAt > clock.now().getTime()) return cached.token;
      // Concurrent callers share one request instead of each spending the quota.
      inflight ??= fetchToken().finally(() => {
        inflight = null;
      });
      return inflight;
    },
    invalidate() {
      cached = null;
    },
  };
}
