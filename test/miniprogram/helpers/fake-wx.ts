// A stand-in for the `wx` global: storage, toasts, navigation and modals
// recorded; wx.request handed to a transport (a fake API or the real server);
// wx.login and wx.requestSubscribeMessage answering as the test says.

export interface WxRequest {
  method: string;
  url: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization: string | undefined;
  timeoutMs: number | undefined;
}

export interface WxReply {
  status: number;
  data: unknown;
}

// What a transport returns for a request that never gets an answer.
export const NO_ANSWER = Symbol('no answer');
// For a request that WeChat itself never ends, not even at its timeout.
export const NEVER_ENDS = Symbol('never ends');

type Answer = WxReply | typeof NO_ANSWER | typeof NEVER_ENDS;
export type Transport = (req: WxRequest) => Answer | Promise<Answer>;

export interface FakeWx {
  storage: Map<string, unknown>;
  requests: WxRequest[];
  toasts: string[];
  navigations: string[];
  modals: string[];
  subscribeRequests: string[][];
  // The numbers wx.makePhoneCall was asked to dial.
  phoneCalls: string[];
  logins: number;
  inflight: number;
  pullDownStops: number;
  // What the resident answers.
  modalAnswer: boolean;
  subscribeAnswer: 'accept' | 'reject';
  // The code wx.login gives; with the server's development login, the code is the person.
  loginCode: (n: number) => string;
  transport: Transport;
}

type Callbacks = { success?: (r: unknown) => void; fail?: (e: { errMsg: string }) => void; complete?: () => void };

export function installFakeWx(transport: Transport): FakeWx {
  const fake: FakeWx = {
    storage: new Map(), requests: [], toasts: [], navigations: [], modals: [], subscribeRequests: [], phoneCalls: [],
    logins: 0, inflight: 0, pullDownStops: 0, modalAnswer: true, subscribeAnswer: 'accept', loginCode: (n) => `code-${n}`, transport,
  };
  const later = (fn: () => void) => setTimeout(fn, 0);
  const g = globalThis as unknown as { wx?: Record<string, unknown> };
  g.wx = Object.assign(g.wx ?? {}, {
    getStorageSync: (k: string) => (fake.storage.has(k) ? structuredClone(fake.storage.get(k)) : ''),
    setStorageSync: (k: string, v: unknown) => void fake.storage.set(k, structuredClone(v)),
    removeStorageSync: (k: string) => void fake.storage.delete(k),
    getAccountInfoSync: () => ({ miniProgram: { appId: 'wx-test', envVersion: 'develop', version: '' } }),
    showToast: (o: { title: string }) => void fake.toasts.push(o.title),
    hideToast: () => undefined,
    showLoading: () => undefined,
    hideLoading: () => undefined,
    pageScrollTo: () => undefined,
    setNavigationBarTitle: () => undefined,
    stopPullDownRefresh: () => void fake.pullDownStops++,
    navigateTo: (o: { url: string } & Callbacks) => {
      fake.navigations.push(o.url);
      later(() => o.success?.({ errMsg: 'navigateTo:ok' }));
    },
    switchTab: (o: { url: string } & Callbacks) => {
      fake.navigations.push(o.url);
      later(() => o.success?.({ errMsg: 'switchTab:ok' }));
    },
    showModal: (o: { content: string } & Callbacks) => {
      fake.modals.push(o.content);
      later(() => o.success?.({ confirm: fake.modalAnswer, cancel: !fake.modalAnswer, errMsg: 'showModal:ok' }));
    },
    makePhoneCall: (o: { phoneNumber: string } & Callbacks) => {
      fake.phoneCalls.push(o.phoneNumber);
      later(() => o.success?.({ errMsg: 'makePhoneCall:ok' }));
    },
    login: (o: Callbacks) => {
      fake.logins++;
      later(() => o.success?.({ code: fake.loginCode(fake.logins), errMsg: 'login:ok' }));
    },
    requestSubscribeMessage: (o: { tmplIds: string[] } & Callbacks) => {
      fake.subscribeRequests.push([...o.tmplIds]);
      const answer = Object.fromEntries(o.tmplIds.map((id) => [id, fake.subscribeAnswer]));
      later(() => o.success?.({ ...answer, errMsg: 'requestSubscribeMessage:ok' }));
    },
    request: (o: { url: string; method?: string; data?: unknown; header?: Record<string, string>; timeout?: number } & Callbacks) => {
      const url = new URL(o.url);
      const req: WxRequest = {
        method: o.method ?? 'GET', url: o.url, path: url.pathname, query: Object.fromEntries(url.searchParams),
        body: o.data, authorization: o.header?.Authorization, timeoutMs: o.timeout,
      };
      fake.requests.push(req);
      fake.inflight++;
      let ended = false;
      const end = (fn: () => void) => {
        if (ended) return;
        ended = true;
        fake.inflight--;
        fn();
      };
      Promise.resolve()
        .then(() => fake.transport(req))
        .then(
          (reply) => {
            if (reply === NEVER_ENDS) return;
            if (reply === NO_ANSWER) {
              setTimeout(() => end(() => o.fail?.({ errMsg: 'request:fail timeout' })), o.timeout ?? 60000);
              return;
            }
            later(() => end(() => o.success?.({ statusCode: reply.status, data: reply.data, header: {}, errMsg: 'request:ok' })));
          },
          (err: Error) => later(() => end(() => o.fail?.({ errMsg: `request:fail ${err.message}` }))),
        );
      return { abort: () => end(() => o.fail?.({ errMsg: 'request:fail abort' })), onHeadersReceived: () => undefined };
    },
  });
  return fake;
}

// Waits until no request is in flight and the page has had time to render.
export async function settle(fake: FakeWx): Promise<void> {
  let idle = 0;
  for (let i = 0; i < 200 && idle < 3; i++) {
    await new Promise((r) => setTimeout(r, 1));
    idle = fake.inflight === 0 ? idle + 1 : 0;
  }
}
