import { DomainError } from '../domain/errors';
import { AccessTokenError } from './access-token-cache';
import { httpJson, UpstreamError } from './http-json';
import type { WecomAccessToken } from './wecom-access-token';

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
          throw new DomainError('WECOM_MISCONFIGURED', '企业微信登录配置有误，请联系管理员', 503, { upstream: err.errcode });
        }
        if (err instanceof UpstreamError || err instanceof Error) {
          throw new DomainError('WECOM_UNAVAILABLE', '企业微信服务暂时无法连接，请稍后再试', 502);
        }
        throw err;
      }
      if (answer.errcode === 40029) {
        throw new DomainError('WECOM_CODE_INVALID', '企业微信登录凭证无效或已使用，请重新打开', 401);
      }
      if (answer.errcode) throw new DomainError('WECOM_LOGIN_FAILED', `企业微信登录失败（${answer.errcode}）`, 502);
      const userId = answer.userid ?? answer.UserId;
      if (!userId) {
        // An openid means someone outside the enterprise: not staff.
        throw new DomainError('WECOM_NOT_MEMBER', '您不是本单位企业微信成员，无法以工作人员身份登录', 403);
      }
      return userId;
    },
  };
}
