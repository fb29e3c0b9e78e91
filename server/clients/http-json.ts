// The one way this server calls WeChat and WeCom: JSON over fetch with a hard
// timeout, so a slow upstream can never hold a request or a job forever.

export class UpstreamError extends Error {
  constructor(
    message: string,
    readonly kind: 'network' | 'timeout' | 'status' | 'body',
    readonly status?: number,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}

export interface HttpJsonOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  timeoutMs?: number;
}

export async function httpJson<T = Record<string, unknown>>(url: string, opts: HttpJsonOptions = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
      headers: opts.body === undefined ? undefined : { 'content-type': 'application/json' },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
    });
  } catch (err) {
    const name = (err as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') throw new UpstreamError(`timeout calling ${redact(url)}`, 'timeout');
    // fetch names the whole URL in some messages ("Failed to parse URL from …?key=…"):
    // redact the message as a whole, not only the URL we put in front of it.
    throw new UpstreamError(redact(`cannot reach ${url}: ${(err as Error).message}`), 'network');
  }
  const text = await res.text().catch(() => '');
  if (!res.ok) throw new UpstreamError(`${redact(url)} answered HTTP ${res.status}`, 'status', res.status);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new UpstreamError(`${redact(url)} answered with a body that is not JSON`, 'body', res.status);
  }
}

// Secrets travel in query strings (secret, access_token, key); never log them.
export function redact(url: string): string {
  return url.replace(/([?&](?:secret|corpsecret|access_token|key|js_code|code|response_code)=)[^&\s"')]*/gi, '$1***');
}
