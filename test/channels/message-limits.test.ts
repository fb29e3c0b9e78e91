import assert from 'node:assert/strict';
import test from 'ava';
import fc from 'fast-check';
import { WecomWebhookChannel } from '../../server/channels/wecom-webhook/wecom-webhook.channel';
import { wecomAppChannel } from '../helpers/outbox.helper';
import { httpJson } from '../../server/clients/http-json';
import { fixedClock } from '../../server/domain/clock';
import { BYTE_LIMITS, byteLength, fitToChannel, MAX_PARTS, splitToBytes, trimToBytes } from '../../server/domain/outbox/message-limits';
import type { WecomAppMessage, WecomWebhookMessage, WxSubscribeMessage } from '../../server/domain/outbox/messages';
import { startFakeWecom } from '../fakes/wecom-api.fake';

// Long texts are cut to WeCom's byte limits without breaking a UTF-8 character
// or a grapheme (an emoji with its modifiers, a letter with its marks).

const WEBHOOK = BYTE_LIMITS['wecom-webhook'];
const NOTE = '\n…（内容过长，已截断，请在系统中查看全文）';
const MARKER = /^（(\d+)\/(\d+)）\n/;
const segmenter = new Intl.Segmenter('zh', { granularity: 'grapheme' });

// Offsets (UTF-16) at which a grapheme starts, and the end.
function graphemeBounds(s: string): Set<number> {
  const out = new Set<number>([s.length]);
  for (const { index } of segmenter.segment(s)) out.add(index);
  return out;
}

// Shrinking a 20 KB counterexample can take minutes of synchronous work: cap
// each property's time so that a failure is reported, not an ava timeout.
const runs = (numRuns: number) => ({ numRuns, interruptAfterTimeLimit: 20_000, markInterruptAsFailure: true });

const roundTrips = (s: string) => Buffer.from(s, 'utf8').toString('utf8') === s;

// Units that stress the cutting: emoji with skin tones and ZWJ, flags, CJK from
// the supplementary planes (surrogate pairs), combining marks, CRLF.
const tricky = fc.constantFrom(
  '👍🏽', '👩🏻‍⚕️', '👨‍👩‍👧‍👦', '🇨🇳', '🏳️‍🌈', 'e\u0301', 'a\u0308\u0323', '𠀀', '𪚥', '𰻞', '中', '调解', 'a', ' ', '\n', '\r\n', '。', 'ก\u0e33',
);
const stacked = fc
  .tuple(fc.constantFrom('a', '中', 'Z', '𠀀'), fc.array(fc.integer({ min: 0x300, max: 0x36f }), { maxLength: 12 }))
  .map(([base, marks]) => base + String.fromCodePoint(...marks));
const unit = fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), tricky, stacked);
const text = (maxLength: number) => fc.string({ unit, maxLength, size: 'max' });

// Everything splitToBytes promises, checked against one input.
function checkSplit(s: string, limit: number): void {
  const parts = splitToBytes(s, limit);
  if (byteLength(s) <= limit) return assert.deepEqual(parts, [s]);
  assert.ok(parts.length >= 1 && parts.length <= MAX_PARTS, `${parts.length} parts`);
  const bodies = parts.map((p, i) => {
    assert.ok(byteLength(p) <= limit, `part ${i + 1} has ${byteLength(p)} bytes > ${limit}`);
    assert.ok(roundTrips(p), `part ${i + 1} is not valid UTF-8`);
    const m = MARKER.exec(p);
    assert.ok(m, `part ${i + 1} has no marker`);
    assert.deepEqual([Number(m[1]), Number(m[2])], [i + 1, parts.length]);
    return p.slice(m[0].length);
  });
  const joined = bodies.join('');
  let kept = joined;
  if (joined !== s) {
    assert.ok(joined.endsWith(NOTE), 'a part was lost without the trimmed note');
    kept = joined.slice(0, -NOTE.length);
    bodies[bodies.length - 1] = bodies.at(-1)!.slice(0, -NOTE.length);
    assert.ok(s.startsWith(kept) && kept.length < s.length, 'what is kept is not the start of the text');
  }
  const bounds = graphemeBounds(s);
  let offset = 0;
  for (const body of bodies) {
    offset += body.length;
    assert.ok(bounds.has(offset), `a part ends inside a grapheme at ${offset}`);
  }
}

test('split parts fit the limit, are valid UTF-8, never cut a grapheme and join back (small limits)', (t) => {
  fc.assert(fc.property(text(600), fc.integer({ min: 100, max: 700 }), checkSplit), runs(400));
  t.pass();
});

test('split parts hold for long texts up to ~20 KB at the real text and markdown limits', (t) => {
  fc.assert(fc.property(text(6000), fc.constantFrom(WEBHOOK.text, WEBHOOK.markdown), checkSplit), runs(40));
  t.pass();
});

test('a text without line breaks that fits in MAX_PARTS parts is split, never trimmed', (t) => {
  // The largest grapheme of `tricky` has 25 bytes, so every part but the last
  // carries at least budget − 24 bytes: five parts hold 10,000 bytes for sure.
  const oneLine = tricky.filter((u) => !u.includes('\n'));
  fc.assert(
    fc.property(fc.array(oneLine, { minLength: 700, maxLength: 4000, size: 'max' }), (units) => {
      let s = '';
      for (const u of units) {
        if (byteLength(s + u) > 10_000) break;
        s += u;
      }
      const parts = splitToBytes(s, WEBHOOK.text);
      assert.equal(parts.map((p) => p.replace(MARKER, '')).join(''), s);
      checkSplit(s, WEBHOOK.text);
    }),
    runs(60),
  );
  t.pass();
});

test('trimToBytes never exceeds the limit, keeps whole graphemes and keeps as much as fits', (t) => {
  fc.assert(
    fc.property(text(800), fc.integer({ min: 0, max: 3000 }), fc.boolean(), (s, limit, withNote) => {
      const note = withNote ? NOTE : '';
      fc.pre(limit >= byteLength(note));
      const out = trimToBytes(s, limit, note);
      assert.ok(byteLength(out) <= limit);
      assert.ok(roundTrips(out));
      if (byteLength(s) <= limit) return assert.equal(out, s);
      assert.ok(out.endsWith(note));
      const kept = out.slice(0, out.length - note.length);
      assert.ok(s.startsWith(kept) && graphemeBounds(s).has(kept.length));
      const next = [...segmenter.segment(s.slice(kept.length))][0]!.segment;
      assert.ok(byteLength(kept + next + note) > limit, 'one more grapheme would have fitted');
    }),
    runs(500),
  );
  t.pass();
});

test('a single grapheme larger than a part still yields a message within the limit', (t) => {
  const giant = 'a' + '\u0301'.repeat(1100); // 2201 bytes in one grapheme
  for (const s of [giant, '前言'.repeat(100) + giant + '后记']) {
    const parts = splitToBytes(s, WEBHOOK.text);
    t.true(parts.length >= 1);
    t.true(parts.every((p) => byteLength(p) <= WEBHOOK.text && roundTrips(p)));
    t.true(parts.at(-1)!.endsWith(NOTE));
    const fitted = fitToChannel('wecom-webhook', { msgtype: 'text', content: s });
    t.true(fitted.length >= 1);
    t.true(fitted.every((m) => m.msgtype === 'text' && byteLength(m.content) <= WEBHOOK.text));
  }
});

test('fitToChannel mentions people only on the first part of a long webhook text', (t) => {
  const content = '第一段调解意见。'.repeat(150) + '\n' + '第二段。'.repeat(300); // > 2048 bytes
  const parts = fitToChannel('wecom-webhook', { msgtype: 'text', content, mentionedList: ['wangqing', '@all'], mentionedMobileList: ['13800001111'] });
  t.true(parts.length > 1);
  t.like(parts[0], { msgtype: 'text', mentionedList: ['wangqing', '@all'], mentionedMobileList: ['13800001111'] });
  for (const p of parts.slice(1)) t.deepEqual(Object.keys(p).sort(), ['content', 'msgtype']);
  t.true(parts.every((p) => p.msgtype === 'text' && byteLength(p.content) <= WEBHOOK.text));
});

const limitCases: Array<{ title: string; message: WecomWebhookMessage; parts: number }> = [
  { title: 'text of exactly 2048 bytes stays whole', message: { msgtype: 'text', content: 'a'.repeat(2048) }, parts: 1 },
  { title: 'text of 2049 bytes is split', message: { msgtype: 'text', content: 'a'.repeat(2049) }, parts: 2 },
  { title: 'markdown of 4000 bytes stays whole (limit 4096)', message: { msgtype: 'markdown', content: '## 通知\n' + '调'.repeat(1330) }, parts: 1 },
  { title: 'markdown of 4097 bytes is split', message: { msgtype: 'markdown', content: 'b'.repeat(4097) }, parts: 2 },
  { title: 'an image passes unchanged', message: { msgtype: 'image', base64: 'x'.repeat(9000), md5: '0'.repeat(32) }, parts: 1 },
];
for (const c of limitCases) {
  test(`fitToChannel wecom-webhook: ${c.title}`, (t) => {
    const out = fitToChannel('wecom-webhook', c.message);
    t.is(out.length, c.parts);
    if (c.parts === 1) t.is(out[0], c.message);
    const limit = c.message.msgtype === 'image' ? Infinity : WEBHOOK[c.message.msgtype];
    t.true(out.every((m) => m.msgtype === c.message.msgtype && (m.msgtype === 'image' || byteLength(m.content) <= limit)));
  });
}

test('fitToChannel passes wx-subscribe messages unchanged and splits wecom-app texts', (t) => {
  const APP = BYTE_LIMITS['wecom-app'];
  const sub: WxSubscribeMessage = { template: 'dispute_reply', data: { content: '长'.repeat(5000) } };
  t.deepEqual(fitToChannel('wx-subscribe', sub), [sub]);
  t.is(fitToChannel('wx-subscribe', sub)[0], sub);
  const app = fitToChannel('wecom-app', { msgtype: 'text', content: '通'.repeat(1000) });
  t.true(app.length > 1 && app.every((m) => byteLength(m.content) <= APP.text));
});

test('a 10 KB Chinese text split by fitToChannel is accepted part by part by the webhook', async (t) => {
  const clock = fixedClock('2026-11-26T02:00:00.000Z');
  const fake = await startFakeWecom({ clock });
  try {
    const key = 'c0ffee00-1111-4bc4-97a0-0ec2b1fa5aaa';
    fake.registerWebhook(key);
    const channel = new WecomWebhookChannel({ apiBase: fake.url }, httpJson);
    const lines = Array.from({ length: 120 }, (_, i) => `第${i + 1}条：请于本周五前到街道调解室领取调解协议书。`);
    let content = lines.join('\n');
    while (byteLength(content) < 10 * 1024) content += '办';
    // Sent whole, WeCom refuses it: the limit is real in the fake.
    t.like(await channel.send(key, { msgtype: 'text', content }), { ok: false, retry: false });
    const parts = fitToChannel('wecom-webhook', { msgtype: 'text', content, mentionedList: ['@all'] });
    t.true(parts.length > 1 && parts.length <= MAX_PARTS);
    for (const part of parts) t.deepEqual(await channel.send(key, part), { ok: true });
    const accepted = fake.webhookMessages(key);
    t.is(accepted.length, parts.length);
    t.deepEqual(accepted.map((b) => b.text.content), parts.map((p) => (p.msgtype === 'text' ? p.content : '')));
    t.deepEqual(accepted[0]!.text.mentioned_list, ['@all']);
    t.true(accepted.slice(1).every((b) => b.text.mentioned_list === undefined));
  } finally {
    await fake.close();
  }
});

// WeCom's documented limits, by channel and kind: the app takes 2048 bytes of
// markdown where the group robot takes 4096.
const byChannel: Array<{ channel: 'wecom-webhook' | 'wecom-app'; msgtype: 'text' | 'markdown'; limit: number }> = [
  { channel: 'wecom-webhook', msgtype: 'text', limit: 2048 },
  { channel: 'wecom-webhook', msgtype: 'markdown', limit: 4096 },
  { channel: 'wecom-app', msgtype: 'text', limit: 2048 },
  { channel: 'wecom-app', msgtype: 'markdown', limit: 2048 },
];
for (const c of byChannel) {
  test(`fitToChannel ${c.channel} ${c.msgtype}: ${c.limit} bytes stay whole, ${c.limit + 3} are split into parts of at most ${c.limit}`, (t) => {
    t.is(BYTE_LIMITS[c.channel][c.msgtype] as number, c.limit);
    const limit: number = c.limit;
    const whole = { msgtype: c.msgtype, content: '调'.repeat(limit / 4) + 'a'.repeat(limit - (limit / 4) * 3) };
    t.is(byteLength(whole.content), c.limit);
    t.deepEqual(fitToChannel(c.channel, whole), [whole]);
    const over = { msgtype: c.msgtype, content: whole.content + '解' };
    const parts = fitToChannel(c.channel, over) as WecomAppMessage[];
    t.is(parts.length, 2);
    t.true(parts.every((p) => p.msgtype === c.msgtype && byteLength(p.content) <= c.limit));
  });
}

test('a 3000-byte markdown card to one person goes through the app in parts the app accepts; whole, it is refused', async (t) => {
  const clock = fixedClock('2026-11-26T02:00:00.000Z');
  const fake = await startFakeWecom({ clock });
  try {
    fake.registerUsers('liuguilan');
    const channel = wecomAppChannel(fake, clock);
    const content = ['**居民留言汇总**', ...Array.from({ length: 40 }, (_, i) => `> ${i + 1}. 楼上漏水已经三天，物业一直没有来人处理。`)].join('\n');
    t.true(byteLength(content) > 2048 && byteLength(content) <= 4096, `${byteLength(content)} bytes: under the robot's limit, over the app's`);
    t.like(await channel.send('liuguilan', { msgtype: 'markdown', content }), { ok: false, retry: false });
    const parts = fitToChannel('wecom-app', { msgtype: 'markdown', content });
    t.true(parts.length > 1);
    for (const part of parts) t.deepEqual(await channel.send('liuguilan', part), { ok: true });
    t.deepEqual(fake.appMessages().map((m) => m.markdown.content), parts.map((p) => p.content));
  } finally {
    await fake.close();
  }
});
