// Linkage items (联动事项) as staff read them: the labels of types, states and
// actions, the refusals of the service and the API, the WeCom cards, the bot's
// answers and the Monday digest. Conventions as in ../staff.texts.ts. What was
// typed by someone reaches these functions already escaped (mdText) by the caller.

export const linkageTexts = {
  // One table of type labels, for screens, cards, the bot and the digest alike.
  typeLabels: {
    judicial_suggestion: '司法建议',
    admin_dispute: '行政争议',
    debt_litigation_notice: '债务诉讼通报',
    legality_review: '合法性审查',
    assistance_request: '查人找物',
    risk_letter: '风险提示函',
    joint_meeting: '联席会议',
  },
  statusLabels: {
    registered: '已登记',
    transferred: '已移送',
    assigned: '办理中',
    answered: '已反馈',
    closed: '已办结',
  },
  actionLabels: {
    register: '登记',
    sign: '签收',
    transfer: '移送',
    assign: '交办',
    urge: '催办',
    feedback: '反馈',
    close: '办结',
    reopen: '重新办理',
  },
  // The name `common.errors.notFound` is given.
  thing: '联动事项',
  errors: {
    readOnly: '您可以查看此事项，但不能办理',
    transferTargetRequired: '请选择移送的单位',
    alreadyThere: '事项已在该单位',
    transferTargetMissing: '移送的单位不存在',
    assigneeRequired: '请选择交办的人员',
    assigneeNotEligible: '只能交办给承办单位的在职人员',
    feedbackRequired: '请填写反馈内容',
    oneDeadlineRule: '期限只能按一种方式设置：天数、工作日、月数或时间',
    oneDeadlineRuleField: '只能设置一项',
    meetingTimeRequired: '联席会议需要会议时间（due.at）',
    meetingTimeRequiredField: '请填写会议时间',
    senderMissing: '来文单位不存在',
    suggestionByCourt: '司法建议由法院登记',
    ownAgencyOnly: '只能以本单位名义登记',
    courtTypes: '法院可登记司法建议、行政争议、债务诉讼通报、执行协助和风险提示函',
    legalityReviewOnly: '本单位只能向法院提请合法性审查',
    receiverMissing: '承办单位不存在',
    receiverIsSender: '承办单位不能是来文单位本身',
    legalityReviewToCourt: '合法性审查应提请法院',
    copyMissing: '抄送单位中有不存在的单位',
    disputeMissing: '纠纷不存在',
    suggestionSenderCourt: '司法建议的来文单位应为法院',
    itemNotFound: (reference: string) => `没有找到联动事项 ${reference}，或您无权查看`,
    agencyNotFound: (name: string) => `没有找到单位“${name}”`,
  },
  // Why an item's reminders stop.
  remindersCancelled: (actionLabel: string) => `联动事项已${actionLabel}`,
  // A resident's administrative dispute, registered as an item.
  adminDispute: {
    title: (serial: string) => `行政争议 ${serial}`,
    registeredNote: (serial: string) => `由群众说事 ${serial} 登记`,
  },
  // 司法建议 numbers: the default prefix (宝塔区法院 → 宝法建) and the number itself.
  numbering: {
    defaultPrefix: (firstChar: string) => `${firstChar}法建`,
    suggestionNumber: (prefix: string, year: number, n: number) => `${prefix}〔${year}〕${n}号`,
  },
  // The API's field labels and the messages of its own rules.
  fields: {
    type: '类型', title: '标题', body: '内容', toAgencyId: '承办单位', ccAgencyIds: '抄送单位', fromAgencyId: '来文单位',
    documentNumber: '文号', due: '办理期限', disputeId: '纠纷编号', status: '状态', overdue: '是否超期', action: '操作',
    assigneeId: '承办人', note: '说明', id: '事项编号',
  },
  validation: {
    atLeastOne: '至少为 1',
    atMost: (max: number) => `最大为 ${max}`,
    dueAt: '应为带时区的时间，如 2026-12-08T09:00:00+08:00',
    dueObject: '应为对象，如 {"workingDays": 15}',
    trueOrFalse: '应为 true 或 false',
  },
  // WeCom cards and messages about one item.
  notices: {
    heading: (typeLabel: string, reference: string) => `${typeLabel} ${reference}`,
    due: (due: string, provisional: boolean) => `> 办理期限：${due}${provisional ? '（暂定）' : ''}`,
    title: (title: string) => `> 标题：${title}`,
    from: (agency: string) => `> 来文单位：${agency}`,
    to: (agency: string) => `> 承办单位：${agency}`,
    newItem: {
      heading: (heading: string) => `**新的${heading}待签收**`,
      body: (body: string) => `> 内容：${body}`,
      signPlease: (reference: string) => `请签收：回复“签收 ${reference}”`,
      transferred: '（本事项由其他单位移送而来，期限自移送之日起重新计算）',
    },
    copied: (heading: string) => `**抄送：${heading}**`,
    assigned: (typeLabel: string, reference: string, title: string, by: string) => `${typeLabel} ${reference}“${title}”已交由您办理（${by}交办）。`,
    assignedDue: (due: string) => `办理期限：${due}`,
    urge: {
      heading: (heading: string) => `**催办：${heading}**`,
      by: (name: string) => `> 催办人：${name}`,
      note: (note: string) => `> 说明：${note}`,
      answerPlease: (reference: string) => `请尽快办理并反馈：回复“反馈 ${reference} 内容”`,
    },
    answered: {
      heading: (heading: string, late: boolean) => `**${heading} 已反馈${late ? '（逾期）' : ''}**`,
      by: (agency: string) => `> 反馈单位：${agency}`,
      note: '> 反馈内容：',
    },
    reminder: {
      heading: (heading: string, daysLeft: number) => `**${heading} ${daysLeft === 0 ? '今天到期' : `还有 ${daysLeft} 天到期`}**`,
      answerWhenDone: (reference: string) => `办结后请回复“反馈 ${reference} 内容”`,
    },
    overdue: {
      heading: (heading: string, days: number) => `**${heading} 已超期 ${days} 天**`,
      actNow: '请尽快办理并反馈。',
    },
    escalation: {
      heading: (heading: string) => `**通报：${heading} 超期未反馈**`,
      days: (days: number) => `已超期 ${days} 天，经催办仍未反馈。`,
    },
    deadlineMoved: (typeLabel: string, reference: string, year: number, before: string, after: string) =>
      `${typeLabel} ${reference} 的办理期限按${year}年节假日安排重新计算：由 ${before} 调整为 ${after}。`,
  },
  // The bot's linkage commands and its 待办 section.
  bot: {
    provisional: '（暂定）',
    named: (typeLabel: string, reference: string, title: string) => `${typeLabel} ${reference}“${title}”`,
    sign: {
      name: '签收',
      usage: '签收 宝法建〔2026〕1号',
      summary: '签收本单位收到的联动事项（文号或 #编号）',
      done: (named: string, due: string, reference: string) => `已签收：${named}，办理期限 ${due}。\n办结后请发“反馈 ${reference} 内容”。`,
    },
    feedback: {
      name: '反馈',
      usage: '反馈 宝法建〔2026〕1号 办理情况',
      summary: '反馈联动事项的办理情况，来文单位即时收到',
      done: (named: string) => `已反馈：${named}。来文单位已收到通知。`,
    },
    transfer: {
      name: '转办',
      usage: '转办 宝法建〔2026〕1号 单位名称',
      summary: '把不属于本单位职责的联动事项移送其他单位',
      done: (named: string, agency: string, due: string) => `已移送：${named}已转至${agency}，新的办理期限 ${due}。`,
    },
    urge: {
      name: '催办',
      usage: '催办 宝法建〔2026〕1号 [说明]',
      summary: '催促承办单位办理本单位发出的联动事项',
      // `agency` defaults to the role when the item has none.
      done: (named: string, agency: string) => `已催办：${named}，已通知${agency}。`,
      receiver: '承办单位',
    },
    todo: {
      title: '联动事项',
      line: (named: string, status: string, overdue: boolean, due: string) => `${named} ${status}，${overdue ? '已超期' : `期限 ${due}`}`,
      hint: '发“签收 文号”签收，“反馈 文号 内容”反馈。',
    },
  },
} as const;
