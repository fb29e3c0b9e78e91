import type { AccessToken } from '../../clients/access-token-cache';
import type { WecomAppMessage } from '../../domain/outbox/messages';
import { BUSY, describe, FREQ_LIMIT, fromThrown, permanent, sent, TOKEN_INVALID, transient, type Channel, type HttpClient, type SendOutcome } from '../channel';

// A message from the self-built app to people: POST /cgi-bin/message/send.
// The target is one or more WeCom user ids joined by "|".

interface Answer {
  errcode?: number;
  errmsg?: string;
  invaliduser?: string;
}

// 81013: none of the user ids exists; 60020: the server's IP is not trusted
// by the app; 301002: the app has no permission for these people; 40058: the
// message itself is malformed (a content over its byte limit), as it will be again.
const PERMANENT = new Set([81013, 60020, 301002, 40056, 40008, 44004, 40058]);

export class WecomAppChannel implements Channel<'wecom-app'> {
  readonly name = 'wecom-app' as const;

  constructor(
    private readonly cfg: { apiBase: string; agentId: string; timeoutMs?: number },
    private readonly token: AccessToken,
    private readonly http: HttpClient,
  ) {}

  async send(userIds: string, message: WecomAppMessage): Promise<SendOutcome> {
    try {
      let [answer, used] = await this.post(userIds, message);
      if (answer.errcode && TOKEN_INVALID.has(answer.errcode)) {
        // Expired or revoked early: fetch a new token once and try again now.
        this.token.invalidate(used);
        [answer] = await this.post(userIds, message);
      }
      if (!answer.errcode) {
        // Partly delivered counts as sent; the unknown ids are worth knowing, not retrying.
        return sent;
      }
      if (answer.errcode === FREQ_LIMIT) return transient(describe(answer), 60_000);
      if (answer.errcode === BUSY || TOKEN_INVALID.has(answer.errcode) || !PERMANENT.has(answer.errcode)) {
        return transient(describe(answer));
      }
      return permanent(describe(answer));
    } catch (err) {
      return fromThrown(err);
    }
  }

  private async post(userIds: string, m: WecomAppMessage): Promise<[Answer, string]> {
    const accessToken = await this.token.get();
    const answer = await this.http<Answer>(`${this.cfg.apiBase}/cgi-bin/message/send?access_token=${encodeURIComponent(accessToken)}`, {
      body: {
        touser: userIds,
        msgtype: m.msgtype,
        agentid: Number(this.cfg.agentId),
        [m.msgtype]: { content: m.content },
        safe: 0,
        // WeCom drops an identical message within the interval: a retried send cannot double up.
        enable_duplicate_check: 1,
        duplicate_check_interval: 1800,
      },
      timeoutMs: this.cfg.timeoutMs,
    });
    return [answer, accessToken];
  }
}
