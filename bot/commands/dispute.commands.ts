import { maskName } from '../../server/domain/masking';
import { formatShanghai } from '../../server/domain/shanghai-time';
import { DISPUTE_TEXT } from '../../server/domain/disputes/dispute-limits';
import { CALLBACK_WORDS } from '../../server/domain/disputes/dispute-notices';
import { STATUS_LABELS, type DisputeAction } from '../../server/domain/disputes/dispute-status';
import { mdText } from '../../server/domain/outbox/markdown-text';
import { normalizeLines, textProblem } from '../../server/domain/user-text';
import { EXTENSION_MAX_DAYS } from '../../server/domain/disputes/dispute-extensions';
import { dayText } from '../../server/domain/disputes/confirmation-notices';
import { staff } from '../../server/texts/staff.texts';
import type { BotCommand, CommandContext } from '../command';

// The mediation commands: read a dispute, answer the resident, explain the
// law, move the dispute on. Each reply says what happened and what comes next.

const T = staff.botDisputes;
const clip = (s: string, n: number) => (Array.from(s).length > n ? Array.from(s).slice(0, n).join('') + '…' : s);

// The limits and the character rule the API sets on the same texts
// (server/domain/user-text.ts): the chat is no way around them.
const MESSAGE_MAX = DISPUTE_TEXT.body.max;
const NOTE_MAX = DISPUTE_TEXT.note.max;
function badText(text: string | undefined, max: number): string | null {
  if (text === undefined) return null;
  const problem = textProblem(normalizeLines(text), 'lines');
  if (problem) return staff.bot.textProblem(problem);
  return text.length > max ? staff.bot.textTooLong(max, text.length) : null;
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
  name: T.view.name,
  args: 'serial',
  usage: T.view.usage,
  summary: T.view.summary,
  roles: ['mediator', 'judge', 'official', 'admin'],
  async run(ctx, { serial }) {
    const d = await ctx.services.disputes.get(await idOf(ctx, serial!), ctx.principal);
    const recent = d.timeline.filter((e) => e.kind === 'message' || e.kind === 'explanation').slice(-3);
    const deadline = d.deadlineAt ? formatShanghai(new Date(d.deadlineAt)) : '—';
    const head = T.view.head(d.serial, d.categoryLabel, d.statusLabel, d.overdue ? T.view.overdue : '');
    const moves = d.allowedActions.flatMap((a) => (a in CHAT_MOVES ? [T.moves[a as ChatMove].word] : []));
    const canSend = moves.length ? [T.view.canSend(moves.map((w) => T.view.command(w, d.serial)))] : [];
    const details = [
      head,
      T.view.placeAndResident(mdText(d.village), mdText(maskName(d.resident?.name))),
      T.view.mediatorAndDeadline(d.mediator ? mdText(d.mediator.name) : T.view.unassigned, deadline),
      T.view.description(mdText(clip(d.description, 80))),
      // The phone is whole only for the assigned mediator, the one to call back.
      ...(d.callback ? [T.view.callback(CALLBACK_WORDS, d.contactPhone ? mdText(d.contactPhone) : '—')] : []),
      ...recent.map((e) => T.view.entry(e.author?.role === 'resident' ? T.view.resident : mdText(e.author?.name), mdText(clip(e.body, 60)))),
      ...d.explanationRequests.filter((r) => !r.answeredAt).map((r) => T.view.awaitingJudge(mdText(clip(r.question, 80)))),
      ...canSend,
    ].join('\n');
    if (ctx.chat === 'direct') return details;
    return {
      reply: [T.view.groupHead(head, deadline), T.view.sentPrivately, ...canSend].join('\n'),
      privately: details,
    };
  },
};

const reply: BotCommand = {
  name: T.reply.name,
  args: 'serial-text',
  usage: T.reply.usage,
  summary: T.reply.summary,
  roles: ['mediator'],
  async run(ctx, { serial, text }) {
    const bad = badText(text, MESSAGE_MAX);
    if (bad) return bad;
    const id = await idOf(ctx, serial!);
    await ctx.services.disputes.postMessage(id, stored(text)!, { actor: ctx.principal, via: ctx.via });
    return T.reply.done(serial!);
  },
};

const explain: BotCommand = {
  name: T.explain.name,
  args: 'serial-text',
  usage: T.explain.usage,
  summary: T.explain.summary,
  roles: ['judge'],
  async run(ctx, { serial, text }) {
    const bad = badText(text, MESSAGE_MAX);
    if (bad) return bad;
    const id = await idOf(ctx, serial!);
    await ctx.services.disputes.explain(id, stored(text)!, { actor: ctx.principal, via: ctx.via });
    return T.explain.done(serial!);
  },
};

// 请法官 JF-… 问题: the mediator asks the court's judges; they are told in their group.
const askJudge: BotCommand = {
  name: T.askJudge.name,
  args: 'serial-text',
  usage: T.askJudge.usage,
  summary: T.askJudge.summary,
  roles: ['mediator', 'admin'],
  async run(ctx, { serial, text }) {
    const bad = badText(text, NOTE_MAX);
    if (bad) return bad;
    const id = await idOf(ctx, serial!);
    await ctx.services.disputes.explanationRequests.ask(id, stored(text)!, { actor: ctx.principal, via: ctx.via });
    return T.askJudge.done(serial!);
  },
};

// The moves a chat command makes, each with its words and how the bot says
// it made them (T.moves); the table of moves
// (server/domain/disputes/dispute-status.ts) decides who may.
type ChatMove = keyof typeof T.moves & DisputeAction;
const CHAT_MOVES: Record<ChatMove, true> = { accept: true, mediate: true, resolve: true, fail: true };

// `aliases` are the plainer verbs people also say (调成 for 办结): the same command.
function move(action: ChatMove, args: BotCommand['args'], aliases: readonly string[] = []): BotCommand {
  const words = T.moves[action];
  return {
    name: words.word,
    ...(aliases.length ? { aliases } : {}),
    args,
    usage: words.usage,
    summary: words.summary,
    roles: ['mediator', 'admin'],
    async run(ctx, { serial, text }) {
      const bad = badText(text, NOTE_MAX);
      if (bad) return bad;
      const id = await idOf(ctx, serial!);
      const r = await ctx.services.disputes.transition(id, action, stored(text) ?? null, { actor: ctx.principal, via: ctx.via });
      return [T.moved(serial!, words.done, STATUS_LABELS[r.status]), words.next(serial!)].join('\n');
    },
  };
}

// 延期 JF-… 天数 原因: the days come first in the text, as people say it ("15天" too).
const EXTENSION = /^(\d{1,3})[\s\u3000]*天?[\s\u3000,，:：]+(.+)$/s;

const extend: BotCommand = {
  name: T.extend.name,
  args: 'serial-text',
  usage: T.extend.usage,
  summary: T.extend.summary,
  roles: ['mediator'],
  async run(ctx, { serial, text }) {
    const m = EXTENSION.exec(text!.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
    const days = m ? Number(m[1]) : NaN;
    if (!m || days < 1 || days > EXTENSION_MAX_DAYS) return T.extend.badDays(EXTENSION_MAX_DAYS, serial!);
    const reason = m[2]!.trim();
    const bad = badText(reason, NOTE_MAX);
    if (bad) return bad;
    const id = await idOf(ctx, serial!);
    await ctx.services.disputes.extensions.request(id, { days, reason }, { actor: ctx.principal });
    return T.extend.done(serial!, days);
  },
};

const approveExtension: BotCommand = {
  name: T.approveExtension.name,
  args: 'serial',
  usage: T.approveExtension.usage,
  summary: T.approveExtension.summary,
  roles: ['mediator', 'admin'],
  async run(ctx, { serial }) {
    const id = await ctx.services.disputes.idForHead(serial!, ctx.principal);
    const ext = await ctx.services.disputes.extensions.approve(id, await ctx.services.disputes.extensions.pendingId(id), { actor: ctx.principal });
    return ext.status === 'effective'
      ? T.approveExtension.effective(serial!, ext.days)
      : T.approveExtension.pending(serial!, ext.days, ext.statusLabel);
  },
};

// 对方申请 JF-…: the other party joins the application for judicial
// confirmation, as the mediator who spoke with them records it; with the
// resident's own application in the mini-program it goes to the court.
const otherPartyApplies: BotCommand = {
  name: T.otherPartyApplies.name,
  args: 'serial',
  usage: T.otherPartyApplies.usage,
  summary: T.otherPartyApplies.summary,
  roles: ['mediator'],
  async run(ctx, { serial }) {
    const r = await ctx.services.disputes.confirmation.otherPartyApplies(await idOf(ctx, serial!), { actor: ctx.principal, via: ctx.via });
    return r.status === 'confirmation_requested'
      ? T.otherPartyApplies.sent(serial!, STATUS_LABELS[r.status])
      : T.otherPartyApplies.waiting(dayText(new Date(r.confirmation.dueAt)));
  },
};

export const disputeCommands: BotCommand[] = [
  view,
  reply,
  explain,
  askJudge,
  move('accept', 'serial-text?'),
  move('mediate', 'serial-text?'),
  move('resolve', 'serial-text', T.moves.resolve.aliases),
  move('fail', 'serial-text', T.moves.fail.aliases),
  extend,
  approveExtension,
  otherPartyApplies,
];
