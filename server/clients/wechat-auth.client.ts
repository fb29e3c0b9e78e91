import { createHash } from 'node:crypto';
import { DomainError } from '../domain/errors';
import { httpJson, UpstreamError } from './http-json';
import { common } from '../texts/resident.texts';

// Mini-program login: exchange the wx.login code for the user's openid (code2Session).
export interface WechatAuthClient {
  code2Session(code: string): Promise<{ openid: string; unionid?: string }>;
}

interface Code2SessionAnswer {
  openid?: string;
  unionid?: string;
  session_key?: string;
  errcode?: number;
  errmsg?: string;
}

export function createWechatAuthClient(cfg: { appId: string; secret: string; apiBase: string }): WechatAuthClient {
  return {
    async code2Session(code) {
      const url =
        `${cfg.apiBase}/sns/jscode2session?appid=${encodeURIComponent(cfg.appId)}` +
        `&secret=${encodeURIComponent(cfg.secret)}&js_code=${encodeURIComponent(code)}&grant_type=authorization_code`;
      let answer: Code2SessionAnswer;
      try {
        answer = await httpJson<Code2SessionAnswer>(url);
      } catch (err) {
        if (err instanceof UpstreamError) {
          throw new DomainError('WECHAT_UNAVAILABLE', common.login.wechatUnavailable, 502);
        }
        throw err;
      }
      if (answer.errcode) {
        // 40029 invalid code, 40163 code already used: the user just has to log in again.
        if (answer.errcode === 40029 || answer.errcode === 40163) {
          throw new DomainError('WECHAT_CODE_INVALID', common.login.wechatCodeInvalid, 401);
        }
        if (answer.errcode === 45011) throw new DomainError('WECHAT_RATE_LIMITED', common.login.wechatRateLimited, 429);
        throw new DomainError('WECHAT_LOGIN_FAILED', common.login.wechatFailedWithCode(answer.errcode), 502);
      }
      if (!answer.openid) throw new DomainError('WECHAT_LOGIN_FAILED', common.login.wechatFailed, 502);
      return { openid: answer.openid, unionid: answer.unionid };
    },
  };
}

// Without an app id (a fresh machine, a test) and outside production, the code
// itself names the user, so the whole product can be tried without WeChat.
// A code too long for the openid column (64) is named by its hash instead.
export function createDevWechatAuthClient(): WechatAuthClient {
  return {
    async code2Session(code) {
      const name = code.length <= 60 ? code : createHash('sha256').update(code, 'utf8').digest('hex').slice(0, 60);
      return { openid: `dev-${name}` };
    },
  };
}
