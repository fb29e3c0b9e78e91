// The bot's mediation commands (bot/commands/dispute.commands.ts): their
// names, usage lines and answers. A name or alias is what people type, so
// changing one changes the command.

const SERIAL_EXAMPLE = 'JF-2026-000123';

export const botDisputeTexts = {
  serialExample: SERIAL_EXAMPLE,
  view: {
    name: '查看',
    usage: `查看 ${SERIAL_EXAMPLE}`,
    summary: '纠纷概况和最近留言（群聊中详情私信发送）',
    overdue: '（已超期）',
    head: (serial: string, category: string, status: string, overdue: string) => `${serial}｜${category}｜${status}${overdue}`,
    canSend: (commands: readonly string[]) => `可发：${commands.map((c) => `“${c}”`).join('、')}`,
    command: (word: string, serial: string) => `${word} ${serial}`,
    placeAndResident: (village: string, resident: string) => `村（社区）：${village}　群众：${resident}`,
    unassigned: '待指定',
    mediatorAndDeadline: (mediator: string, deadline: string) => `调解员：${mediator}　时限：${deadline}`,
    description: (text: string) => `事由：${text}`,
    callback: (words: string, phone: string) => `${words}：${phone}`,
    resident: '群众',
    entry: (author: string, body: string) => `· ${author}：${body}`,
    awaitingJudge: (question: string) => `待法官答复：${question}`,
    groupHead: (head: string, deadline: string) => `${head}｜时限：${deadline}`,
    sentPrivately: '详情（村社区、群众、事由和最近留言）已通过企业微信应用私信发给您。',
  },
  reply: {
    name: '回复',
    usage: `回复 ${SERIAL_EXAMPLE} 您要对群众说的话`,
    summary: '给群众留言（会通知群众）',
    done: (serial: string) => `已回复 ${serial}，群众会在小程序收到。`,
  },
  explain: {
    name: '说法',
    usage: `说法 ${SERIAL_EXAMPLE} 法律解释的内容`,
    summary: '法官对纠纷作法律解释（会通知群众）',
    done: (serial: string) => `已就 ${serial} 发出法官说法，群众可在小程序查看。`,
  },
  askJudge: {
    name: '请法官',
    usage: `请法官 ${SERIAL_EXAMPLE} 想请法官解答的法律问题`,
    summary: '请法官就纠纷提供法律意见（法官群会收到）',
    done: (serial: string) => `已请法官就 ${serial} 提供法律意见，法官答复后会通知您。群众只会看到“调解员已请法官提供法律意见”，看不到您的问题。`,
  },
  // The moves a chat command makes: the word (and the plainer verbs people also
  // say for it), and how the bot says it made them.
  moves: {
    accept: {
      word: '受理', usage: `受理 ${SERIAL_EXAMPLE}`, summary: '受理纠纷', done: '已受理',
      next: (s: string) => `下一步：联系双方后发“调解 ${s}”。`,
    },
    mediate: {
      word: '调解', usage: `调解 ${SERIAL_EXAMPLE}`, summary: '开始调解', done: '已开始调解',
      next: (s: string) => `调解成功请发：调成 ${s} 结果；没调成请发：未调成 ${s} 原因。`,
    },
    resolve: {
      word: '办结', aliases: ['调成'], usage: `办结 ${SERIAL_EXAMPLE} 调解结果`, summary: '调解成功，办结', done: '已办结',
      next: (s: string) => `双方可在调解协议达成后 30 日内共同申请司法确认：群众在小程序申请，对方当事人申请的，请发“对方申请 ${s}”。`,
    },
    fail: {
      word: '失败', aliases: ['未调成'], usage: `失败 ${SERIAL_EXAMPLE} 原因`, summary: '调解不成', done: '已记为调解不成',
      next: (_s: string) => '群众会在小程序看到如何向法院起诉和法院的诉讼服务电话。',
    },
  },
  moved: (serial: string, done: string, status: string) => `${serial} ${done}，当前状态：${status}。`,
  extend: {
    name: '延期',
    usage: `延期 ${SERIAL_EXAMPLE} 天数 原因`,
    summary: '申请延长办理期限（调委会负责人批准、双方同意后生效）',
    badDays: (max: number, serial: string) => `请写明延期天数（1–${max}）和原因，例如：延期 ${serial} 15 双方需补充材料`,
    done: (serial: string, days: number) => `已为 ${serial} 申请延期 ${days} 天，待调委会负责人批准，并征得双方当事人同意后生效。`,
  },
  approveExtension: {
    name: '同意延期',
    usage: `同意延期 ${SERIAL_EXAMPLE}`,
    summary: '调委会负责人批准延期申请',
    effective: (serial: string, days: number) => `已批准 ${serial} 延期 ${days} 天，现已生效。`,
    pending: (serial: string, days: number, state: string) => `已批准 ${serial} 延期 ${days} 天，${state}。`,
  },
  otherPartyApplies: {
    name: '对方申请',
    usage: `对方申请 ${SERIAL_EXAMPLE}`,
    summary: '记录对方当事人申请司法确认（双方都申请后送交法院）',
    sent: (serial: string, status: string) => `已记录对方当事人申请司法确认。双方均已申请，${serial} 已送交法院，当前状态：${status}。`,
    waiting: (due: string) => `已记录对方当事人申请司法确认。还需群众在小程序申请（期限至${due}），双方都申请后送交法院。`,
  },
} as const;
