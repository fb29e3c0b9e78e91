import test from 'ava';
import { ConsoleChannel } from '../../server/channels/console/console.channel';
import { loadConfig } from '../../server/config';
import { fixedClock } from '../../server/domain/clock';
import { buildChannels } from '../../server/wiring';
import type { ChannelMessages, ChannelName } from '../../server/domain/outbox/messages';

// The development stand-in: one line per message through its writer, and the
// send counts as delivered so the outbox flow completes on a fresh machine.
// In development it prints the message; in production whom and what kind only.

const cases: Array<{ channel: ChannelName; target: string; message: ChannelMessages['console']; line: string; summary: string }> = [
  {
    channel: 'wecom-webhook',
    target: 'robot-key-1',
    message: { msgtype: 'text', content: '【开庭提醒】明日9:00开庭', mentionedList: ['@all'] },
    line: '[wecom-webhook → robot-key-1] 【开庭提醒】明日9:00开庭',
    summary: '[wecom-webhook → robot-key-1] text, 34 bytes',
  },
  {
    channel: 'wecom-app',
    target: 'ZhangSan|LiSi',
    message: { msgtype: 'markdown', content: '**新纠纷** TJ-42' },
    line: '[wecom-app → ZhangSan|LiSi] **新纠纷** TJ-42',
    summary: '[wecom-app → ZhangSan|LiSi] markdown, 19 bytes',
  },
  {
    channel: 'wx-subscribe',
    target: 'oUpF8uMuAJO',
    message: { template: 'dispute_reply', data: { serial: 'TJ-42', content: '已受理' } },
    line: '[wx-subscribe → oUpF8uMuAJO] {"template":"dispute_reply","data":{"serial":"TJ-42","content":"已受理"}}',
    summary: '[wx-subscribe → oUpF8uMuAJO] template dispute_reply',
  },
  {
    channel: 'console',
    target: 'dev',
    message: { msgtype: 'image', base64: 'iVBORw0KGgo=', md5: 'd41d8cd98f00b204e9800998ecf8427e' },
    line: '[console → dev] {"msgtype":"image","base64":"iVBORw0KGgo=","md5":"d41d8cd98f00b204e9800998ecf8427e"}',
    summary: '[console → dev] image, 12 bytes',
  },
];

for (const c of cases) {
  test(`console as ${c.channel} prints "[channel → target] content" in full detail and reports sent`, async (t) => {
    const lines: string[] = [];
    const channel = new ConsoleChannel(c.channel, (line) => lines.push(line), 'full');
    t.is(channel.name, c.channel);
    t.deepEqual(await channel.send(c.target, c.message as never), { ok: true });
    t.deepEqual(lines, [c.line]);
  });

  test(`console as ${c.channel} prints target and kind only in summary, the default`, async (t) => {
    const lines: string[] = [];
    t.deepEqual(await new ConsoleChannel(c.channel, (line) => lines.push(line)).send(c.target, c.message as never), { ok: true });
    t.deepEqual(lines, [c.summary]);
  });
}

test('console writes one line per send, in order', async (t) => {
  const lines: string[] = [];
  const channel = new ConsoleChannel('wecom-webhook', (line) => lines.push(line), 'full');
  await channel.send('k', { msgtype: 'text', content: '一' });
  await channel.send('k', { msgtype: 'text', content: '二' });
  t.deepEqual(lines, ['[wecom-webhook → k] 一', '[wecom-webhook → k] 二']);
});

async function stdoutOf(fn: () => Promise<unknown>): Promise<string[]> {
  const written: string[] = [];
  const original = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    await fn();
  } finally {
    process.stdout.write = original;
  }
  return written;
}

test.serial('console writes to stdout by default', async (t) => {
  const written = await stdoutOf(async () => t.deepEqual(await new ConsoleChannel('wecom-app', undefined, 'full').send('ZhangSan', { msgtype: 'text', content: '你好' }), { ok: true }));
  t.deepEqual(written, ['[wecom-app → ZhangSan] 你好\n']);
});

// A resident's chat line, as the mediator's card carries it.
const CHAT = { msgtype: 'markdown' as const, content: '**居民留言**\n我家电话13800001234，邻居半夜砸门' };

test.serial('the server as configured for production prints no message text, only target and kind', async (t) => {
  const config = loadConfig({
    NODE_ENV: 'production',
    FUYUAN_ADMIN_TOKEN: 'production-admin-token-0123456789',
    FUYUAN_DATA_KEY: '22'.repeat(32),
    DATABASE_URL: 'mysql://u:p@127.0.0.1:3306/fuyuan',
  });
  const channels = buildChannels(config, fixedClock('2026-11-26T02:00:00Z'));
  const written = await stdoutOf(async () => {
    await channels['wecom-app']!.send('ZhangSan', CHAT as never);
    await channels.console!.send('dev', CHAT as never);
    await channels['wx-subscribe']!.send('oResident', { template: 'dispute_reply', data: { serial: 'TJ-42', content: '邻居半夜砸门' } } as never);
  });
  t.deepEqual(written, [
    '[wecom-app → ZhangSan] markdown, 61 bytes\n',
    '[console → dev] markdown, 61 bytes\n',
    '[wx-subscribe → oResident] template dispute_reply\n',
  ]);
  t.false(written.join('').includes('砸门'));
});

test.serial('the server as configured for development prints the whole message, so a fresh machine shows the flow', async (t) => {
  const config = loadConfig({ FUYUAN_ADMIN_TOKEN: 'development-admin-token-0123456789', FUYUAN_DATA_KEY: '22'.repeat(32) });
  const written = await stdoutOf(() => buildChannels(config, fixedClock('2026-11-26T02:00:00Z'))['wecom-app']!.send('ZhangSan', CHAT as never));
  t.deepEqual(written, [`[wecom-app → ZhangSan] ${CHAT.content}\n`]);
});
