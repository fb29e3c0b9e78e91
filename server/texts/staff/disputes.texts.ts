// What staff read about disputes: the WeCom cards and messages to mediators,
// committee heads, village cadres, courts and agencies, and the refusals only
// staff can get. Gathered into `staff` (staff.texts.ts) as `staff.disputeNotices`.
// The commands to send are written out (issue 11: 「如需答复，请发：回复 JF-… 答复内容」).

const howToAccept = (serial: string) => `如需受理，请发：受理 ${serial}`;
const howToReply = (serial: string) => `如需答复，请发：回复 ${serial} 答复内容`;
const howToView = (serial: string) => `如需查看详情，请发：查看 ${serial}`;

export const disputeNoticeTexts = {
  howToAccept,
  howToReply,
  howToView,
  callbackWords: '群众希望您回电',
  callbackMark: '请回电',
  pending: '待指定',
  preMediationCentre: '诉前调解中心',
  newCard: {
    title: (serial: string) => `**新的群众说事** ${serial}`,
    category: (label: string) => `> 类别：<font color="info">${label}</font>`,
    village: (village: string) => `> 村（社区）：${village}`,
    resident: (name: string, phone: string | null) => `> 群众：${name}${phone ? `（${phone}）` : ''}`,
    mediator: (name: string) => `> 调解员：${name}`,
    deadline: (when: string) => `> 化解时限：${when}`,
  },
  assigned: {
    intro: (serial: string, category: string, village: string) => `您有一件新分派的纠纷：${serial}（${category}，${village}）。`,
    deadline: (when: string) => `化解时限：${when}。`,
    callback: (words: string, serial: string) => `${words}，电话在“查看 ${serial}”里。`,
    actions: (serial: string) => `${howToView(serial)}；${howToAccept(serial)}`,
  },
  cadre: (village: string, category: string, serial: string, committee: string) =>
    `您包联的${village}有群众反映${category}（${serial}），已转${committee}办理，请关注。`,
  replier: {
    judge: (name: string) => `${name}法官`,
    mediator: (name: string) => `调解员${name}`,
  },
  deadline: {
    soon: (serial: string, village: string, deadline: string, daysLeft: number) =>
      `提醒：纠纷 ${serial}（${village}）将于 ${deadline} 到期，还有 ${daysLeft} 天，请抓紧化解。`,
    today: (serial: string, village: string, deadline: string) =>
      `提醒：纠纷 ${serial}（${village}）今天（${deadline}）到期，请今日内化解或说明情况。`,
  },
  categoryAndVillage: (category: string, village: string) => `> 类别：${category}　村（社区）：${village}`,
  overdue: {
    title: (serial: string) => `**纠纷超期催办** ${serial}`,
    status: (label: string, days: number) => `> 状态：${label}　已超期 <font color="warning">${days} 天</font>`,
    mediator: (name: string) => `> 调解员：${name}`,
    // Issue 11: the overdue card never asks the mediator to 回复.
    ask: (serial: string) => `请尽快化解；如需延期，请发：延期 ${serial} 天数 原因`,
    escalationTitle: (serial: string) => `**纠纷超期未办结，请督办** ${serial}`,
    escalationLine: (days: number, mediator: string) => `> 已超期 ${days} 天，群内已多次催办　调解员：${mediator}`,
    escalationAsk: '请督促调解员尽快化解，或申请延期。',
  },
  escalation: {
    title: (serial: string) => `**会商会办** ${serial}`,
    agencies: (names: readonly string[]) => `> 参与单位：${names.join('、')}`,
    note: (note: string) => `> 说明：${note}`,
    ask: '请各单位安排人员参加会商，共同化解。',
  },
  chat: {
    message: (serial: string, body: string) => `群众就纠纷 ${serial} 留言：${body}\n${howToReply(serial)}`,
    more: (count: number) => `……另有 ${count} 条`,
    digestTitle: (serial: string, count: number) => `群众就纠纷 ${serial} 又留言 ${count} 条：`,
    digestView: (serial: string) => `如需查看全文，请发：查看 ${serial}`,
  },
  withdrawn: (serial: string, village: string, note: string | null) =>
    `群众已撤回纠纷 ${serial}（${village}），无需再办理。${note ? `说明：${note}` : ''}`,
  extensions: {
    effective: (serial: string, days: number, until: string) => `纠纷 ${serial} 延期 ${days} 天已生效，办理期限延至 ${until}。`,
    askHead: (serial: string, days: number, reason: string) =>
      `纠纷 ${serial} 的调解员申请延期 ${days} 天，理由：${reason}\n同意请发“同意延期 ${serial}”。`,
    approved: (serial: string) => `纠纷 ${serial} 的延期申请已批准，请征得当事人同意（群众在小程序确认，对方当事人由您记录）。`,
  },
  confirmation: {
    title: (serial: string) => `**司法确认申请** ${serial}`,
    committee: (name: string) => `> 调解组织：${name}`,
    mediator: (name: string) => `> 调解员：${name}`,
    parties: (resident: string, other: string | null) => `> 当事人：${resident}（申请人）${other ? `、${other}` : ''}`,
    agreedOn: (day: string) => `> 调解协议达成：${day}`,
    window: (day: string) => `> 申请期限：协议达成后30日内，<font color="warning">至${day}</font>`,
    ask: '双方当事人已共同申请司法确认，请安排审查，并联系调解员调取调解协议。',
    waitingResident: '群众',
    waitingOtherParty: '对方当事人',
    and: '和',
    reminder: (serial: string, village: string, day: string, daysLeft: number) =>
      `提醒：纠纷 ${serial}（${village}）的调解协议可申请司法确认，期限至${day}，还有 ${daysLeft} 天。`,
    waiting: (who: string, serial: string) => `尚待${who}申请。对方当事人申请后请发：对方申请 ${serial}`,
    toMediator: (serial: string, court: string | null) =>
      `纠纷 ${serial} 双方已共同申请司法确认${court ? `，已告知${court}` : ''}。请备好调解协议，配合法院确认。`,
    residentApplied: (serial: string, day: string) =>
      `群众已就纠纷 ${serial} 申请司法确认（期限至${day}）。请联系对方当事人，对方同意申请后请发：对方申请 ${serial}`,
  },
  explanation: {
    title: (serial: string) => `**请法官说法** ${serial}`,
    asker: (name: string, committee: string | null) => `> 提问：${name}${committee ? `（${committee}）` : ''}`,
    question: (q: string) => `> 问题：${q}`,
    howToAnswer: (serial: string) => `如需答复，请发：说法 ${serial} 内容`,
    admin: '管理员',
    answered: (judge: string, serial: string) => `${judge}法官已就 ${serial} 发出法官说法，群众可在小程序查看。\n发“查看 ${serial}”看内容。`,
  },
  // 行政争议: the linkage item a dispute against an agency opens.
  adminDispute: {
    title: (serial: string) => `行政争议 ${serial}`,
    registered: (serial: string) => `由群众说事 ${serial} 登记`,
  },
  errors: {
    extensionNotMediator: '只有承办调解员可以申请延期',
    extensionPending: '该纠纷已有一项延期申请在办理中，请等其办结后再申请',
    approveNotHead: '只有调委会负责人或管理员可以批准延期',
    extensionApproved: '该延期申请已批准',
    otherPartyNotMediator: '只有承办调解员可以记录对方当事人的意见',
    noOtherParty: '该纠纷没有登记对方当事人，无需记录',
    otherPartyNotApproved: '该延期申请尚未经调委会负责人批准，暂不能记录当事人意见',
    otherPartyConsented: '已记录对方当事人同意',
    noPendingExtension: '该纠纷没有待批准的延期申请',
    escalateForbidden: '只有管理员或承办调委会可以提请会商',
    escalateClosed: '纠纷已办结，不能再提请会商',
    escalateAgencyMissing: '参与会商的单位不存在',
    escalateAgencyField: '包含不存在的单位',
    confirmationNotMediator: '只有承办调委会的调解员可以记录对方当事人申请',
    confirmationOtherApplied: '已记录对方当事人申请司法确认',
    askJudgeForbidden: '只有承办调委会的调解员或管理员可以请法官说法',
    askJudgeClosed: '纠纷已办结，不能再请法官说法',
  },
} as const;
