import type { AccessToken } from '../../clients/access-token-cache';
import type { SubscribeTemplate, WxSubscribeMessage } from '../../domain/outbox/messages';
import { BUSY, describe, FREQ_LIMIT, fromThrown, permanent, sent, TOKEN_INVALID, transient, type Channel, type HttpClient, type SendOutcome } from '../channel';
import { fitValue, type TemplateLayout } from './subscribe-templates';

// A mini-program subscribe message to a resident: POST
// /cgi-bin/message/subscribe/send. The target is the resident's openid. Each
// send spends one of the resident's one-time subscriptions; the server keeps
// that count elsewhere and enqueues nothing without credit.

interface Answer {
  errcode?: number;
  errmsg?: string;
}

// 43101: the resident has not subscribed (or used it up); 40003: no such
// openid; 40037: no such template; 47003: a value breaks the template's rules;
// 41030: the page does not exist.
const PERMANENT = new Set([43101, 40003, 40037, 47003, 41030, 40036]);

export interface WxSubscribeConfig {
  apiBase: string;
  templates: Partial<Record<SubscribeTemplate, { id: string; layout: TemplateLayout }>>;
  state?: 'formal' | 'trial' | 'developer';
  timeoutMs?: number;
}

export class WxSubscribeChannel implements Channel<'wx-subscribe'> {
  readonly name = 'wx-subscribe' as const;

  constructor(
    private readonly cfg: WxSubscribeConfig,
    private readonly token: AccessToken,
    private readonly http: HttpClient,
  ) {}

  async send(openid: string, message: WxSubscribeMessage): Promise<SendOutcome> {
    const template = this.cfg.templates[message.template];
    if (!template) return permanent(`subscribe template "${message.template}" is not configured (WECHAT_TEMPLATE_${message.template.toUpperCase()})`);
    const body = {
      touser: openid,
      template_id: template.id,
      ...(message.page ? { page: message.page } : {}),
      data: wireData(template.layout, message.data),
      miniprogram_state: this.cfg.state ?? 'formal',
      lang: 'zh_CN',
    };
    try {
      let [answer, used] = await this.post(body);
      if (answer.errcode && TOKEN_INVALID.has(answer.errcode)) {
        this.token.invalidate(used);
        [answer] = await this.post(body);
      }
      if (!answer.errcode) return sent;
      if (answer.errcode === FREQ_LIMIT) return transient(describe(answer), 60_000);
      if (answer.errcode === BUSY || !PERMANENT.has(answer.errcode)) return transient(describe(answer));
      return permanent(describe(answer));
    } catch (err) {
      return fromThrown(err);
    }
  }

  private async post(body: Record<string, unknown>): Promise<[Answer, string]> {
    const accessToken = await this.token.get();
    const answer = await this.http<Answer>(
      `${this.cfg.apiBase}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(accessToken)}`,
      { body, timeoutMs: this.cfg.timeoutMs },
    );
    return [answer, accessToken];
  }
}

export function wireData(layout: TemplateLayout, data: Record<string, string>): Record<string, { value: string }> {
  const out: Record<string, { value: string }> = {};
  for (const [field, key] of Object.entries(layout)) {
    const value = data[field];
    if (value !== undefined) out[key] = { value: fitValue(key, value) };
  }
  return out;
}
