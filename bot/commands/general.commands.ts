import type { BotCommand } from '../command';
import { TODO_SOURCES, type TodoSource } from './todo-sources';

// 帮助 and 待办: what this person can do, and what they should do next.

export function helpCommand(table: () => readonly BotCommand[]): BotCommand {
  return {
    name: '帮助',
    aliases: ['help', '？', '?'],
    args: 'none',
    usage: '帮助',
    summary: '列出您可以使用的命令',
    roles: ['mediator', 'judge', 'official', 'admin'],
    async run(ctx) {
      const mine = table().filter((c) => c.roles.includes(ctx.principal.role));
      return ['您可以使用：', ...mine.map((c) => `· ${c.usage} —— ${c.summary}`), '纠纷编号前的 # 可写可不写。'].join('\n');
    },
  };
}

// Overdue items of every kind first, then each kind's section; a few lines a
// kind, so the answer stays short on a phone.
const TODO_LINES = 5;

export function todoCommandOf(sources: readonly TodoSource[]): BotCommand {
  return {
    name: '待办',
    args: 'none',
    usage: '待办',
    summary: '待答复的法律问题、您名下未办结的纠纷（要求回电的在前）和近期庭审，已超期的在前',
    roles: ['mediator', 'judge', 'official', 'admin'],
    async run(ctx) {
      const lists = await Promise.all(sources.map(async (source) => ({ source, ...(await source.list(ctx, TODO_LINES)) })));
      const total = lists.reduce((n, l) => n + l.total, 0);
      if (!total) return '暂无待办，辛苦了。';
      const overdue = lists.flatMap((l) => l.items.filter((i) => i.overdue).map((i) => `· ${l.source.title} ${i.line}`));
      const sections = lists.flatMap((l) => {
        const rest = l.items.filter((i) => !i.overdue).map((i) => `· ${i.line}`);
        const more = l.total > l.items.length ? [`（另有 ${l.total - l.items.length} 件${l.source.title}，请在系统中查看）`] : [];
        return rest.length || more.length ? [`【${l.source.title}】`, ...rest, ...more] : [];
      });
      const hints = lists.filter((l) => l.items.length && l.hint).map((l) => l.hint!);
      return [`待办 ${total} 件：`, ...(overdue.length ? ['【已超期】', ...overdue] : []), ...sections, ...hints].join('\n');
    },
  };
}

export const todoCommand: BotCommand = todoCommandOf(TODO_SOURCES);
