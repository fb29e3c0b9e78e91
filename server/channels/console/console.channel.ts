import type { ChannelMessages, ChannelName } from '../../domain/outbox/messages';
import { byteLength } from '../../domain/outbox/message-limits';
import { sent, type Channel, type SendOutcome } from '../channel';

// Stands in for a channel whose credentials are not configured (a fresh
// machine, a demo): it prints what would have been sent, so the whole flow is
// visible without WeCom or WeChat, and counts as delivered.
//
// 'full' prints the message itself, for development. 'summary', the default
// and what production uses, prints the target and what kind of message it was,
// never its text: the bodies carry residents' chat and personal details, which
// do not belong in a process log.
export type ConsoleDetail = 'full' | 'summary';

export class ConsoleChannel<C extends ChannelName> implements Channel<C> {
  constructor(
    readonly name: C,
    private readonly write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
    private readonly detail: ConsoleDetail = 'summary',
  ) {}

  async send(target: string, message: ChannelMessages[C]): Promise<SendOutcome> {
    this.write(`[${this.name} → ${target}] ${this.detail === 'full' ? body(message) : subject(message)}`);
    return sent;
  }
}

function body(message: ChannelMessages[ChannelName]): string {
  return 'content' in message ? message.content : JSON.stringify(message);
}

// What the message is about, without what it says: the subscribe template,
// or the message type and its size.
function subject(message: ChannelMessages[ChannelName]): string {
  if ('template' in message) return `template ${message.template}`;
  if ('msgtype' in message) {
    const size = 'content' in message ? message.content : 'base64' in message ? message.base64 : '';
    return `${message.msgtype}, ${byteLength(size)} bytes`;
  }
  return `text, ${byteLength('text' in message ? message.text : '')} bytes`;
}
