import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import pino from 'pino';
import { createDevWechatAuthClient, type WechatAuthClient } from '../../server/clients/wechat-auth.client';
import type { WecomAuthClient } from '../../server/clients/wecom-auth.client';
import { fixedClock } from '../../server/domain/clock';
import { TEST_NOW } from './test-now';
import { createPersonalDataCipher } from '../../server/domain/personal-data';
import { createConversation, type Conversation } from '../../bot/conversation';
import { createInboundText } from '../../bot/inbound-text';
import { createApp, type AppDeps } from '../../server/http/app';
import { weekendsOnlySource } from './calendar.helper';
import { createServices, type ServiceDeps, type Services } from '../../server/services';
import type { TestDb } from './databases';

// A real Koa server on a loopback port over a real database: what a test
// sends is what a phone or a WeCom server would send.

export interface Harness {
  url: string;
  adminToken: string;
  services: Services;
  clock: ReturnType<typeof fixedClock>;
  pii: ReturnType<typeof createPersonalDataCipher>;
  logLines: Array<Record<string, unknown>>;
  request(method: string, path: string, opts?: RequestOpts): Promise<Reply>;
  close(): Promise<void>;
}

export interface RequestOpts {
  token?: string | null;
  body?: unknown;
  // Sent as is, for malformed bodies.
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // Parsed JSON, or undefined when the body was not JSON.
  body: any;
}

export async function startHarness(
  db: TestDb,
  opts: {
    wechat?: WechatAuthClient;
    wecom?: WecomAuthClient | null;
    now?: string;
    bodyLimitBytes?: number;
    // The WeCom callbacks to mount; their timestamps are judged by the harness clock unless `now` is given.
    wecomCallbacks?: AppDeps['wecom'];
    conversation?: Conversation;
    kickOutbox?: () => void;
    // The Wechaty bot's rooms, as when the bot runs in the server's process.
    rooms?: ServiceDeps['rooms'];
    // The personal-data cipher (default: a fresh random key), e.g. a key ring after a restart.
    pii?: ReturnType<typeof createPersonalDataCipher>;
    // Weekends only, every year covered, unless a test brings its own.
    calendar?: ServiceDeps['calendar'];
    reminders?: ServiceDeps['reminders'];
    // Development login (the console's demo people); off unless a test turns it on.
    devLogin?: boolean;
    // WECOM_CORP_ID: the console's login page then offers WeCom OAuth (with `wecom`).
    wecomCorpId?: string;
    // The built console (console/dist) to serve at /console/.
    consoleDir?: string;
    // The court's litigation-service phone (COURT_SERVICE_PHONE), default the placeholder.
    court?: ServiceDeps['court'];
    // The categories' newest articles, remembered (e.g. on a timer the test moves).
    newestArticles?: ServiceDeps['newestArticles'];
  } = {},
): Promise<Harness> {
  const adminToken = randomBytes(24).toString('base64url');
  const clock = fixedClock(opts.now ?? TEST_NOW);
  const pii = opts.pii ?? createPersonalDataCipher(randomBytes(32));
  const services = createServices({
    db: db.ds, clock, pii, adminToken,
    sessionTtlHours: 24, apiTokenTtlDays: 365,
    wechat: opts.wechat ?? createDevWechatAuthClient(),
    wecom: opts.wecom ?? null,
    devLogin: opts.devLogin,
    wecomCorpId: opts.wecomCorpId,
    rooms: opts.rooms,
    calendar: opts.calendar ?? weekendsOnlySource(),
    reminders: opts.reminders,
    court: opts.court,
    newestArticles: opts.newestArticles,
  });
  const logLines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => logLines.push(JSON.parse(line)) });
  const app = createApp({
    db: db.ds, services, logger, bodyLimitBytes: opts.bodyLimitBytes ?? 64 * 1024,
    consoleDir: opts.consoleDir,
    wecom: opts.wecomCallbacks && { now: () => clock.now(), ...opts.wecomCallbacks },
    // The same inbound path and core production wires in server/wiring.ts, unless the test brings its own core.
    inbound: createInboundText({
      db: db.ds, services, logger, now: () => clock.now(), kickOutbox: opts.kickOutbox ?? (() => {}),
      conversation: opts.conversation ?? createConversation({ services, now: () => clock.now() }),
    }),
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url, adminToken, services, clock, pii, logLines,
    async request(method, path, o = {}) {
      const headers: Record<string, string> = { ...(o.headers ?? {}) };
      if (o.token) headers.authorization = `Bearer ${o.token}`;
      let body: string | Buffer | undefined;
      if (o.rawBody !== undefined) body = o.rawBody;
      else if (o.body !== undefined) {
        body = JSON.stringify(o.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(url + path, { method, headers, body });
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: res.status, headers: res.headers, text, body: parsed };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
