import { formatShanghai } from '../../server/domain/shanghai-time';
import { CALLBACK_MARK } from '../../server/domain/disputes/dispute-notices';
import { mdText } from '../../server/domain/outbox/markdown-text';
import type { BotCommand } from '../command';

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
  summary: '您名下未办结的纠纷，群众要求回电的和最急的在前',
  roles: ['mediator', 'judge', 'official', 'admin'],
  async run(ctx) {
    const { items, total, requests } = await ctx.services.disputes.todo(ctx.principal);
    // A judge's first: the mediators' questions waiting for a 说法.
    const asked = requests.items.map((r) => `· 请说法 ${r.serial}（${mdText(r.village)}）：${mdText(r.question)}`);
    const askedMore = requests.total > requests.items.length ? [`另有 ${requests.total - requests.items.length} 个问题待答复。`] : [];
    const askedPart = requests.total ? [`待答复的法律问题 ${requests.total} 个：`, ...asked, ...askedMore, '答复请发“说法 编号 内容”。'].join('\n') + '\n' : '';
    if (!total) return askedPart ? `${askedPart}暂无其他待办。` : '暂无待办，辛苦了。';
    const lines = items.map(
      (d) => `· ${d.callback ? `【${CALLBACK_MARK}】` : ''}${d.serial} ${d.categoryLabel}（${mdText(d.village)}）${d.statusLabel}，${d.overdue ? '已超期' : `时限 ${d.deadlineAt ? formatShanghai(new Date(d.deadlineAt)) : '—'}`}`,
    );
    const more = total > items.length ? `\n另有 ${total - items.length} 件，请在系统中查看。` : '';
    return `${askedPart}待办 ${total} 件：\n${lines.join('\n')}${more}\n发“查看 编号”看详情。`;
  },
};
