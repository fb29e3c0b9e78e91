import type { ChannelMessages, ChannelName } from '../../domain/outbox/messages';
import { sent, type Channel, type SendOutcome } from '../channel';

// Stands in for a channel whose credentials are not configured (a fresh
// machine, a demo): it prints what would have been sent, so the whole flow is
// visible without WeCom or WeChat, and counts as delivered.
export class ConsoleChannel<C extends ChannelName> implements Channel<C> {
  constructor(
    readonly name: C,
    private readonly write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  ) {}

  async send(target: string, message: ChannelMessages[C]): Promise<SendOutcome> {
    const body = 'content' in message ? message.content : JSON.stringify(message);
    this.write(`[${this.name} → ${target}] ${body}`);
    return sent;
  }
}
