import type { Clock } from '../domain/clock';
import { AccessTokenError, createAccessTokenCache, type AccessToken } from './access-token-cache';
import { httpJson } from './http-json';

export type WecomAccessToken = AccessToken;

// WeCom's gettoken: one token per corp id and app secret.
export function createWecomAccessToken(
  cfg: { apiBase: string; corpId: string; secret: string },
  clock: Clock,
): WecomAccessToken {
  return createAccessTokenCache(async () => {
    const url = `${cfg.apiBase}/cgi-bin/gettoken?corpid=${encodeURIComponent(cfg.corpId)}&corpsecret=${encodeURIComponent(cfg.secret)}`;
    const answer = await httpJson<{ errcode?: number; errmsg?: string; access_token?: string; expires_in?: number }>(url);
    if (answer.errcode || !answer.access_token) {
      throw new AccessTokenError('wecom', answer.errcode, answer.errmsg);
    }
    return { token: answer.access_token, expiresInS: answer.expires_in ?? 7200 };
  }, clock);
}
