import test from 'ava';
import { ConsoleChannel } from '../../server/channels/console/console.channel';
import type { ChannelMessages, ChannelName } from '../../server/domain/outbox/messages';

// The development stand-in: one line per message through its writer, and the
// send counts as delivered so the outbox flow completes on a fresh machine.

const cases: Array<{ channel: ChannelName; target: string; message: ChannelMessages['console']; line: string }> = [
  {
    channel: 'wecom-webhook',
    target: 'robot-key-1',
    message: { msgtype: 'text', content: '【开庭提醒】明日9:00开庭', mentionedList: ['@all'] },
    line: '[wecom-webhook → robot-key-1] 【开庭提醒】明日9:00开庭',
  },
  {
    channel: 'wecom-app',
    target: 'ZhangSan|LiSi',
    message: { msgtype: 'markdown', content: '**新纠纷** TJ-42' },
    line: '[wecom-app → ZhangSan|LiSi] **新纠纷** TJ-42',
  },
  {
    channel: 'wx-subscribe',
    target: 'oUpF8uMuAJO',
    message: { template: 'dispute_reply', data: { serial: 'TJ-42', content: '已受理' } },
    line: '[wx-subscribe → oUpF8uMuAJO] {"template":"dispute_reply","data":{"serial":"TJ-42","content":"已受理"}}',
  },
  {
    channel: 'console',
    target: 'dev',
    message: { msgtype: 'image', base64: 'iVBORw0KGgo=', md5: 'd41d8cd98f00b204e9800998ecf8427e' },
    line: '[console → dev] {"msgtype":"image","base64":"iVBORw0KGgo=","md5":"d41d8cd98f00b204e9800998ecf8427e"}',
  },
];

for (const c of cases) {
  test(`console as ${c.channel} prints "[channel → target] content" and reports sent`, async (t) => {
    const lines: string[] = [];
    const channel = new ConsoleChannel(c.channel, (line) => lines.push(line));
    t.is(channel.name, c.channel);
    t.deepEqual(await channel.send(c.target, c.message as never), { ok: true });
    t.deepEqual(lines, [c.line]);
  });
}

test('console writes one line per send, in order', async (t) => {
  const lines: string[] = [];
  const channel = new ConsoleChannel('wecom-webhook', (line) => lines.push(line));
  await channel.send('k', { msgtype: 'text', content: '一' });
  await channel.send('k', { msgtype: 'text', content: '二' });
  t.deepEqual(lines, ['[wecom-webhook → k] 一', '[wecom-webhook → k] 二']);
});

test.serial('console writes to stdout by default', async (t) => {
  const written: string[] = [];
  const original = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    t.deepEqual(await new ConsoleChannel('wecom-app').send('ZhangSan', { msgtype: 'text', content: '你好' }), { ok: true });
  } finally {
    process.stdout.write = original;
  }
  t.deepEqual(written, ['[wecom-app → ZhangSan] 你好\n']);
});
