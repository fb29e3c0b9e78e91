import { env, REQUEST_TIMEOUT_MS } from '../config/env';
import { now as clockNow, type Now } from './clock';
import { clearSession, saveSession, usableToken } from './session';
import type { ApiClient, CallOptions, LoginResult } from './types';
import { toast } from './ui';
import { httpRequest, NetworkError, wxLogin, type HttpMethod, type HttpResponse } from './wx-async';

// The typed client of the server's /api. Every call returns a Promise; a
// failure becomes an ApiError whose message (the server's, in Chinese) is
// shown as a toast unless the caller asks not to. A token the server no
// longer accepts (401) leads to one new wx.login and one retry.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiConfig {
  baseUrl: string | (() => string);
  timeoutMs?: number;
  // The clock a token's end is judged by (default: services/clock, the phone's unless a test set it).
  now?: Now;
}

interface Call extends CallOptions {
  auth?: boolean;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

function queryString(q: Call['query']): string {
  const parts = Object.entries(q ?? {})
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

function errorOf(res: HttpResponse): ApiError {
  const body = res.data as { error?: { code?: string; message?: string; fields?: Record<string, string> } } | null;
  const e = body && typeof body === 'object' ? body.error : undefined;
  if (e?.message) return new ApiError(res.status, e.code ?? 'ERROR', e.message, e.fields ?? {});
  if (res.status >= 500) return new ApiError(res.status, 'SERVER_ERROR', '服务暂时不可用，请稍后再试');
  return new ApiError(res.status, 'ERROR', `请求没有成功（${res.status}），请稍后再试`);
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof NetworkError) {
    return err.timedOut
      ? new ApiError(0, 'TIMEOUT', '网络太慢，等待超时，请稍后再试')
      : new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后再试');
  }
  return new ApiError(0, 'UNKNOWN', '出了点问题，请稍后再试');
}

export function createApi(config: ApiConfig): ApiClient {
  const timeoutMs = config.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const now = config.now ?? clockNow;
  const base = () => (typeof config.baseUrl === 'function' ? config.baseUrl() : config.baseUrl).replace(/\/+$/, '');
  let pendingLogin: Promise<LoginResult> | null = null;

  const send = (method: HttpMethod, path: string, c: Call, token: string | null) =>
    httpRequest({
      url: base() + path + queryString(c.query),
      method,
      data: c.body,
      header: token ? { Authorization: `Bearer ${token}` } : {},
      timeoutMs,
    });

  // One login at a time: calls that find no token wait for the same one.
  function login(): Promise<LoginResult> {
    pendingLogin ??= (async () => {
      try {
        const code = await wxLogin(timeoutMs);
        const res = await send('POST', '/api/auth/mp-login', { body: { code } }, null);
        if (res.status !== 200) throw errorOf(res);
        const result = res.data as LoginResult;
        saveSession(result);
        return result;
      } finally {
        pendingLogin = null;
      }
    })();
    return pendingLogin;
  }

  async function attempt<T>(method: HttpMethod, path: string, c: Call, retried: boolean): Promise<T> {
    const auth = c.auth !== false;
    const token = auth ? (usableToken(now()) ?? (await login()).token) : null;
    const res = await send(method, path, c, token);
    if (res.status === 401 && auth && !retried) {
      clearSession();
      return attempt<T>(method, path, c, true);
    }
    if (res.status >= 200 && res.status < 300) return res.data as T;
    throw errorOf(res);
  }

  async function call<T>(method: HttpMethod, path: string, c: Call = {}): Promise<T> {
    try {
      return await attempt<T>(method, path, c, false);
    } catch (err) {
      const e = toApiError(err);
      if (c.toast !== false) toast(e.message);
      throw e;
    }
  }

  return {
    async login() {
      try {
        return await login();
      } catch (err) {
        throw toApiError(err);
      }
    },
    me: (o) => call('GET', '/api/me', { ...o }),
    categories: (o) => call('GET', '/api/dispute-categories', { ...o, auth: false }),
    places: (o) => call('GET', '/api/places', { ...o }),
    fileDispute: (input, o) => call('POST', '/api/disputes', { ...o, body: input }),
    myDisputes: (page = 1, pageSize = 20, o) => call('GET', '/api/disputes', { ...o, query: { page, pageSize } }),
    dispute: (id, o) => call('GET', `/api/disputes/${id}`, { ...o }),
    sendMessage: (id, body, o) => call('POST', `/api/disputes/${id}/messages`, { ...o, body: { body } }),
    consentExtension: (id, extId, o) => call('POST', `/api/disputes/${id}/extensions/${extId}/consent`, { ...o }),
    withdrawDispute: (id, o) => call('POST', `/api/disputes/${id}/transitions`, { ...o, body: { action: 'withdraw' } }),
    applyConfirmation: (id, o) => call('POST', `/api/disputes/${id}/confirmation`, { ...o }),
    articles: (q = {}, o) => call('GET', '/api/articles', { ...o, auth: false, query: { ...q } }),
    article: (id, o) => call('GET', `/api/articles/${id}`, { ...o, auth: false }),
    subscriptions: (o) => call('GET', '/api/me/subscriptions', { ...o }),
    reportSubscriptions: (accepted, o) => call('POST', '/api/me/subscriptions', { ...o, body: { accepted } }),
    withdrawPrivacy: (o) => call('DELETE', '/api/me/consents/privacy', { ...o }),
    followCase: (caseNumber, o) => call('POST', '/api/hearing-subscriptions', { ...o, body: { caseNumber } }),
    followedCases: (o) => call('GET', '/api/hearing-subscriptions', { ...o }),
    unfollowCase: async (id, o) => {
      await call('DELETE', `/api/hearing-subscriptions/${id}`, { ...o });
    },
  };
}

// The client every page uses, on the server of the current environment.
export const api: ApiClient = createApi({ baseUrl: () => env().apiBase });
