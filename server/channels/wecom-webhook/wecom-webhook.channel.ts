import type { WecomWebhookMessage } from '../../domain/outbox/messages';
import { BUSY, describe, FREQ_LIMIT, fromThrown, permanent, sent, transient, type Channel, type HttpClient, type SendOutcome } from '../channel';

// A WeCom group robot: POST {base}/cgi-bin/webhook/send?key=KEY. The target is
// the key from the robot's webhook address; no access token is involved.

interface Answer {
  errcode?: number;
  errmsg?: string;
}

// 93000: the key is wrong or the robot was removed from the group. 40008 and
// 40058: the message itself is malformed. Retrying changes none of them.
const PERMANENT = new Set([93000, 40008, 40058, 40009, 40006, 301019]);

export class WecomWebhookChannel implements Channel<'wecom-webhook'> {
  readonly name = 'wecom-webhook' as const;

  constructor(
    private readonly cfg: { apiBase: string; timeoutMs?: number },
    private readonly http: HttpClient,
  ) {}

  async send(key: string, message: WecomWebhookMessage): Promise<SendOutcome> {
    let answer: Answer;
    try {
      answer = await this.http<Answer>(`${this.cfg.apiBase}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`, {
        body: toWire(message),
        timeoutMs: this.cfg.timeoutMs,
      });
    } catch (err) {
      return fromThrown(err);
    }
    if (!answer.errcode) return sent;
    if (answer.errcode === FREQ_LIMIT) return transient(describe(answer), 60_000);
    if (answer.errcode === BUSY || !PERMANENT.has(answer.errcode)) return transient(describe(answer));
    return permanent(describe(answer));
  }
}

export function toWire(m: WecomWebhookMessage): Record<string, unknown> {
  switch (m.msgtype) {
    case 'text':
      return {
        msgtype: 'text',
        text: {
          content: m.content,
          ...(m.mentionedList?.length ? { mentioned_list: m.mentionedList } : {}),
          ...(m.mentionedMobileList?.length ? { mentioned_mobile_list: m.mentionedMobileList } : {}),
        },
      };
    case 'markdown':
      return { msgtype: 'markdown', markdown: { content: m.content } };
    case 'image':
      return { msgtype: 'image', image: { base64: m.base64, md5: m.md5 } };
  }
}
