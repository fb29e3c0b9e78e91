import type { Clock } from '../domain/clock';
import { AccessTokenError, createAccessTokenCache, type AccessToken } from './access-token-cache';
import { httpJson } from './http-json';

// The mini-program's server token, from stable_token: unlike /cgi-bin/token,
// asking for it again does not invalidate the one other instances still hold.
export function createWechatAccessToken(
  cfg: { apiBase: string; appId: string; secret: string },
  clock: Clock,
): AccessToken {
  return createAccessTokenCache(async () => {
    const answer = await httpJson<{ errcode?: number; errmsg?: string; access_token?: string; expires_in?: number }>(
      `${cfg.apiBase}/cgi-bin/stable_token`,
      { body: { grant_type: 'client_credential', appid: cfg.appId, secret: cfg.secret, force_refresh: false } },
    );
    if (answer.errcode || !answer.access_token) {
      throw new AccessTokenError('wechat', answer.errcode, answer.errmsg);
    }
    return { token: answer.access_token, expiresInS: answer.expires_in ?? 7200 };
  }, clock);
}
