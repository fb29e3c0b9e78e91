// What residents read about their dispute (群众说事): its states, the
// timeline entries the server writes, the subscribe-message notes, the way to
// court, and the refusals the resident's API gives. Gathered into `resident`
// (resident.texts.ts) as `resident.disputes`.

export const residentDisputeTexts = {
  // The verbs of the status table; the staff act with them, the resident sees them
  // in "当前状态下您不能……" and in timeline entries.
  moves: {
    accept: '受理',
    mediate: '开始调解',
    resolve: '调解成功',
    fail: '调解不成',
    withdraw: '撤回',
    refer: '引导诉讼',
    confirm: '申请司法确认',
  },
  statuses: {
    submitted: '已提交',
    accepted: '已受理',
    mediating: '调解中',
    resolved: '调解成功',
    failed: '调解不成',
    withdrawn: '已撤回',
    // Issue 11: plain words, not 已引导诉讼.
    litigation: '调解没成，可以依法向法院起诉',
    confirmation_requested: '已申请司法确认',
  },
  // At most five Chinese characters, no punctuation: the subscribe message's `phrase` field.
  phrases: {
    litigation: '可依法起诉',
    confirmationRequested: '待司法确认',
  },
  timeline: {
    filed: '您提交了这件事',
    // 会商会办, as the resident reads it.
    escalated: (names: readonly string[]) => `已请${names.join('、')}等部门一起商量解决`,
    extensionRequested: (days: number, reason: string) => `调解员申请延期 ${days} 天：${reason}`,
    extensionApproved: (days: number) => `延期 ${days} 天已获批准，待当事人同意`,
    // `until` is formatUntil's 「至2026年5月1日」.
    extensionEffective: (days: number, until: string) => `办理期限延长 ${days} 天，${until}。`,
    residentConsented: '申请人同意延期',
    otherPartyConsented: '调解员记录：对方当事人同意延期',
    judgeAskedByMediator: '调解员已请法官提供法律意见',
    judgeAskedByStaff: '工作人员已请法官提供法律意见',
    confirmationResident: '申请人申请司法确认',
    confirmationOtherParty: '调解员记录：对方当事人申请司法确认',
    confirmationSent: (court: string | null) => `双方已共同申请司法确认${court ? `，申请已送交${court}` : ''}`,
  },
  extensions: {
    waiting: {
      approval: '调委会负责人批准',
      resident: '申请人同意',
      otherParty: '对方当事人同意',
    },
    effective: '已生效',
    waitingFor: (who: readonly string[]) => `待${who.join('、')}`,
  },
  // Subscribe messages: each note is a `thing` (at most 20 characters).
  notes: {
    confirmationDue: (day: string) => `请在${day}前申请司法确认`,
    confirmationSent: '双方已申请，法院将联系您',
    courtPhone: (phone: string) => `可依法起诉，电话${phone}`,
    courtSeeApp: '可依法起诉，详见小程序',
  },
  // The console channel's line for a resident's reminder.
  confirmationReminder: (serial: string) => `司法确认提醒 ${serial}`,
  // What a resident whose mediation failed is told.
  court: {
    canSue: '调解没成，可以依法向法院起诉。',
    howToSue: '起诉请带上身份证和相关证据，到宝塔区人民法院诉讼服务中心，或在“陕西移动微法院”网上立案。',
    phone: (phone: string) => `咨询电话：${phone}`,
  },
  // 「2026年12月28日」
  day: (year: number, month: number, day: number) => `${year}年${month}月${day}日`,
  things: { dispute: '纠纷', extension: '延期申请', article: '文章' },
  errors: {
    residentsOnly: '只有群众可以提交纠纷',
    noAccount: '账号不存在，请重新登录',
    dailyLimit: (today: number) => `您今天已提交 ${today} 件纠纷，已达每日上限，请明天再提交或直接联系调解员`,
    defendantNotFound: '被申请的行政机关不存在',
    agencyNotFound: '单位不存在',
    notFoundOrHidden: (serial: string) => `没有找到纠纷 ${serial}，或您无权查看`,
    chatNotYours: '只有群众本人和承办调解员可以在此留言',
    viewOnly: '您可以查看此纠纷，但不能办理',
    closedNoExtension: '纠纷已办结，不能再延期',
    extensionEffective: '该延期已生效，无需再次办理',
    consentNotYours: '只有申请人本人可以同意延期',
    consentNotApproved: '该延期申请尚未经调委会负责人批准，暂不能确认',
    consentGiven: '您已同意该延期',
    confirmationRequested: '双方已共同申请司法确认，申请已送交法院',
    confirmationNotOpen: '只有调解成功、达成调解协议的纠纷才能申请司法确认',
    confirmationWindowPassed: (days: number, day: string) =>
      `申请司法确认须在调解协议达成后${days}日内提出，期限（至${day}）已过，不能再申请。如有需要，可以依法向法院起诉。`,
    confirmationNotYours: '只有申请人本人可以申请司法确认',
    confirmationApplied: '您已申请司法确认，正在等对方当事人一起申请',
    villageUnknown: '所选村（社区）不存在，请重新选择',
    villageNotHere: '不是本区的村（社区）',
    privacyConsent: '请阅读并同意隐私说明后再提交',
    villageRequired: '不能为空，请选择所在的村（社区）',
  },
  // Why reminders were withdrawn (the outbox listing shows it).
  cancelled: {
    moved: (label: string) => `纠纷已${label}`,
    confirmationRequested: '已申请司法确认',
  },
  // The dispute API's field labels and the few messages of its own (server/http/routes/disputes.routes.ts).
  fields: {
    category: '纠纷类别', description: '事情经过', village: '村（社区）', villageId: '村（社区）', unmapped: '未对应村（社区）', otherParty: '对方当事人', phone: '联系电话',
    consent: '隐私说明', callback: '请调解员回电', defendantAgencyId: '被申请行政机关', body: '内容', action: '操作', note: '说明',
    agencyIds: '参与单位', question: '问题', articleId: '文章编号', days: '延期天数', reason: '延期理由', extId: '延期申请编号', status: '状态', overdue: '是否超期', id: '纠纷编号', page: '页码', pageSize: '每页条数',
  },
  validation: {
    yesOrNo: '应为是或否',
    trueOrFalse: '应为 true 或 false',
    oneOrZero: '应为 1 或 0',
    atLeastOneAgency: '至少选择一个单位',
    days: '应为天数',
    wholeDays: '应为整数天',
    atLeastOneDay: '至少 1 天',
    atMostDays: (max: number) => `最多 ${max} 天`,
  },
  // The suffixes that make a township's name (宝塔区 has 街道 and 镇).
  placeSuffixes: { subdistrict: '街道', town: '镇' },
} as const;
