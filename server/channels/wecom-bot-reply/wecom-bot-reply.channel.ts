import type { WecomBotReplyMessage } from '../../domain/outbox/messages';
import { BUSY, describe, FREQ_LIMIT, fromThrown, permanent, sent, transient, type Channel, type HttpClient, type SendOutcome } from '../channel';

// The intelligent robot's answer to a message: POST {msgtype: "markdown",
// markdown: {content}} to the response_url that came with the message
// (developer.work.weixin.qq.com/document/path/101138). The target is that
// URL. It works once and for an hour, so an error WeCom gives for it will not
// go away by waiting: only "busy" and the frequency limit are retried.
//
// The URL arrives inside a callback; only a URL on the WeCom API's own origin
// and path is ever called, so a forged message cannot make this server post
// somewhere else (another group's webhook, an internal address).

interface Answer {
  errcode?: number;
  errmsg?: string;
}

export const RESPONSE_PATH = '/cgi-bin/aibot/response';

// The response code is the credential: it never reaches a log or an error row.
export function redactResponseUrl(s: string): string {
  return s.replace(/(response_code=)[^&\s"']*/gi, '$1***');
}

export class WecomBotReplyChannel implements Channel<'wecom-bot-reply'> {
  readonly name = 'wecom-bot-reply' as const;
  private readonly origin: string;

  constructor(
    private readonly cfg: { apiBase: string; timeoutMs?: number },
    private readonly http: HttpClient,
  ) {
    this.origin = new URL(cfg.apiBase).origin;
  }

  // The URL to call, or null when it is not WeCom's robot response address.
  allowed(responseUrl: string): string | null {
    let url: URL;
    try {
      url = new URL(responseUrl);
    } catch {
      return null;
    }
    if (url.origin !== this.origin || url.username || url.password || url.pathname !== RESPONSE_PATH) return null;
    return url.toString();
  }

  async send(responseUrl: string, message: WecomBotReplyMessage): Promise<SendOutcome> {
    const url = this.allowed(responseUrl);
    if (!url) return permanent(`response_url is not ${this.origin}${RESPONSE_PATH}: refused (${redactResponseUrl(responseUrl).slice(0, 120)})`);
    let answer: Answer;
    try {
      answer = await this.http<Answer>(url, {
        body: { msgtype: 'markdown', markdown: { content: message.content } },
        timeoutMs: this.cfg.timeoutMs,
      });
    } catch (err) {
      const outcome = fromThrown(err);
      return outcome.ok ? outcome : { ...outcome, error: redactResponseUrl(outcome.error) };
    }
    if (!answer.errcode) return sent;
    if (answer.errcode === FREQ_LIMIT) return transient(describe(answer), 60_000);
    if (answer.errcode === BUSY) return transient(describe(answer));
    return permanent(redactResponseUrl(describe(answer)));
  }
}
