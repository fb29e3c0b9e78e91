// What staff read — mediators, judges, officials, administrators: WeCom cards,
// bot answers and usage lines, the errors only staff can get (the admin API,
// imports, the CLI). Wording every audience can read is `common` in
// resident.texts.ts and is not repeated here.
//
// Conventions as in resident.texts.ts: grouped by feature; English keys saying
// what the text is for; a text with values is a small function of them.

import { common } from './resident.texts';
import { botDisputeTexts } from './staff/bot-disputes.texts';
import { botGeneralTexts } from './staff/bot-general.texts';
import { linkageDigestTexts } from './staff/linkage-digest.texts';
import { linkageTexts } from './staff/linkage.texts';
import { agencyTexts, articleTexts } from './staff/agencies.texts';
import { disputeNoticeTexts } from './staff/disputes.texts';

// 法释〔2020〕3号 (行政机关负责人出庭应诉), quoted on cards and bot answers.
const ARTS_8_9 = '负责人确实不能出庭的，应在开庭前向法院提交加盖单位印章的书面说明，并委托相应的工作人员出庭（法释〔2020〕3号第八、九条）。';
const HEARING_USAGE = '出庭 （2026）陕0602行初12号 负责人|副职|不能出庭 [姓名或原因]';

export const staff = {
  console: {
    // 待办: a hearing's line.
    todoHearing: (caseNumber: string, session: number) => `${caseNumber}（第 ${session} 次开庭）`,
    notBuilt: '管理控制台尚未构建：请在项目目录运行 npm run build:console 后刷新',
  },
  login: {
    wecomMisconfigured: '企业微信登录配置有误，请联系管理员',
    wecomUnavailable: '企业微信服务暂时无法连接，请稍后再试',
    wecomCodeInvalid: '企业微信登录凭证无效或已使用，请重新打开',
    wecomFailedWithCode: (errcode: number) => `企业微信登录失败（${errcode}）`,
    wecomNotMember: '您不是本单位企业微信成员，无法以工作人员身份登录',
    wecomNotConfigured: '尚未配置企业微信登录，请联系管理员',
    notRegistered: '您尚未登记为工作人员，请联系管理员添加',
    sharedTokenLogout: '共用管理令牌不能退出登录，如需停用请更换 FUYUAN_ADMIN_TOKEN 配置',
    tokenForDisabled: '该账号已停用，不能签发令牌',
    // Who did it, in the audit and on cards, when the shared admin token did.
    adminTokenName: '系统管理员',
    // Development login (the console's demo people) answers as if it did not exist when off.
    devLoginOff: '开发登录未开启',
    devUserUnknown: '没有这位演示人员，或其账号已停用',
  },
  users: {
    cannotChangeSelf: '不能停用自己的账号或取消自己的管理员角色，请由其他管理员操作',
    // Why a mediator's open disputes are handed over (server/domain/disputes/mediator-handover.ts).
    leftReason: {
      disabled: '已停用',
      noLongerMediator: '已不再担任调解员',
      movedAway: '已调离本委员会',
    },
    agencyRequired: '工作人员必须属于一个单位',
    agencyNotFound: '所属单位不存在',
    wecomTaken: '该企业微信账号已绑定其他用户',
    wecomUserIdFormat: '格式不正确',
    idNumberFormat: '应为 18 位身份证号',
    notBoolean: '应为 true 或 false',
    emptyChange: '请至少填写一项要修改的内容',
    fields: {
      name: '姓名', role: '角色', agencyId: '所属单位', wecomUserId: '企业微信账号', phone: '手机号',
      idNumber: '身份证号', villages: '联系村（社区）', id: '用户编号', active: '是否启用', ...common.validation.fields,
    },
  },
  outbox: {
    notification: '通知',
    notRetryable: (statusLabel: string) => `该通知当前状态为“${statusLabel}”，只有发送失败或已取消的通知可以重试`,
    statuses: {
      pending: '待发送',
      sending: '发送中',
      sent: '已发送',
      failed: '发送失败',
      cancelled: '已取消',
    },
    // Where the console channel "sends" what has no real recipient (the outbox listing shows it).
    consoleGroup: (agencyName: string) => `群:${agencyName}`,
    consolePerson: (name: string) => `人:${name}`,
    consoleAgencyId: (agencyId: number) => `单位#${agencyId}`,
    consoleUserId: (userId: number) => `人#${userId}`,
    consoleResidentId: (userId: number) => `群众#${userId}`,
    trimmed: '\n…（内容过长，已截断，请在系统中查看全文）',
    partMarker: (i: number, n: number) => `（${i}/${n}）\n`,
    fields: { status: '状态', channel: '渠道', id: '通知编号', ...common.validation.fields },
  },
  reminders: {
    offsetsEmpty: '至少需要一个提醒时间，例如 3d,0d',
    offsetInvalid: (label: string) => `提醒时间“${label}”格式不对，应为数字加 d（天）、h（小时）或 m（分钟），例如 3d`,
    offsetsRepeated: '提醒时间有重复',
    // Why pending reminders were cancelled (the outbox listing shows it).
    cancelled: '提醒已取消',
    replanned: '提醒已重新安排',
    hearingMoved: '开庭时间变更',
    hearingCancelled: '开庭已取消',
  },
  // The State Council's holiday arrangement of each year (deadlines count working days).
  calendar: {
    file: {
      notACalendar: '文件既不是 JSON 也不是 .ics 日历',
      jsonShape: 'JSON 文件应为 chinese-days 的年度格式：{"holidays": {"日期": "名称"}, "workdays": {"日期": "名称"}}，或与接口相同的 {"holidays": ["日期"], "workdays": ["日期"]}',
      icsEmpty: '.ics 文件中没有日程（VEVENT）',
      eventStart: (n: number, summary: string) => `第 ${n} 个日程（${summary || '无标题'}）的开始日期（DTSTART）无法识别`,
      eventEnd: (n: number, summary: string) => `第 ${n} 个日程（${summary || '无标题'}）的结束日期（DTEND）无法识别`,
      eventTooLong: (n: number, summary: string) => `第 ${n} 个日程（${summary || '无标题'}）跨度超过一年，不像节假日安排`,
      invalidDate: (written: string) => `“${written}”不是有效的日期（应为 YYYY-MM-DD）`,
    },
    year: {
      yearRange: (min: number, max: number) => `年份应为 ${min} 至 ${max} 之间的整数`,
      sourceRequired: '请填写数据来源（如国务院办公厅通知的文号）',
      nameTooLong: (date: string, max: number) => `${date} 的名称不能超过 ${max} 个字`,
      notInYear: (date: string, year: number) => `${date} 不在 ${year} 年内`,
      bothKinds: (date: string) => `${date} 不能既是休息日又是调休上班日`,
      pathYear: '应为四位数字年份，如 2027',
      pathYearRange: (min: number, max: number) => `应在 ${min} 至 ${max} 之间`,
      dateText: '应为日期文字（YYYY-MM-DD）',
      namesShape: '应为“日期: 名称”的对象',
      nameUnlisted: (date: string) => `${date} 不在休息日或调休上班日中`,
    },
    // A deadline reached a year with no arrangement loaded: the admins are asked to load it.
    uncovered: {
      title: (year: number) => `请导入${year}年节假日安排`,
      why: (year: number) => `有期限已计算到${year}年，系统还没有该年的法定节假日和调休安排，暂按周末休息计算，相关期限标为“暂定”。`,
      ask: (year: number) => `国务院办公厅公布${year}年安排后，请管理员导入（npx fuyuan calendar load 文件，或 PUT /api/calendar/${year}）；导入后系统会重新计算这些期限。`,
      consoleTarget: '管理员',
    },
    fields: { year: '年份', holidays: '休息日', workdays: '调休上班日', source: '数据来源', names: '名称' },
  },
  hearings: {
    hearing: '庭审',
    caseNumberWrong: (problem: string) => `案号有误：${problem}`,
    defendantNotFound: '被告行政机关不存在',
    agencyNotFound: '单位不存在',
    exists: (caseNumber: string, session: number) => `${caseNumber} 第 ${session} 次庭审已存在，如需改期请修改原记录`,
    cancelled: '该庭审已取消',
    cancelledRevive: '该庭审已取消；如需恢复，请填写新的开庭时间',
    started: '庭审已开始，出庭情况由法官记录',
    notStarted: '庭审尚未开始；开庭前由行政机关申报出庭人员',
    appearances: { head: '负责人出庭', deputy: '副职负责人出庭', none: '负责人未出庭' },
    // WeCom cards to the defendant agency and the court.
    cards: {
      caseNumber: (caseNumber: string, session: number) => `> 案号：${caseNumber}（第 ${session} 次开庭）`,
      cause: (cause: string) => `> 案由：${cause}`,
      startsAt: (when: string) => `> 开庭时间：<font color="warning">${when}</font>`,
      courtRoom: (room: string) => `> 法庭：${room}`,
      judge: (name: string) => `> 承办法官：${name}`,
      defendant: (agency: string) => `> 被告：${agency}`,
      reminderTitle: '**开庭提醒 · 行政机关负责人出庭应诉**',
      reminderAsk: `请贵单位负责人（正职、副职或分管负责人）按时出庭应诉。${ARTS_8_9}`,
      reminderHowToDeclare: (caseNumber: string) => `申报出庭人员请发：出庭 ${caseNumber} 负责人 姓名`,
      movedTitle: '**开庭时间变更**',
      movedFrom: (when: string) => `> 原定：${when}`,
      movedAsk: '请按新的时间安排负责人出庭，原定时间的提醒已取消。',
      cancelledTitle: '**开庭取消**',
      cancelledNote: '该次开庭已取消，原有提醒不再发送；如法院另行排期，将再次通知。',
      noticeShortTitle: '**出庭通知时间不足三日**',
      noticeShortAsk: '该案需行政机关负责人出庭，开庭距今不足三日，出庭应诉通知书应在开庭三日前送达（法释〔2020〕3号第五条），请承办法官及时联系被告单位或调整开庭时间。',
    },
    // The court calendar's headers, as its export writes them (they are read, and named in row problems).
    columns: {
      caseNumber: '案号', startsAt: '开庭时间', session: '庭次', cause: '案由', courtRoom: '法庭', judgeName: '承办法官',
      parties: '当事人', defendantAgencyName: '被告行政机关', headMustAppear: '负责人出庭',
    },
    // Importing the court's calendar.
    file: {
      uploadType: '请上传 Excel（.xlsx）或 CSV 文件（Content-Type: text/csv 或 xlsx 类型）',
      uploadTooLarge: (mb: number) => `文件超过 ${mb} MB，请分批导入`,
      empty: '文件是空的，请导出法院排期表后再上传',
      unreadable: '无法读取该文件：请上传 Excel（.xlsx）或 CSV 文件',
      tooManyRows: (max: string) => `文件超过 ${max} 行，请分批导入`,
      missingColumns: (missing: string[]) => `缺少必需的列：${missing.join('、')}（表头须含“案号”和“开庭时间”）`,
      caseNumberEmpty: '案号为空',
      sessionInvalid: (written: string) => `庭次“${written}”应为正整数，如 1、2`,
      headMustAppearInvalid: '负责人出庭应填“是”或“否”',
      cellTooLong: (header: string, max: number) => `${header}不能超过 ${max} 字`,
      duplicateRow: (firstRow: number) => `与第 ${firstRow} 行是同一案件同一庭次，但开庭时间不同；请核对后只保留一行`,
      windowOrder: '导入范围的开始日期应早于结束日期',
      agencyUnknown: (name: string) => `未找到单位“${name}”，已导入但未关联单位，请管理员核对单位名称或别名`,
    },
    // Reading a hearing time as people write it.
    time: {
      empty: '开庭时间为空',
      unreadable: (written: string) => `无法识别的开庭时间“${written}”，请写成 2026-12-08 09:00`,
      noTime: '开庭时间缺少时刻，请写成 2026-12-08 09:00',
      timeUnreadable: (written: string) => `无法识别的开庭时刻“${written}”，请写成 09:00`,
      noSuchTime: (hhmm: string) => `开庭时刻 ${hhmm} 不存在`,
      noSuchDate: (year: number, month: number, day: number) => `日期 ${year}年${month}月${day}日 不存在`,
      invalidDate: '开庭时间不是有效日期',
    },
    fields: {
      caseNumber: '案号', session: '庭次', startsAt: '开庭时间', cause: '案由', courtRoom: '法庭', judgeName: '承办法官',
      parties: '当事人', defendantAgencyId: '被告行政机关', headMustAppear: '负责人出庭', status: '状态', appearance: '出庭情况',
      declaration: '出庭安排', name: '出庭人员', note: '说明', from: '开始日期', to: '结束日期', agencyId: '单位', id: '庭审编号',
      dryRun: '预览', half: '半年', month: '月份', ...common.validation.fields,
    },
    validation: {
      instant: '应为带时区的时间，如 2026-12-08T09:00:00+08:00',
      notADate: '应为日期',
      dateFormat: '应为日期，如 2026-12-01',
      noSuchDate: '日期不存在',
      positiveInteger: '应为正整数',
      yesOrNo: '应为是或否',
      onlyCancel: '只能改为 cancelled（取消）',
      oneOrZero: '应为 1 或 0',
      windowBothEnds: '导入范围需同时给出开始日期和结束日期',
      fromNeedsTo: '需与结束日期一起给出',
    },
  },
  disputes: {
    deadlineRecomputed: (serial: string, year: number, before: string, after: string) =>
      `纠纷 ${serial} 的办理期限按${year}年节假日安排重新计算：由 ${before} 调整为 ${after}。`,
    // A mediator leaves: their open disputes go to the committee's other mediators.
    handover: {
      toNewMediator: (mediator: string, reason: string, count: number) => `调解员${mediator}${reason}，以下 ${count} 件纠纷改由您承办：`,
      disputeLine: (serial: string, category: string, deadline: string) => `${serial}（${category}，化解时限 ${deadline}）`,
      // The command to send, written out (issue 11: 「如需答复，请发：回复 JF-… 答复内容」 is the pattern).
      howToView: (serials: readonly string[]) =>
        serials.length === 1 ? `如需查看详情，请发：查看 ${serials[0]}` : `如需查看详情，请发：查看 编号（如：查看 ${serials[0]}）`,
      cardTitle: (mediator: string, reason: string) => `**纠纷改派** 调解员${mediator}${reason}`,
      cardMove: (serial: string, category: string, to: string) => `> ${serial}（${category}）→ ${to}`,
      mediator: (name: string) => `调解员${name}`,
      unassigned: '<font color="warning">待指定</font>',
      cardUnassigned: (count: number) => `本委员会暂无其他在岗调解员，${count} 件纠纷待指定承办人，请尽快安排。`,
      cardFollowUp: '请新承办的调解员及时跟进。',
    },
  },
  disputeNotices: disputeNoticeTexts,
  agencies: agencyTexts,
  articles: articleTexts,
  // How a role is named in a sentence.
  roles: { resident: '群众', mediator: '调解员', judge: '法官', official: '机关干部', admin: '管理员' },
  botDisputes: botDisputeTexts,
  botGeneral: botGeneralTexts,
  bot: {
    strangerReply: '您好，系统中没有您的工作人员登记，暂时无法为您办理。如需使用，请联系管理员登记您的企业微信账号。',
    failureReply: '抱歉，系统暂时出了点问题，请稍后再试。',
    tooLong: '消息太长了，请分几次发送。',
    didYouMean: (usage: string) => `没看懂这条命令。您是不是想：${usage}\n发“帮助”查看全部命令。`,
    unknownCommand: '没看懂这条命令，发“帮助”查看您可以使用的命令。',
    notForRole: (command: string, roleWord: string) => `“${command}”不是${roleWord}可用的命令，发“帮助”查看您可以使用的命令。`,
    textProblem: (problem: string) => `内容${problem}，请修改后重新发送。`,
    textTooLong: (max: number, length: number) => `内容不能超过 ${max} 个字（现有 ${length} 个），请精简后再发。`,
    hearing: {
      name: '出庭',
      usage: HEARING_USAGE,
      summary: '行政机关负责人出庭：开庭前机关申报，开庭后法官记录',
      // The words the command reads after the case number.
      words: { head: '负责人', deputy: '副职', none: '不能出庭' },
      who: { head: '负责人', deputy: '副职负责人', none: '' },
      notUnderstood: `没看懂出庭情况。请发：${HEARING_USAGE}`,
      notFound: (caseNumber: string) => `没有找到案号${caseNumber}的庭审，请核对案号。`,
      which: (caseNumber: string, session: number, when: string) => `${caseNumber} 第${session}次开庭（${when}）`,
      reason: (note: string) => `，原因：${note}`,
      declaredAbsent: (which: string, reason: string) => `已申报：${which}负责人不能出庭${reason}。`,
      recordedAbsent: (which: string, reason: string) => `已记录：${which}负责人未出庭${reason}。`,
      absentReminder: (head: string) => `${head}\n请注意：负责人不能出庭的，应向法院提交加盖机关印章的书面说明，并委托相应的工作人员出庭（法释〔2020〕3号第八条、第九条）。`,
      declared: (which: string, person: string) => `已申报：${which}由${person}出庭。`,
      recorded: (which: string, person: string) => `已记录：${which}由${person}出庭。`,
    },
  },
  reports: {
    period: {
      halfFormat: '半年应写成 2026H1 或 2026H2',
      halfLabel: (year: number, firstHalf: boolean) => `${year}年${firstHalf ? '上' : '下'}半年`,
      monthFormat: '月份应写成 2026-11',
      monthLabel: (year: number, month: number) => `${year}年${month}月`,
      dateFormat: '日期应写成 2026-07-01',
      order: '开始日期不能晚于结束日期',
      rangeLabel: (from: string, to: string) => `${from}至${to}`,
      missing: '请指定统计期间：half=2026H2、month=2026-11，或 from 与 to',
    },
    titles: {
      disputes: '矛盾纠纷化解统计',
      appearance: '行政机关负责人出庭应诉通报',
      suggestions: '司法建议反馈统计',
      linkage: '府院联动事项统计',
    },
    source: '宝塔区府院联动平台',
    sheetTitle: (title: string, period: string, madeAt: string) => `${title}（${period}）　数据来源：宝塔区府院联动平台　生成时间：${madeAt}`,
    formatUnsupported: (format: string) => `暂不支持以 ${format} 格式导出该报表`,
    formatUnknown: '导出格式应为 json、xlsx、png、svg 或 html',
    nameUnknown: '报表名称应为 disputes、appearance、suggestions 或 linkage',
    file: '报表文件',
    report: '报表',
    fields: { name: '报表名称', format: '导出格式', half: '半年', month: '月份', from: '开始日期', to: '结束日期', id: '文件编号' },
    labels: { noTownship: '未对应乡镇', noCommittee: '未分派调委会', noAgency: '未指定单位' },
    linkageTypes: {
      judicial_suggestion: '司法建议',
      admin_dispute: '行政争议移送',
      debt_litigation_notice: '涉债诉讼告知',
      legality_review: '合法性审查',
      assistance_request: '协助请求',
      risk_letter: '风险提示函',
      joint_meeting: '联席会议',
    } as Record<string, string>,
    sheets: {
      summary: '汇总', rates: '化解率与用时', total: '合计', byCategory: '按类型', byTownship: '按乡镇街道', byVillage: '按村社区',
      byCommittee: '按调委会', byMonth: '按月', byAgency: '按单位', byType: '按事项类型',
    },
    headers: {
      item: '项目', value: '数量', period: '期间', change: '较上期变化',
      filed: '受理数', resolved: '调解成功', failed: '调解不成', withdrawn: '撤回', open: '办理中', overdue: '超期',
      successRate: '诉前化解成功率', medianDays: '化解用时中位数（天）', p90Days: '化解用时90分位（天）',
      category: '纠纷类型', township: '乡镇（街道）', village: '村（社区）', committee: '调解委员会', month: '月份',
      agency: '单位', required: '应出庭', head: '负责人出庭', deputy: '副职出庭', none: '未出庭', unrecorded: '未登记',
      appearanceRate: '出庭率', headRate: '正职出庭率',
      issued: '发出数', answeredOnTime: '按期反馈', answeredLate: '逾期反馈', pending: '未到期', answerRate: '反馈率',
      medianAnswerDays: '反馈用时中位数（天）',
      type: '事项类型', total: '总数', answered: '已反馈', transferred: '曾移送',
    },
  },
  // WeCom callbacks and the WeChat bot: refusals the WeCom platform (and its admin) reads.
  wecom: {
    botNotEncrypted: '企业微信机器人回调的内容不是 {"encrypt": …} 格式',
    botMessageIncomplete: '企业微信机器人回调的消息缺少必要字段',
    botReplyTrimmed: '\n…（内容过长，已截断）',
    messageIncomplete: '企业微信回调的消息缺少必要字段',
    noSignature: '企业微信回调缺少签名参数或参数格式不正确',
    badSignature: '企业微信回调签名校验失败',
    staleTimestamp: '企业微信回调的时间戳已过期或超前，已拒绝',
    badCiphertext: '企业微信回调的密文无法解密',
    badReceiveId: '企业微信回调的接收方与本系统不符',
    badRequest: '企业微信回调的内容格式不正确',
    readFailed: '请求内容读取失败',
    notUtf8: '请求内容不是 UTF-8 文本',
    badXml: '企业微信回调的 XML 格式不正确',
    xmlDoctype: '企业微信回调的 XML 含有文档类型或实体声明，已拒绝',
    noEncrypt: '企业微信回调缺少加密内容（Encrypt）或格式不正确',
    wechatyNotReady: '微信机器人尚未登录，暂时无法查找群，请稍后再试',
  },
  // The command line is for operators and speaks English; its few Chinese words are here.
  cli: {
    productName: '府院联动',
    adminToken: '管理员令牌',
    seedRefusedInProduction: '生产环境（NODE_ENV=production）不能写入演示数据。',
  },
  seed: {
    // The actor the audit names for demo data.
    actorName: '演示数据',
  },
  linkage: linkageTexts,
  linkageDigest: linkageDigestTexts,
  // Charts, the printable 通报 and the scheduled reports (server/domain/reports/).
  reportCharts: {
    titles: {
      disputes: '矛盾纠纷受理与化解情况',
      appearance: '行政机关负责人出庭应诉情况',
      suggestions: '司法建议反馈情况',
      linkage: '府院联动事项办理情况',
    },
    titleWithPeriod: (title: string, period: string) => `${title}（${period}）`,
    series: {
      filed: '受理', resolved: '化解成功', failed: '化解不成', open: '办理中',
      head: '负责人出庭', deputy: '副职出庭', none: '未出庭', unrecorded: '未记录',
      issued: '发出', onTime: '按期反馈', late: '逾期反馈', overdue: '逾期未反馈', pending: '未到期',
      answered: '已答复', transferred: '已移送', total: '登记',
    },
    axisCount: '件数',
    noAgency: '未指明机关',
    rate: '出庭率',
    successRate: '诉前化解成功率',
    answerRate: '反馈率',
    median: '化解用时中位数（天）',
    p90: '化解用时90%分位（天）',
    previousRate: '上期出庭率',
    percent: (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`),
    // The printable 通报.
    heading: '延安市宝塔区府院联动工作',
    headingKind: { disputes: '矛盾纠纷化解情况通报', appearance: '行政机关负责人出庭应诉情况通报', suggestions: '司法建议反馈情况通报', linkage: '联动事项办理情况通报' },
    periodLine: (period: string) => `统计期间：${period}`,
    generatedLine: (date: string) => `生成日期：${date}`,
    totalRow: '合计',
    columns: {
      agency: '机关', category: '纠纷类型', type: '事项类型', item: '项目', value: '数值', required: '应出庭',
    },
    totals: { filed: '受理', resolved: '化解成功', failed: '化解不成', withdrawn: '撤回', open: '办理中', overdue: '超期' },
  },
  // Reports sent on a schedule or by `通报`, and the `统计` card.
  reportSchedule: {
    // The actor figures are computed as (all of the district).
    actorName: '定期通报',
    // The bodies the policy names for the appearance 通报 (一8(1)): 区委依法治区委员会办公室,
    // 区纪委监委, 区委政法委, found by these words in their name or short name.
    oversightBodies: ['依法治区', '纪委监委', '政法委'],
    summaryTitle: (title: string, period: string) => `**${title}**（${period}）`,
    line: (label: string, value: string | number) => `> ${label}：${value}`,
    agencyLine: (name: string, rate: string, required: number) => `> ${name}：出庭率 ${rate}（应出庭 ${required} 件）`,
    moreAgencies: (n: number) => `> 另有 ${n} 个机关，详见附件`,
    filesNote: '图表见上；Excel 表格可在工作台“统计报表”下载。',
    sentNow: (title: string, groups: number) => `已发送${title}到 ${groups} 个群。`,
    alreadySent: (title: string) => `${title}本期已发送过，未重复发送。`,
    monthCard: (period: string) => `**本月统计**（${period}）`,
    fact: (label: string, value: string | number) => `${label} ${value}`,
    factsLine: (title: string, facts: string[]) => `> **${title}**：${facts.join('，')}`,
  },
  botReports: {
    stats: { name: '统计', usage: '统计', summary: '查看本月统计（您的职责范围）' },
    send: { name: '通报', usage: '通报 2026H2（半年出庭应诉通报）或 通报 2026-11（月度统计）', summary: '立即发送定期通报到联席办公室的群' },
    nothing: '本月暂无可用的统计数据。',
  },
} as const;
