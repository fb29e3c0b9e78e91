import pino from 'pino';
import type { Channel } from '../../server/channels/channel';
import { ConsoleChannel } from '../../server/channels/console/console.channel';
import { WecomAppChannel } from '../../server/channels/wecom-app/wecom-app.channel';
import { WecomWebhookChannel } from '../../server/channels/wecom-webhook/wecom-webhook.channel';
import { DEFAULT_LAYOUTS } from '../../server/channels/wx-subscribe/subscribe-templates';
import { WxSubscribeChannel } from '../../server/channels/wx-subscribe/wx-subscribe.channel';
import { httpJson } from '../../server/clients/http-json';
import { createWechatAccessToken } from '../../server/clients/wechat-access-token';
import { createWecomAccessToken } from '../../server/clients/wecom-access-token';
import type { Clock } from '../../server/domain/clock';
import type { ChannelName, SubscribeTemplate } from '../../server/domain/outbox/messages';
import { runOutboxTick, type TickResult } from '../../server/jobs/outbox-sender.job';
import type { FakeWechat } from '../fakes/wechat-api.fake';
import type { FakeWecom } from '../fakes/wecom-api.fake';
import type { TestDb } from './databases';

// The outbox sender as the server runs it, with the real channels posting to
// the fake WeCom, and quiet console channels for what a test does not watch.

// The self-built app's messages (agent 1000002), its access token judged on `clock`.
export const wecomAppChannel = (wecom: FakeWecom, clock: Clock, timeoutMs?: number) => new WecomAppChannel(
  { apiBase: wecom.url, agentId: '1000002', timeoutMs },
  createWecomAccessToken({ apiBase: wecom.url, corpId: wecom.corpId, secret: wecom.secret }, clock),
  httpJson,
);

// Group robots and the app, both on the fake WeCom.
export const wecomChannels = (wecom: FakeWecom, clock: Clock) => ({
  'wecom-webhook': new WecomWebhookChannel({ apiBase: wecom.url }, httpJson),
  'wecom-app': wecomAppChannel(wecom, clock),
});

// Subscribe messages through the fake WeChat: each named template under the id
// the test registered with the fake, laid out as the server lays it out by default.
export const wxSubscribeChannel = (wechat: FakeWechat, clock: Clock, ids: Partial<Record<SubscribeTemplate, string>>) => new WxSubscribeChannel(
  { apiBase: wechat.url, templates: Object.fromEntries(Object.entries(ids).map(([name, id]) => [name, { id, layout: DEFAULT_LAYOUTS[name as SubscribeTemplate] }])) },
  createWechatAccessToken({ apiBase: wechat.url, appId: wechat.appId, secret: wechat.secret }, clock),
  httpJson,
);

// Channels that print to nowhere: rows sent through them count as sent.
export const quietChannels = (...names: ChannelName[]): Record<string, Channel> =>
  Object.fromEntries(names.map((name) => [name, new ConsoleChannel(name, () => {})]));

// One sender pass at the clock's now.
export function tickOutbox(db: TestDb, clock: Clock, channels: Record<string, Channel>, maxAttempts = 5): Promise<TickResult> {
  return runOutboxTick({ db: db.ds, clock, logger: pino({ level: 'silent' }), channels, maxAttempts }, clock.now());
}

// One sender pass that must deliver everything it picks up: nothing failed, nothing left to retry.
export async function tickCleanly(t: { is(actual: unknown, expected: unknown, message?: string): void }, db: TestDb, clock: Clock, channels: Record<string, Channel>): Promise<TickResult> {
  const r = await tickOutbox(db, clock, channels);
  t.is(r.failed + r.retrying, 0, `tick: ${JSON.stringify(r)}`);
  return r;
}
