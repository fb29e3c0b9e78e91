import { maskName } from '../../server/domain/masking';
import { formatShanghai } from '../../server/domain/shanghai-time';
import { DISPUTE_TEXT } from '../../server/domain/disputes/dispute-limits';
import { CALLBACK_WORDS } from '../../server/domain/disputes/dispute-notices';
import { STATUS_LABELS, type DisputeAction } from '../../server/domain/disputes/dispute-status';
import { mdText } from '../../server/domain/outbox/markdown-text';
import { normalizeLines, textProblem } from '../../server/domain/user-text';
import { EXTENSION_MAX_DAYS } from '../../server/domain/disputes/dispute-extensions';
import { dayText } from '../../server/domain/disputes/confirmation-notices';
import type { BotCommand, CommandContext } from '../command';

// The mediation commands: read a dispute, answer the resident, explain the
// law, move the dispute on. Each reply says what happened and what comes next.

const SERIAL_EXAMPLE = 'JF-2026-000123';
const clip = (s: string, n: number) => (Array.from(s).length > n ? Array.from(s).slice(0, n).join('') + '…' : s);

// The limits and the character rule the API sets on the same texts
// (server/domain/user-text.ts): the chat is no way around them.
const MESSAGE_MAX = DISPUTE_TEXT.body.max;
const NOTE_MAX = DISPUTE_TEXT.note.max;
function badText(text: string | undefined, max: number): string | null {
  if (text === undefined) return null;
  const problem = textProblem(normalizeLines(text), 'lines');
  if (problem) return `内容${problem}，请修改后重新发送。`;
  return text.length > max ? `内容不能超过 ${max} 个字（现有 ${text.length} 个），请精简后再发。` : null;
}
const stored = (text: string | undefined) => (text === undefined ? undefined : normalizeLines(text));

async function idOf(ctx: CommandContext, serial: string) {
  return ctx.services.disputes.idBySerial(serial, ctx.principal);
}

// 查看 in a group chat answers with what the group may read (serial,
// category, status, deadline) and sends the rest (village, resident, the
// description and the latest messages) to the asker alone: only the asker's
// access was checked, not that of everyone in the group. In a one-to-one chat
// the whole of it is the answer. What people wrote goes in through mdText, so
// the robot's markdown answer shows it as text.
const view: BotCommand = {
  name: '查看',
  args: 'serial',
  usage: `查看 ${SERIAL_EXAMPLE}`,
  summary: '纠纷概况和最近留言（群聊中详情私信发送）',
  roles: ['mediator', 'judge', 'official', 'admin'],
  async run(ctx, { serial }) {
    const d = await ctx.services.disputes.get(await idOf(ctx, serial!), ctx.principal);
    const recent = d.timeline.filter((e) => e.kind === 'message' || e.kind === 'explanation').slice(-3);
    const deadline = d.deadlineAt ? formatShanghai(new Date(d.deadlineAt)) : '—';
    const head = `${d.serial}｜${d.categoryLabel}｜${d.statusLabel}${d.overdue ? '（已超期）' : ''}`;
    const moves = d.allowedActions.flatMap((a) => CHAT_MOVES[a as DisputeAction]?.word ?? []);
    const canSend = moves.length ? [`可发：${moves.map((w) => `“${w} ${d.serial}”`).join('、')}`] : [];
    const details = [
      head,
      `村（社区）：${mdText(d.village)}　群众：${mdText(maskName(d.resident?.name))}`,
      `调解员：${d.mediator ? mdText(d.mediator.name) : '待指定'}　时限：${deadline}`,
      `事由：${mdText(clip(d.description, 80))}`,
      // The phone is whole only for the assigned mediator, the one to call back.
      ...(d.callback ? [`${CALLBACK_WORDS}：${d.contactPhone ? mdText(d.contactPhone) : '—'}`] : []),
      ...recent.map((e) => `· ${e.author?.role === 'resident' ? '群众' : mdText(e.author?.name)}：${mdText(clip(e.body, 60))}`),
      ...d.explanationRequests.filter((r) => !r.answeredAt).map((r) => `待法官答复：${mdText(clip(r.question, 80))}`),
      ...canSend,
    ].join('\n');
    if (ctx.chat === 'direct') return details;
    return {
      reply: [`${head}｜时限：${deadline}`, '详情（村社区、群众、事由和最近留言）已通过企业微信应用私信发给您。', ...canSend].join('\n'),
      privately: details,
    };
  },
};

const reply: BotCommand = {
  name: '回复',
  args: 'serial-text',
  usage: `回复 ${SERIAL_EXAMPLE} 您要对群众说的话`,
  summary: '给群众留言（会通知群众）',
  roles: ['mediator'],
  async run(ctx, { serial, text }) {
    const bad = badText(text, MESSAGE_MAX);
    if (bad) return bad;
    const id = await idOf(ctx, serial!);
    await ctx.services.disputes.postMessage(id, stored(text)!, { actor: ctx.principal, via: ctx.via });
    return `已回复 ${serial}，群众会在小程序收到。`;
  },
};

const explain: BotCommand = {
  name: '说法',
  args: 'serial-text',
  usage: `说法 ${SERIAL_EXAMPLE} 法律解释的内容`,
  summary: '法官对纠纷作法律解释（会通知群众）',
  roles: ['judge'],
  async run(ctx, { serial, text }) {
    const bad = badText(text, MESSAGE_MAX);
    if (bad) return bad;
    const id = await idOf(ctx, serial!);
    await ctx.services.disputes.explain(id, stored(text)!, { actor: ctx.principal, via: ctx.via });
    return `已对 ${serial} 作出法官说法，群众会在小程序看到。`;
  },
};

// 请法官 JF-… 问题: the mediator asks the court's judges; they are told in their group.
const askJudge: BotCommand = {
  name: '请法官',
  args: 'serial-text',
  usage: `请法官 ${SERIAL_EXAMPLE} 想请法官解答的法律问题`,
  summary: '请法官就纠纷提供法律意见（法官群会收到）',
  roles: ['mediator', 'admin'],
  async run(ctx, { serial, text }) {
    const bad = badText(text, NOTE_MAX);
    if (bad) return bad;
    const id = await idOf(ctx, serial!);
    await ctx.services.disputes.explanationRequests.ask(id, stored(text)!, { actor: ctx.principal, via: ctx.via });
    return `已请法官就 ${serial} 提供法律意见，法官答复后会通知您。群众只会看到“调解员已请法官提供法律意见”，看不到您的问题。`;
  },
};

// The moves a chat command makes, and how the bot says it made them; the
// table of moves (server/domain/disputes/dispute-status.ts) decides who may.
const CHAT_MOVES: Partial<Record<DisputeAction, { word: string; done: string }>> = {
  accept: { word: '受理', done: '已受理' },
  mediate: { word: '调解', done: '已开始调解' },
  resolve: { word: '办结', done: '已办结' },
  fail: { word: '失败', done: '已记为调解不成' },
};

const NEXT: Partial<Record<DisputeAction, (serial: string) => string>> = {
  accept: (s) => `下一步：联系双方后发“调解 ${s}”。`,
  mediate: (s) => `调解成功发“办结 ${s} 结果”，不成发“失败 ${s} 原因”。`,
  resolve: (s) => `双方可在调解协议达成后 30 日内共同申请司法确认：群众在小程序申请，对方当事人申请的，请发“对方申请 ${s}”。`,
  fail: () => '群众会在小程序看到如何向法院起诉和法院的诉讼服务电话。',
};

function move(action: DisputeAction, name: string, args: BotCommand['args'], usage: string, summary: string): BotCommand {
  return {
    name,
    args,
    usage,
    summary,
    roles: ['mediator', 'admin'],
    async run(ctx, { serial, text }) {
      const bad = badText(text, NOTE_MAX);
      if (bad) return bad;
      const id = await idOf(ctx, serial!);
      const r = await ctx.services.disputes.transition(id, action, stored(text) ?? null, { actor: ctx.principal, via: ctx.via });
      return [`${serial} ${CHAT_MOVES[action]!.done}，当前状态：${STATUS_LABELS[r.status]}。`, NEXT[action]?.(serial!)].filter(Boolean).join('\n');
    },
  };
}

// 延期 JF-… 天数 原因: the days come first in the text, as people say it ("15天" too).
const EXTENSION = /^(\d{1,3})[\s\u3000]*天?[\s\u3000,，:：]+(.+)$/s;

const extend: BotCommand = {
  name: '延期',
  args: 'serial-text',
  usage: `延期 ${SERIAL_EXAMPLE} 天数 原因`,
  summary: '申请延长办理期限（调委会负责人批准、双方同意后生效）',
  roles: ['mediator'],
  async run(ctx, { serial, text }) {
    const m = EXTENSION.exec(text!.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
    const days = m ? Number(m[1]) : NaN;
    if (!m || days < 1 || days > EXTENSION_MAX_DAYS) return `请写明延期天数（1–${EXTENSION_MAX_DAYS}）和原因，例如：延期 ${serial} 15 双方需补充材料`;
    const reason = m[2]!.trim();
    const bad = badText(reason, NOTE_MAX);
    if (bad) return bad;
    const id = await idOf(ctx, serial!);
    await ctx.services.disputes.extensions.request(id, { days, reason }, { actor: ctx.principal });
    return `已为 ${serial} 申请延期 ${days} 天，待调委会负责人批准，并征得双方当事人同意后生效。`;
  },
};

const approveExtension: BotCommand = {
  name: '同意延期',
  args: 'serial',
  usage: `同意延期 ${SERIAL_EXAMPLE}`,
  summary: '调委会负责人批准延期申请',
  roles: ['mediator', 'admin'],
  async run(ctx, { serial }) {
    const id = await ctx.services.disputes.idForHead(serial!, ctx.principal);
    const ext = await ctx.services.disputes.extensions.approve(id, await ctx.services.disputes.extensions.pendingId(id), { actor: ctx.principal });
    return ext.status === 'effective'
      ? `已批准 ${serial} 延期 ${ext.days} 天，现已生效。`
      : `已批准 ${serial} 延期 ${ext.days} 天，${ext.statusLabel}。`;
  },
};

// 对方申请 JF-…: the other party joins the application for judicial
// confirmation, as the mediator who spoke with them records it; with the
// resident's own application in the mini-program it goes to the court.
const otherPartyApplies: BotCommand = {
  name: '对方申请',
  args: 'serial',
  usage: `对方申请 ${SERIAL_EXAMPLE}`,
  summary: '记录对方当事人申请司法确认（双方都申请后送交法院）',
  roles: ['mediator'],
  async run(ctx, { serial }) {
    const r = await ctx.services.disputes.confirmation.otherPartyApplies(await idOf(ctx, serial!), { actor: ctx.principal, via: ctx.via });
    return r.status === 'confirmation_requested'
      ? `已记录对方当事人申请司法确认。双方均已申请，${serial} 已送交法院，当前状态：${STATUS_LABELS[r.status]}。`
      : `已记录对方当事人申请司法确认。还需群众在小程序申请（期限至${dayText(new Date(r.confirmation.dueAt))}），双方都申请后送交法院。`;
  },
};

export const disputeCommands: BotCommand[] = [
  view,
  reply,
  explain,
  askJudge,
  move('accept', '受理', 'serial-text?', `受理 ${SERIAL_EXAMPLE}`, '受理纠纷'),
  move('mediate', '调解', 'serial-text?', `调解 ${SERIAL_EXAMPLE}`, '开始调解'),
  move('resolve', '办结', 'serial-text', `办结 ${SERIAL_EXAMPLE} 调解结果`, '调解成功，办结'),
  move('fail', '失败', 'serial-text', `失败 ${SERIAL_EXAMPLE} 原因`, '调解不成'),
  extend,
  approveExtension,
  otherPartyApplies,
];
