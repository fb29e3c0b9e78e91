import { formatShanghai } from '../../server/domain/shanghai-time';
import { mdText } from '../../server/domain/outbox/markdown-text';
import { CALLBACK_MARK } from '../../server/domain/disputes/dispute-notices';
import type { CommandContext } from '../command';
import { linkageTodo } from './linkage.commands';

// What 待办 gathers: one entry a kind of work (disputes, hearings, …), each
// listing the person's own items, overdue ones flagged. A new kind of work is
// one more entry in TODO_SOURCES; the command arranges the sections.

export interface TodoItem {
  overdue: boolean;
  // One short line for a phone, without the leading "· ".
  line: string;
}

export interface TodoSource {
  // The section's heading, and the word before an item in the 已超期 section.
  title: string;
  // Items soonest first (overdue ones first among them); `total` counts all, not only the `limit` given.
  list(ctx: CommandContext, limit: number): Promise<{ items: TodoItem[]; total: number; hint?: string }>;
}

// A judge's first: the mediators' questions waiting for a 说法 (请法官).
export const questionTodo: TodoSource = {
  title: '待答复的法律问题',
  async list(ctx, limit) {
    const { items, total } = await ctx.services.disputes.explanationRequests.open(ctx.principal, limit);
    return {
      total,
      items: items.map((r) => ({ overdue: false, line: `请说法 ${r.serial}（${mdText(r.village)}）：${mdText(r.question)}` })),
      hint: '答复请发“说法 编号 内容”。',
    };
  },
};

export const disputeTodo: TodoSource = {
  title: '纠纷',
  async list(ctx, limit) {
    const { items, total } = await ctx.services.disputes.todo(ctx.principal, limit);
    return {
      total,
      items: items.map((d) => ({
        overdue: d.overdue,
        line: `${d.callback ? `【${CALLBACK_MARK}】` : ''}${d.serial} ${d.categoryLabel}（${mdText(d.village)}）${d.statusLabel}，${d.overdue ? '已超期' : `时限 ${d.deadlineAt ? formatShanghai(new Date(d.deadlineAt)) : '—'}`}`,
      })),
      hint: '发“查看 编号”看纠纷详情。',
    };
  },
};

const DECLARED = { head: '负责人出庭', deputy: '副职出庭', none: '负责人不能出庭' } as const;

export const hearingTodo: TodoSource = {
  title: '庭审',
  async list(ctx, limit) {
    const { items, total } = await ctx.services.hearings.todo(ctx.principal, limit);
    const official = ctx.principal.role === 'official';
    return {
      total,
      items: items.map((h) => {
        const session = h.session > 1 ? ` 第${h.session}次` : '';
        const room = h.courtRoom ? ` ${mdText(h.courtRoom)}` : '';
        let state = '';
        if (h.task === 'record') state = '，待记录出庭情况';
        else if (h.task === 'declare') state = '，负责人须出庭，待申报';
        else if (official && h.declaration) state = `，已申报${DECLARED[h.declaration]}`;
        return { overdue: h.overdue, line: `${h.caseNumber}${session} ${formatShanghai(new Date(h.startsAt))}${room}${state}` };
      }),
      hint: items.some((h) => h.task) ? '发“出庭 案号 负责人|副职|不能出庭 [姓名或原因]”申报或记录出庭。' : undefined,
    };
  },
};

export const TODO_SOURCES: readonly TodoSource[] = [questionTodo, disputeTodo, hearingTodo, linkageTodo];
