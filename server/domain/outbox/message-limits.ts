import { staff } from '../../texts/staff.texts';
import type { ChannelName, ChannelMessages } from './messages';

// WeCom's limits on a message's content, in UTF-8 bytes, by channel and kind
// (WeCom's documentation: 群机器人配置说明 — text 2048, markdown 4096, over it
// errcode 40058; 发送应用消息 — text and markdown 2048 each, a longer text cut
// off). A long message is split into numbered parts at line ends where it can
// be, never inside a character, and a message too long even for MAX_PARTS is
// trimmed with a note, so a reminder is never silently lost to a length error.

export const BYTE_LIMITS = {
  'wecom-webhook': { text: 2048, markdown: 4096 },
  'wecom-app': { text: 2048, markdown: 2048 },
  // The intelligent robot's one answer to a response_url: cut, never split.
  'wecom-bot-reply': { markdown: 4096 },
} as const;
export const MAX_PARTS = 5;
const TRIMMED_NOTE = staff.outbox.trimmed;

const encoder = new TextEncoder();
export const byteLength = (s: string): number => encoder.encode(s).length;

// Graphemes, not code units: an emoji with its modifiers or a character with a
// combining mark stays whole.
const segmenter = new Intl.Segmenter('zh', { granularity: 'grapheme' });

export function trimToBytes(s: string, limit: number, note = ''): string {
  if (byteLength(s) <= limit) return s;
  const budget = limit - byteLength(note);
  let used = 0;
  let out = '';
  for (const { segment } of segmenter.segment(s)) {
    const b = byteLength(segment);
    if (used + b > budget) break;
    out += segment;
    used += b;
  }
  return out + note;
}

// Splits into parts of at most `limit` bytes each, a "（i/n）" marker included.
export function splitToBytes(s: string, limit: number, maxParts = MAX_PARTS): string[] {
  if (byteLength(s) <= limit) return [s];
  const marker = (i: number, n: number) => staff.outbox.partMarker(i, n);
  const budget = limit - byteLength(marker(maxParts, maxParts));
  const chunks: string[] = [];
  let rest = s;
  while (rest.length > 0 && chunks.length < maxParts) {
    if (byteLength(rest) <= budget) {
      chunks.push(rest);
      rest = '';
      break;
    }
    let piece = trimToBytes(rest, budget);
    // Prefer to end a part at a line end, if one is not too far back.
    const nl = piece.lastIndexOf('\n');
    if (nl > piece.length / 2) piece = piece.slice(0, nl + 1);
    if (piece.length === 0) break;
    chunks.push(piece);
    rest = rest.slice(piece.length);
  }
  if (rest.length > 0) {
    // Nothing fitted at all (one grapheme larger than a whole part): a part with
    // the note still goes out, rather than no message.
    if (chunks.length === 0) chunks.push('');
    chunks[chunks.length - 1] = trimToBytes(chunks[chunks.length - 1]! + rest, budget, TRIMMED_NOTE);
  }
  return chunks.map((c, i) => marker(i + 1, chunks.length) + c);
}

// The message as one or more messages that each fit the channel. A digest,
// read in full, may ask for more parts than a reminder gets.
export function fitToChannel<C extends ChannelName>(channel: C, message: ChannelMessages[C], maxParts = MAX_PARTS): Array<ChannelMessages[C]> {
  if (channel !== 'wecom-webhook' && channel !== 'wecom-app') return [message];
  const m = message as ChannelMessages['wecom-webhook'];
  if (m.msgtype !== 'text' && m.msgtype !== 'markdown') return [message];
  const parts = splitToBytes(m.content, BYTE_LIMITS[channel as 'wecom-webhook' | 'wecom-app'][m.msgtype], maxParts);
  // One part can also be a trimmed one (a grapheme too large to split around), which must replace the original.
  if (parts.length === 1 && parts[0] === m.content) return [message];
  // People are mentioned once, on the first part, not once a part.
  return parts.map((content, i) => (i === 0 ? { ...m, content } : { msgtype: m.msgtype, content })) as Array<ChannelMessages[C]>;
}
