import pino from 'pino';
import type { Channel } from '../../server/channels/channel';
import { ConsoleChannel } from '../../server/channels/console/console.channel';
import { WecomAppChannel } from '../../server/channels/wecom-app/wecom-app.channel';
import { WecomWebhookChannel } from '../../server/channels/wecom-webhook/wecom-webhook.channel';
import { httpJson } from '../../server/clients/http-json';
import { createWecomAccessToken } from '../../server/clients/wecom-access-token';
import type { Clock } from '../../server/domain/clock';
import type { ChannelName } from '../../server/domain/outbox/messages';
import { runOutboxTick, type TickResult } from '../../server/jobs/outbox-sender.job';
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

// Channels that print to nowhere: rows sent through them count as sent.
export const quietChannels = (...names: ChannelName[]): Record<string, Channel> =>
  Object.fromEntries(names.map((name) => [name, new ConsoleChannel(name, () => {})]));

// One sender pass at the clock's now.
export function tickOutbox(db: TestDb, clock: Clock, channels: Record<string, Channel>, maxAttempts = 5): Promise<TickResult> {
  return runOutboxTick({ db: db.ds, clock, logger: pino({ level: 'silent' }), channels, maxAttempts }, clock.now());
}
