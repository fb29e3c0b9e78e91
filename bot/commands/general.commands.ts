import { staff } from '../../server/texts/staff.texts';
import type { BotCommand } from '../command';
import { WORK_SOURCES, type TodoSource } from './todo-sources';

// 帮助 and 待办: what this person can do, and what they should do next.

const T = staff.botGeneral;

export function helpCommand(table: () => readonly BotCommand[]): BotCommand {
  return {
    name: T.help.name,
    aliases: T.help.aliases,
    args: 'none',
    usage: T.help.usage,
    summary: T.help.summary,
    roles: ['mediator', 'judge', 'official', 'admin'],
    async run(ctx) {
      const mine = table().filter((c) => c.roles.includes(ctx.principal.role));
      return [T.help.intro, ...mine.map((c) => T.help.line(c.usage, c.summary)), T.help.hashNote].join('\n');
    },
  };
}

// Overdue items of every kind first, then each kind's section; a few lines a
// kind, so the answer stays short on a phone.
const LINES_PER_KIND = 5;

export function todoCommandOf(sources: readonly TodoSource[]): BotCommand {
  return {
    name: T.todo.name,
    args: 'none',
    usage: T.todo.usage,
    summary: T.todo.summary,
    roles: ['mediator', 'judge', 'official', 'admin'],
    async run(ctx) {
      const lists = await Promise.all(sources.map(async (source) => ({ source, ...(await source.list(ctx, LINES_PER_KIND)) })));
      const total = lists.reduce((n, l) => n + l.total, 0);
      if (!total) return T.todo.nothing;
      const overdue = lists.flatMap((l) => l.items.filter((i) => i.overdue).map((i) => T.todo.overdueLine(l.source.title, i.line)));
      const sections = lists.flatMap((l) => {
        const rest = l.items.filter((i) => !i.overdue).map((i) => T.todo.line(i.line));
        const more = l.total > l.items.length ? [T.todo.more(l.total - l.items.length, l.source.title)] : [];
        return rest.length || more.length ? [T.todo.heading(l.source.title), ...rest, ...more] : [];
      });
      const hints = lists.filter((l) => l.items.length && l.hint).map((l) => l.hint!);
      return [T.todo.total(total), ...(overdue.length ? [T.todo.overdueHeading, ...overdue] : []), ...sections, ...hints].join('\n');
    },
  };
}

export const todoCommand: BotCommand = todoCommandOf(WORK_SOURCES);
