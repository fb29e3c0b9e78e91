import { formatShanghai } from '../../server/domain/shanghai-time';
import { mdText } from '../../server/domain/outbox/markdown-text';
import { normalizeLines, textProblem } from '../../server/domain/user-text';
import type { BotCommand, CommandContext } from '../command';
import type { TodoSource } from './todo-sources';

// 联动事项 from chat: 签收, 反馈, 转办 (to another agency), 催办 (the sender's
// side), each naming the item by its document number or id; and the
// section of 待办 that lists a person's open items. The service decides who
// may and when; a refusal comes back as its Chinese message.

const NOTE_MAX = 2000;
const ROLES = ['official', 'judge', 'admin'] as const;

type ItemView = { typeLabel: string; documentNumber: string | null; id: number; title: string; dueAt: string | null; provisional: boolean; toAgency: { name: string } | null };

// A typed document number is shown as text; an id is ours.
const refOf = (i: Pick<ItemView, 'documentNumber' | 'id'>) => (i.documentNumber ? mdText(i.documentNumber) : `#${i.id}`);
const named = (i: ItemView) => `${i.typeLabel} ${refOf(i)}“${mdText(i.title)}”`;
const due = (i: ItemView) => (i.dueAt ? `${formatShanghai(new Date(i.dueAt))}${i.provisional ? '（暂定）' : ''}` : '—');

function checkNote(text: string): string | { problem: string } {
  const note = normalizeLines(text).trim();
  const problem = textProblem(note, 'lines');
  if (problem) return { problem: `内容${problem}，请修改后重新发送。` };
  if (note.length > NOTE_MAX) return { problem: `内容不能超过 ${NOTE_MAX} 个字（现有 ${note.length} 个），请精简后再发。` };
  return note;
}

async function act(ctx: CommandContext, ref: string, input: Parameters<CommandContext['services']['linkage']['act']>[1]) {
  const id = await ctx.services.linkage.idByReference(ref, ctx.principal);
  return ctx.services.linkage.act(id, input, { actor: ctx.principal, via: ctx.via });
}

const sign: BotCommand = {
  name: '签收',
  args: 'ref',
  usage: '签收 宝法建〔2026〕1号',
  summary: '签收本单位收到的联动事项（文号或 #编号）',
  roles: ROLES,
  async run(ctx, { ref }) {
    const i = await act(ctx, ref!, { action: 'sign' });
    return `已签收：${named(i)}，办理期限 ${due(i)}。\n办结后请发“反馈 ${refOf(i)} 内容”。`;
  },
};

const feedback: BotCommand = {
  name: '反馈',
  args: 'ref-text',
  usage: '反馈 宝法建〔2026〕1号 办理情况',
  summary: '反馈联动事项的办理情况，来文单位即时收到',
  roles: ROLES,
  async run(ctx, { ref, text }) {
    const note = checkNote(text ?? '');
    if (typeof note !== 'string') return note.problem;
    const i = await act(ctx, ref!, { action: 'feedback', note });
    return `已反馈：${named(i)}。来文单位已收到通知。`;
  },
};

const transfer: BotCommand = {
  name: '转办',
  args: 'ref-text',
  usage: '转办 宝法建〔2026〕1号 单位名称',
  summary: '把不属于本单位职责的联动事项移送其他单位',
  roles: ROLES,
  async run(ctx, { ref, text }) {
    const agency = await ctx.services.linkage.agencyByName(text ?? '');
    const i = await act(ctx, ref!, { action: 'transfer', toAgencyId: agency.id });
    return `已移送：${named(i)}已转至${mdText(agency.name)}，新的办理期限 ${due(i)}。`;
  },
};

const urge: BotCommand = {
  name: '催办',
  args: 'ref-text?',
  usage: '催办 宝法建〔2026〕1号 [说明]',
  summary: '催促承办单位办理本单位发出的联动事项',
  roles: ROLES,
  async run(ctx, { ref, text }) {
    const note = text ? checkNote(text) : null;
    if (note !== null && typeof note !== 'string') return note.problem;
    const i = await act(ctx, ref!, { action: 'urge', note });
    return `已催办：${named(i)}，已通知${mdText(i.toAgency?.name ?? '承办单位')}。`;
  },
};

export const linkageCommands: BotCommand[] = [sign, feedback, transfer, urge];

// 待办's linkage section: the open items with the person's agency (all, for
// the liaison office and admins), overdue first.
export const linkageTodo: TodoSource = {
  title: '联动事项',
  async list(ctx, limit) {
    const { items, total } = await ctx.services.linkage.todo(ctx.principal, limit);
    return {
      total,
      items: items.map((i) => ({ overdue: i.overdue, line: `${named(i)} ${i.statusLabel}，${i.overdue ? '已超期' : `期限 ${due(i)}`}` })),
      hint: '发“签收 文号”签收，“反馈 文号 内容”反馈。',
    };
  },
};
