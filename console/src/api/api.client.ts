import { ref } from 'vue';
import type { ApiErrorBody, Me } from './types';

const TOKEN_KEY = 'fuyuan.console.token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const token = ref<string | null>(localStorage.getItem(TOKEN_KEY));
export const me = ref<Me | null>(null);

export function setToken(t: string | null): void {
  token.value = t;
  me.value = null;
  if (t) localStorage.setItem(TOKEN_KEY, t);
  else localStorage.removeItem(TOKEN_KEY);
}

export interface CallOptions {
  body?: unknown;
  // Sent as is (a calendar file), with its own content type.
  raw?: Blob;
  headers?: Record<string, string>;
}

async function send(method: string, path: string, o: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (token.value) headers.authorization = `Bearer ${token.value}`;
  let body: BodyInit | undefined;
  if (o.raw) body = o.raw;
  else if (o.body !== undefined) {
    body = JSON.stringify(o.body);
    headers['content-type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  if (res.ok) return res;
  let err: ApiErrorBody['error'] | undefined;
  try {
    err = ((await res.json()) as ApiErrorBody).error;
  } catch {
    err = undefined;
  }
  // A session that ended (expired, revoked, deactivated): back to the login page.
  if (res.status === 401) setToken(null);
  throw new ApiError(res.status, err?.code ?? 'HTTP', err?.message ?? `请求失败（${res.status}）`, err?.fields ?? {});
}

export async function call<T>(method: string, path: string, o: CallOptions = {}): Promise<T> {
  const res = await send(method, path, o);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

// The file name the server offers (RFC 5987 `filename*`, the Chinese one), else `fallback`.
export function offeredName(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) {
    try {
      return decodeURIComponent(star[1]!);
    } catch {
      // a malformed name: the plain one below
    }
  }
  return /filename="([^"]+)"/i.exec(cd)?.[1] ?? fallback;
}

// A file the server makes (an xlsx report): fetched with the session, then
// saved under the name the server gives it. Answers that name.
export async function download(path: string, fallbackName: string): Promise<string> {
  const res = await send('GET', path);
  const fileName = offeredName(res, fallbackName);
  const blob = await res.blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  return fileName;
}

// An answer that is not JSON (a chart, the printable 通报), fetched with the
// session; a refusal throws ApiError with the server's Chinese message.
export function fetchRaw(path: string): Promise<Response> {
  return send('GET', path);
}

export async function loadMe(): Promise<Me | null> {
  if (!token.value) return null;
  if (!me.value) me.value = await call<Me>('GET', '/api/me');
  return me.value;
}
