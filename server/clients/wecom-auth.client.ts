import { DomainError } from '../domain/errors';
import { AccessTokenError } from './access-token-cache';
import { httpJson, UpstreamError } from './http-json';
import type { WecomAccessToken } from './wecom-access-token';
import { staff } from '../texts/staff.texts';

// Staff login from inside WeCom: the OAuth code names the WeCom user id (auth/getuserinfo).
export interface WecomAuthClient {
  userIdForCode(code: string): Promise<string>;
}

interface GetUserInfoAnswer {
  errcode?: number;
  errmsg?: string;
  userid?: string;
  UserId?: string;
  openid?: string;
}

const TOKEN_EXPIRED = new Set([40014, 42001]);

export function createWecomAuthClient(cfg: { apiBase: string }, token: WecomAccessToken): WecomAuthClient {
  async function ask(code: string): Promise<GetUserInfoAnswer & { usedToken: string }> {
    const accessToken = await token.get();
    const answer = await httpJson<GetUserInfoAnswer>(
      `${cfg.apiBase}/cgi-bin/auth/getuserinfo?access_token=${encodeURIComponent(accessToken)}&code=${encodeURIComponent(code)}`,
    );
    return { ...answer, usedToken: accessToken };
  }

  return {
    async userIdForCode(code) {
      let answer: GetUserInfoAnswer;
      try {
        answer = await ask(code);
        if (answer.errcode && TOKEN_EXPIRED.has(answer.errcode)) {
          token.invalidate((answer as { usedToken: string }).usedToken);
          answer = await ask(code);
        }
      } catch (err) {
        if (err instanceof DomainError) throw err;
        if (err instanceof AccessTokenError) {
          // A wrong corp id or secret is a setup mistake, not an outage: say so.
          throw new DomainError('WECOM_MISCONFIGURED', staff.login.wecomMisconfigured, 503, { upstream: err.errcode });
        }
        if (err instanceof UpstreamError || err instanceof Error) {
          throw new DomainError('WECOM_UNAVAILABLE', staff.login.wecomUnavailable, 502);
        }
        throw err;
      }
      if (answer.errcode === 40029) {
        throw new DomainError('WECOM_CODE_INVALID', staff.login.wecomCodeInvalid, 401);
      }
      if (answer.errcode) throw new DomainError('WECOM_LOGIN_FAILED', staff.login.wecomFailedWithCode(answer.errcode), 502);
      const userId = answer.userid ?? answer.UserId;
      if (!userId) {
        // An openid means someone outside the enterprise: not staff.
        throw new DomainError('WECOM_NOT_MEMBER', staff.login.wecomNotMember, 403);
      }
      return userId;
    },
  };
}
