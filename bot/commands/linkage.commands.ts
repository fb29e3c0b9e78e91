import { formatShanghai } from '../../server/domain/shanghai-time';
import { mdText } from '../../server/domain/outbox/markdown-text';
import { normalizeLines, textProblem } from '../../server/domain/user-text';
import { common } from '../../server/texts/resident.texts';
import { staff } from '../../server/texts/staff.texts';
import type { BotCommand, CommandContext } from '../command';
import type { TodoSource } from './todo-sources';

// 联动事项 from chat: 签收, 反馈, 转办 (to another agency), 催办 (the sender's
// side), each naming the item by its document number or id; and the
// section of 待办 that lists a person's open items. The service decides who
// may and when; a refusal comes back as its Chinese message.

const B = staff.linkage.bot;
const NOTE_MAX = 2000;
const ROLES = ['official', 'judge', 'admin'] as const;

type ItemView = { typeLabel: string; documentNumber: string | null; id: number; title: string; dueAt: string | null; provisional: boolean; toAgency: { name: string } | null };

// A typed document number is shown as text; an id is ours.
const refOf = (i: Pick<ItemView, 'documentNumber' | 'id'>) => (i.documentNumber ? mdText(i.documentNumber) : `#${i.id}`);
const named = (i: ItemView) => B.named(i.typeLabel, refOf(i), mdText(i.title));
const due = (i: ItemView) => (i.dueAt ? `${formatShanghai(new Date(i.dueAt))}${i.provisional ? B.provisional : ''}` : common.time.none);

function checkNote(text: string): string | { problem: string } {
  const note = normalizeLines(text).trim();
  const problem = textProblem(note, 'lines');
  if (problem) return { problem: staff.bot.textProblem(problem) };
  if (note.length > NOTE_MAX) return { problem: staff.bot.textTooLong(NOTE_MAX, note.length) };
  return note;
}

async function act(ctx: CommandContext, ref: string, input: Parameters<CommandContext['services']['linkage']['act']>[1]) {
  const id = await ctx.services.linkage.idByReference(ref, ctx.principal);
  return ctx.services.linkage.act(id, input, { actor: ctx.principal, via: ctx.via });
}

const sign: BotCommand = {
  name: B.sign.name,
  args: 'ref',
  usage: B.sign.usage,
  summary: B.sign.summary,
  roles: ROLES,
  async run(ctx, { ref }) {
    const i = await act(ctx, ref!, { action: 'sign' });
    return B.sign.done(named(i), due(i), refOf(i));
  },
};

const feedback: BotCommand = {
  name: B.feedback.name,
  args: 'ref-text',
  usage: B.feedback.usage,
  summary: B.feedback.summary,
  roles: ROLES,
  async run(ctx, { ref, text }) {
    const note = checkNote(text ?? '');
    if (typeof note !== 'string') return note.problem;
    const i = await act(ctx, ref!, { action: 'feedback', note });
    return B.feedback.done(named(i));
  },
};

const transfer: BotCommand = {
  name: B.transfer.name,
  args: 'ref-text',
  usage: B.transfer.usage,
  summary: B.transfer.summary,
  roles: ROLES,
  async run(ctx, { ref, text }) {
    const agency = await ctx.services.linkage.agencyByName(text ?? '');
    const i = await act(ctx, ref!, { action: 'transfer', toAgencyId: agency.id });
    return B.transfer.done(named(i), mdText(agency.name), due(i));
  },
};

const urge: BotCommand = {
  name: B.urge.name,
  args: 'ref-text?',
  usage: B.urge.usage,
  summary: B.urge.summary,
  roles: ROLES,
  async run(ctx, { ref, text }) {
    const note = text ? checkNote(text) : null;
    if (note !== null && typeof note !== 'string') return note.problem;
    const i = await act(ctx, ref!, { action: 'urge', note });
    return B.urge.done(named(i), mdText(i.toAgency?.name ?? B.urge.receiver));
  },
};

export const linkageCommands: BotCommand[] = [sign, feedback, transfer, urge];

// 待办's linkage section: the open items with the person's agency (all, for
// the liaison office and admins), overdue first.
export const linkageTodo: TodoSource = {
  title: B.todo.title,
  async list(ctx, limit) {
    const { items, total } = await ctx.services.linkage.todo(ctx.principal, limit);
    return {
      total,
      items: items.map((i) => ({ overdue: i.overdue, line: B.todo.line(named(i), i.statusLabel, i.overdue, due(i)) })),
      hint: B.todo.hint,
    };
  },
};
