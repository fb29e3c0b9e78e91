import { formatShanghai } from '../../server/domain/shanghai-time';
import { mdText } from '../../server/domain/outbox/markdown-text';
import type { BotCommand } from '../command';
import { linkageTodoSection } from './linkage.commands';

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

export const todoCommand: BotCommand = {
  name: '待办',
  args: 'none',
  usage: '待办',
  summary: '您名下未办结的纠纷，最急的在前',
  roles: ['mediator', 'judge', 'official', 'admin'],
  async run(ctx) {
    const { items, total } = await ctx.services.disputes.todo(ctx.principal);
    const linkage = await linkageTodoSection(ctx);
    if (!total && !linkage) return '暂无待办，辛苦了。';
    if (!total) return `${linkage!.text}\n发“签收 文号”签收，“反馈 文号 内容”反馈。`;
    const lines = items.map(
      (d) => `· ${d.serial} ${d.categoryLabel}（${mdText(d.village)}）${d.statusLabel}，${d.overdue ? '已超期' : `时限 ${d.deadlineAt ? formatShanghai(new Date(d.deadlineAt)) : '—'}`}`,
    );
    const more = total > items.length ? `\n另有 ${total - items.length} 件，请在系统中查看。` : '';
    const section = linkage ? `\n${linkage.text}` : '';
    return `待办 ${total} 件：\n${lines.join('\n')}${more}\n发“查看 编号”看详情。${section}`;
  },
};
