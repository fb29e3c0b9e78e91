import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import test, { type ExecutionContext } from 'ava';
import type { SendOutcome } from '../../server/channels/channel';
import { WecomWebhookChannel } from '../../server/channels/wecom-webhook/wecom-webhook.channel';
import { httpJson } from '../../server/clients/http-json';
import { fixedClock } from '../../server/domain/clock';
import type { WecomWebhookMessage } from '../../server/domain/outbox/messages';
import type { Failure } from '../fakes/fake-server';
import { startFakeWecom, type FakeWecom } from '../fakes/wecom-api.fake';

// The group-robot channel against a fake qyapi.weixin.qq.com: one POST per
// send in the documented shape, and every failure sorted into retry or stop.

const SEND = 'POST /cgi-bin/webhook/send';
const KEY = '693a91f6-7c1b-4bc4-97a0-0ec2b1fa5aaa';
const MINUTE = 60_000;

type Clock = ReturnType<typeof fixedClock>;
interface Setup {
  fake: FakeWecom;
  clock: Clock;
  channel: WecomWebhookChannel;
}

async function withWebhook(fn: (s: Setup) => Promise<void>, cfg: { apiBase?: string; timeoutMs?: number } = {}) {
  const clock = fixedClock('2026-11-26T02:00:00.000Z');
  const fake = await startFakeWecom({ clock });
  fake.registerWebhook(KEY);
  try {
    await fn({ fake, clock, channel: new WecomWebhookChannel({ apiBase: cfg.apiBase ?? fake.url, timeoutMs: cfg.timeoutMs }, httpJson) });
  } finally {
    await fake.close();
  }
}

// A real 2×2 RGB PNG: signature, IHDR, IDAT, IEND, each chunk with its CRC.
function tinyPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([len, typed, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const rows = Buffer.from([0, 0xc8, 0x10, 0x2e, 0xff, 0xff, 0xff, 0, 0xff, 0xff, 0xff, 0xc8, 0x10, 0x2e]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
const png = tinyPng();
const pngBase64 = png.toString('base64');
const pngMd5 = createHash('md5').update(png).digest('hex');

const deliveries: Array<{ title: string; message: WecomWebhookMessage; wire: Record<string, unknown> }> = [
  {
    title: 'text with mentioned_list and mentioned_mobile_list',
    message: { msgtype: 'text', content: '【开庭提醒】(2026)京0105民初123号 明日9:00开庭', mentionedList: ['wangqing', '@all'], mentionedMobileList: ['13800001111'] },
    wire: { msgtype: 'text', text: { content: '【开庭提醒】(2026)京0105民初123号 明日9:00开庭', mentioned_list: ['wangqing', '@all'], mentioned_mobile_list: ['13800001111'] } },
  },
  {
    title: 'text without mentions carries no empty lists',
    message: { msgtype: 'text', content: '纠纷 TJ-42 已受理', mentionedList: [], mentionedMobileList: [] },
    wire: { msgtype: 'text', text: { content: '纠纷 TJ-42 已受理' } },
  },
  {
    title: 'markdown',
    message: { msgtype: 'markdown', content: '### 调解提醒\n> 当事人：<font color="warning">张三</font>\n[查看](https://example.gov.cn/d/42)' },
    wire: { msgtype: 'markdown', markdown: { content: '### 调解提醒\n> 当事人：<font color="warning">张三</font>\n[查看](https://example.gov.cn/d/42)' } },
  },
  {
    title: 'image as base64 with the md5 of the PNG bytes',
    message: { msgtype: 'image', base64: pngBase64, md5: pngMd5 },
    wire: { msgtype: 'image', image: { base64: pngBase64, md5: pngMd5 } },
  },
];

for (const d of deliveries) {
  test(`${d.title} is delivered once in the documented shape`, (t) =>
    withWebhook(async ({ fake, channel }) => {
      t.deepEqual(await channel.send(KEY, d.message), { ok: true });
      const calls = fake.callsTo(SEND);
      t.is(calls.length, 1);
      const call = calls[0]!;
      t.is(call.path, '/cgi-bin/webhook/send');
      t.deepEqual(call.query, { key: KEY });
      t.regex(String(call.headers['content-type']), /^application\/json/);
      t.deepEqual(call.body, d.wire);
      t.deepEqual(call.answer, { errcode: 0, errmsg: 'ok' });
      t.deepEqual(fake.webhookMessages(KEY), [d.wire]);
    }));
}

test('the PNG is a real one and the fake checks the md5 against it', (t) =>
  withWebhook(async ({ fake, channel }) => {
    t.deepEqual([...png.subarray(1, 4)], [...Buffer.from('PNG')]);
    const wrongMd5 = await channel.send(KEY, { msgtype: 'image', base64: pngBase64, md5: createHash('md5').update('other').digest('hex') });
    t.like(wrongMd5, { ok: false, retry: false });
    t.deepEqual(fake.webhookMessages(KEY), []);
  }));

interface FailureCase {
  title: string;
  failure?: Failure;
  key?: string;
  timeoutMs?: number;
  apiBase?: string;
  expect: { retry: boolean; error: RegExp; minRetryAfterMs?: number; calls: number };
}

const failures: FailureCase[] = [
  { title: '93000 (unknown key) is permanent', key: 'd0e5c0de-0000-4000-8000-000000000000', expect: { retry: false, error: /93000/, calls: 1 } },
  { title: '45009 (frequency limit) is transient, after a minute', failure: { errcode: 45009, errmsg: 'api freq out of limit' }, expect: { retry: true, error: /45009/, minRetryAfterMs: MINUTE, calls: 1 } },
  { title: '-1 (system busy) is transient', failure: { errcode: -1, errmsg: 'system error' }, expect: { retry: true, error: /errcode -1/, calls: 1 } },
  { title: '40058 (malformed message) is permanent', failure: { errcode: 40058 }, expect: { retry: false, error: /40058/, calls: 1 } },
  { title: 'HTTP 502 from a gateway is transient', failure: { status: 502 }, expect: { retry: true, error: /HTTP 502/, calls: 1 } },
  { title: 'a non-JSON body is transient', failure: { raw: '<html>upstream error</html>' }, expect: { retry: true, error: /not JSON/, calls: 1 } },
  { title: 'a connection reset is transient', failure: { reset: true }, expect: { retry: true, error: /cannot reach/, calls: 1 } },
  { title: 'an answer slower than timeoutMs is transient', failure: { delayMs: 20_000 }, timeoutMs: 1_000, expect: { retry: true, error: /timeout/, calls: 1 } },
  { title: 'a malformed WECOM_API_BASE is transient', apiBase: 'http://127.0.0.1:99999', expect: { retry: true, error: /cannot reach/, calls: 0 } },
];

function assertFailed(t: ExecutionContext, outcome: SendOutcome, e: FailureCase['expect'], key: string) {
  if (outcome.ok) return t.fail('the send should have failed');
  t.is(outcome.retry, e.retry);
  t.regex(outcome.error, e.error);
  if (e.minRetryAfterMs !== undefined) t.true((outcome.retryAfterMs ?? 0) >= e.minRetryAfterMs);
  // The key is the robot's only credential: it must never reach a log or the outbox row.
  t.false(outcome.error.includes(key), `the key leaked: ${outcome.error}`);
  t.false(JSON.stringify(outcome).includes(key));
}

for (const c of failures) {
  test(c.title, (t) =>
    withWebhook(
      async ({ fake, channel }) => {
        const key = c.key ?? KEY;
        // A warm connection first, so that a short timeout measures the answer, not the connecting.
        if (c.timeoutMs) {
          const patient = new WecomWebhookChannel({ apiBase: fake.url }, httpJson);
          t.deepEqual(await patient.send(KEY, { msgtype: 'text', content: '预热' }), { ok: true });
        }
        const before = fake.callsTo(SEND).length;
        const accepted = fake.webhookMessages(KEY).length;
        if (c.failure) fake.failNext(SEND, c.failure);
        const started = performance.now();
        const outcome = await channel.send(key, { msgtype: 'text', content: '提醒' });
        assertFailed(t, outcome, c.expect, key);
        t.is(fake.callsTo(SEND).length - before, c.expect.calls);
        t.is(fake.webhookMessages(KEY).length, accepted);
        if (c.timeoutMs) t.true(performance.now() - started < 10_000, 'the timeout did not cut the wait short');
        // The failure was the fake's, not the channel's: the next send goes through.
        if (c.failure) t.deepEqual(await channel.send(key, { msgtype: 'text', content: '提醒' }), { ok: true });
      },
      { timeoutMs: c.timeoutMs, apiBase: c.apiBase },
    ));
}

test('the 21st message within a minute meets a real 45009 and goes through after the minute', (t) =>
  withWebhook(async ({ fake, clock, channel }) => {
    for (let i = 1; i <= 20; i++) t.deepEqual(await channel.send(KEY, { msgtype: 'text', content: `第${i}条` }), { ok: true });
    const outcome = await channel.send(KEY, { msgtype: 'text', content: '第21条' });
    assertFailed(t, outcome, { retry: true, error: /45009/, minRetryAfterMs: MINUTE, calls: 21 }, KEY);
    t.is(fake.webhookMessages(KEY).length, 20);
    clock.advance(outcome.ok ? 0 : outcome.retryAfterMs!);
    t.deepEqual(await channel.send(KEY, { msgtype: 'text', content: '第21条' }), { ok: true });
    t.is(fake.webhookMessages(KEY).length, 21);
  }));
