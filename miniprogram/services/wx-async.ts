// WeChat's callback APIs as Promises: the only file with success/fail
// callbacks; pages and services await these.

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface HttpResponse {
  status: number;
  data: unknown;
}

// No answer at all: no network, a refused connection, or the time ran out.
export class NetworkError extends Error {
  constructor(readonly timedOut: boolean, detail: string) {
    super(detail);
    this.name = 'NetworkError';
  }
}

export interface HttpRequest {
  url: string;
  method: HttpMethod;
  data?: unknown;
  header?: Record<string, string>;
  timeoutMs: number;
}

// wx.request with its own timeout, and a timer of ours as well: a request
// that WeChat never ends still ends here, a moment later.
export function httpRequest(req: HttpRequest): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    let done = false;
    let task: WechatMiniprogram.RequestTask | undefined;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => {
      finish(() => reject(new NetworkError(true, 'request:fail timeout')));
      task?.abort();
    }, req.timeoutMs + 1000);
    task = wx.request({
      url: req.url,
      method: req.method,
      data: req.data as WechatMiniprogram.IAnyObject | undefined,
      header: { 'content-type': 'application/json', ...req.header },
      timeout: req.timeoutMs,
      dataType: 'json',
      success: (res) => finish(() => resolve({ status: res.statusCode, data: res.data })),
      fail: (err) => finish(() => reject(new NetworkError(/time ?out/i.test(err.errMsg), err.errMsg))),
    });
  });
}

export function wxLogin(timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.login({
      timeout: timeoutMs,
      success: (res) => (res.code ? resolve(res.code) : reject(new NetworkError(false, res.errMsg))),
      fail: (err) => reject(new NetworkError(/time ?out/i.test(err.errMsg), err.errMsg)),
    });
  });
}

// The template ids the resident allowed ('accept'); refusals and failures give none.
export function requestSubscribe(tmplIds: string[]): Promise<string[]> {
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds,
      success: (res) => resolve(tmplIds.filter((id) => (res as Record<string, unknown>)[id] === 'accept')),
      fail: () => resolve([]),
    });
  });
}

export function showModal(opts: { title: string; content: string; confirmText?: string; cancelText?: string; showCancel?: boolean }): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({
      ...opts,
      success: (res) => resolve(res.confirm),
      fail: () => resolve(false),
    });
  });
}

function navigation(call: (o: { url: string; fail: () => void; success: () => void }) => void, url: string): Promise<void> {
  return new Promise((resolve) => call({ url, success: () => resolve(), fail: () => resolve() }));
}

export const navigateTo = (url: string) => navigation((o) => wx.navigateTo(o), url);
export const switchTab = (url: string) => navigation((o) => wx.switchTab(o), url);
