import type { Clock } from '../domain/clock';

// WeCom and WeChat access tokens last two hours and fetching them is rate
// limited, so one token is shared by every caller until shortly before it
// expires, and concurrent first callers share one request.
export interface AccessToken {
  get(): Promise<string>;
  // After an "invalid or expired token" answer the next get() fetches anew.
  // Naming the token that failed keeps a late caller from throwing away the
  // fresh one another caller has just fetched.
  invalidate(failed?: string): void;
}

// The token endpoint answered with an error code: the corp id, app id or
// secret is wrong, which no retry will mend.
export class AccessTokenError extends Error {
  constructor(
    readonly service: 'wecom' | 'wechat',
    readonly errcode: number | undefined,
    errmsg: string | undefined,
  ) {
    super(`${service} access token refused: errcode ${errcode ?? '?'} ${errmsg ?? ''}`.trim());
    this.name = 'AccessTokenError';
  }
}

export interface FetchedToken {
  token: string;
  expiresInS: number;
}

const REFRESH_MARGIN_MS = 5 * 60 * 1000;

export function createAccessTokenCache(fetchToken: () => Promise<FetchedToken>, clock: Clock): AccessToken {
  let cached: { token: string; expiresAt: number } | null = null;
  let inflight: Promise<string> | null = null;

  return {
    async get() {
      if (cached && cached.expiresAt > clock.now().getTime()) return cached.token;
      inflight ??= fetchToken()
        .then(({ token, expiresInS }) => {
          cached = { token, expiresAt: clock.now().getTime() + expiresInS * 1000 - REFRESH_MARGIN_MS };
          return token;
        })
        .finally(() => {
          inflight = null;
        });
      return inflight;
    },
    invalidate(failed) {
      if (failed === undefined || cached?.token === failed) cached = null;
    },
  };
}
