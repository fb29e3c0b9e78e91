import { formatShanghai } from '../../server/domain/shanghai-time';
import { mdText } from '../../server/domain/outbox/markdown-text';
import { CALLBACK_MARK } from '../../server/domain/disputes/dispute-notices';
import { staff } from '../../server/texts/staff.texts';
import type { CommandContext } from '../command';
import { linkageTodo } from './linkage.commands';

// What 待办 gathers: one entry a kind of work (disputes, hearings, …), each
// listing the person's own items, overdue ones flagged. A new kind of work is
// one more entry in WORK_SOURCES; the command arranges the sections.

const T = staff.botGeneral;

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
  title: T.questions.title,
  async list(ctx, limit) {
    const { items, total } = await ctx.services.disputes.explanationRequests.open(ctx.principal, limit);
    return {
      total,
      items: items.map((r) => ({ overdue: false, line: T.questions.line(r.serial, mdText(r.village), mdText(r.question)) })),
      hint: T.questions.hint,
    };
  },
};

export const disputeTodo: TodoSource = {
  title: T.disputes.title,
  async list(ctx, limit) {
    const { items, total } = await ctx.services.disputes.todo(ctx.principal, limit);
    return {
      total,
      items: items.map((d) => ({
        overdue: d.overdue,
        line: T.disputes.line(
          d.callback ? T.disputes.callback(CALLBACK_MARK) : '',
          d.serial,
          d.categoryLabel,
          mdText(d.village),
          d.statusLabel,
          d.overdue ? T.disputes.overdue : T.disputes.deadline(d.deadlineAt ? formatShanghai(new Date(d.deadlineAt)) : '—'),
        ),
      })),
      hint: T.disputes.hint,
    };
  },
};

export const hearingTodo: TodoSource = {
  title: T.hearings.title,
  async list(ctx, limit) {
    const { items, total } = await ctx.services.hearings.todo(ctx.principal, limit);
    const official = ctx.principal.role === 'official';
    return {
      total,
      items: items.map((h) => {
        const session = h.session > 1 ? T.hearings.session(h.session) : '';
        const room = h.courtRoom ? ` ${mdText(h.courtRoom)}` : '';
        let state = '';
        if (h.task === 'record') state = T.hearings.toRecord;
        else if (h.task === 'declare') state = T.hearings.toDeclare;
        else if (official && h.declaration) state = T.hearings.hasDeclared(T.hearings.declared[h.declaration]);
        return { overdue: h.overdue, line: `${h.caseNumber}${session} ${formatShanghai(new Date(h.startsAt))}${room}${state}` };
      }),
      hint: items.some((h) => h.task) ? T.hearings.hint : undefined,
    };
  },
};

export const WORK_SOURCES: readonly TodoSource[] = [questionTodo, disputeTodo, hearingTodo, linkageTodo];
