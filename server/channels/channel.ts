import { httpJson, UpstreamError } from '../clients/http-json';
import type { ChannelMessages, ChannelName } from '../domain/outbox/messages';

// One interface for every way a message leaves: the sender job knows nothing
// of WeCom or WeChat, only whether a send worked and, if not, whether to retry.

export type SendOutcome =
  | { ok: true }
  | { ok: false; retry: boolean; error: string; retryAfterMs?: number };

export interface Channel<C extends ChannelName = ChannelName> {
  readonly name: C;
  send(target: string, message: ChannelMessages[C]): Promise<SendOutcome>;
}

export type HttpClient = typeof httpJson;

export const sent: SendOutcome = { ok: true };

export function transient(error: string, retryAfterMs?: number): SendOutcome {
  return { ok: false, retry: true, error, retryAfterMs };
}

export function permanent(error: string): SendOutcome {
  return { ok: false, retry: false, error };
}

// Network trouble, timeouts and 5xx pass; a 4xx from an API gateway will not.
export function fromThrown(err: unknown): SendOutcome {
  if (err instanceof UpstreamError) {
    if (err.kind === 'status' && err.status !== undefined && err.status < 500 && err.status !== 429) {
      return permanent(err.message);
    }
    return transient(err.message);
  }
  return transient(err instanceof Error ? err.message : String(err));
}

// WeCom and WeChat share these answers. -1 is "system busy"; 45009 is the API
// frequency limit, which clears within a minute.
export const BUSY = -1;
export const FREQ_LIMIT = 45009;
export const TOKEN_INVALID = new Set([40001, 40014, 42001]);

export function describe(answer: { errcode?: number; errmsg?: string }): string {
  return `errcode ${answer.errcode ?? '?'}: ${answer.errmsg ?? ''}`.trim();
}
