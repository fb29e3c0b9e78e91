// What residents read, in one place so the wording is reviewed in one place
// (README, "Architecture": where wording lives). Plain words first; an
// official term only in brackets where it helps.
//
// Two exports:
// - `common`: what any audience can get — login refusals, form validation,
//   HTTP errors, dates. It lives here, not in the staff catalogue, because a
//   resident can read it: it is held to the resident's plain wording, and the
//   staff catalogue never repeats it.
// - `resident`: what only residents read — the subscribe messages of the
//   mini-program, timeline entries, the categories they pick, the errors only
//   the resident's API gives.
//
// Conventions: grouped by feature; keys in English saying what the text is for;
// a text with values is a small function of them (no concatenation at the call
// site). test/texts/catalogue.test.ts fails on Chinese text anywhere else in
// server/ and bot/.

import { adminDisputesTexts } from './resident/admin-disputes.texts';
import { residentDisputeTexts } from './resident/disputes.texts';

// The paging fields every list shares.
const PAGING = { page: '页码', pageSize: '每页条数' } as const;

export const common = {
  errors: {
    unauthenticated: '请先登录',
    tokenInvalid: '登录凭证无效或已过期，请重新登录',
    forbidden: '您没有权限进行此操作',
    notFound: (what: string) => `${what}不存在`,
    // Names `notFound` is given.
    things: {
      user: '用户',
      dispute: '纠纷',
    },
    statusRefused: (actionLabel: string) => `当前状态下您不能“${actionLabel}”`,
  },
  // zod messages: the field's label is put before them (`labelled`).
  validation: {
    required: '不能为空',
    notText: '应为文字',
    tooShort: (min: number) => `至少需要 ${min} 个字`,
    tooLong: (max: number) => `不能超过 ${max} 个字`,
    notAChoice: '不是可选的值',
    idNotNumber: '应为编号',
    idNotInteger: '应为整数编号',
    idNotPositive: '应为正整数编号',
    idTooLarge: '编号过大',
    phoneInvalid: '不是有效的电话号码',
    notAList: '应为列表',
    listTooLong: (max: number) => `最多 ${max} 项`,
    notNumber: '应为数字',
    notInteger: '应为整数',
    atLeastOne: '最小为 1',
    tooLarge: '过大',
    atMost100: '最大为 100',
    unknownField: '不是可提交的字段',
    notAnObject: '请求内容应为 JSON 对象',
    invalid: '提交的内容不正确',
    labelled: (label: string) => `${label}：`,
    // server/domain/user-text.ts: what people may type.
    text: {
      malformed: '包含无法识别的字符',
      lineBreak: '不能换行，也不能包含制表符或文字方向控制符',
      control: '不能包含控制字符或文字方向控制符',
    },
    // Field labels every form shares.
    fields: PAGING,
  },
  http: {
    cannotInflate: '提交的内容无法解压',
    tooLarge: '提交的内容过大',
    unsupportedEncoding: '不支持的内容编码',
    invalidJson: '提交的内容不是有效的 JSON',
    badRequest: '请求格式不正确',
    noSuchRoute: '请求的接口不存在',
    methodNotAllowed: '不支持该请求方式',
    databaseUnavailableRetry: '数据库暂时无法连接，请稍后再试',
    databaseUnavailable: '数据库暂时无法连接',
    internal: '服务器内部错误，请稍后再试',
    jsonOnly: '请以 JSON 格式提交（Content-Type: application/json）',
  },
  login: {
    accountDisabled: '该账号已停用，请联系工作人员',
    wechatNotConfigured: '尚未配置微信小程序登录，请联系管理员',
    wechatUnavailable: '微信服务暂时无法连接，请稍后再试',
    wechatCodeInvalid: '微信登录凭证无效或已使用，请重新进入小程序',
    wechatRateLimited: '登录太频繁，请稍后再试',
    wechatFailedWithCode: (errcode: number) => `微信登录失败（${errcode}），请稍后再试`,
    wechatFailed: '微信登录失败，请稍后再试',
    // The name a new resident has until they give theirs.
    newResidentName: '微信用户',
    fields: {
      code: '登录凭证',
      userId: '演示人员',
    },
  },
  time: {
    // "2026年11月26日 09:00", how a person in China reads a time.
    dateTime: (year: number, month: number, day: number, hhmm: string) => `${year}年${month}月${day}日 ${hhmm}`,
    // "至2026年5月1日": a deadline, as the issue asks residents to read it.
    until: (year: number, month: number, day: number) => `至${year}年${month}月${day}日`,
    none: '—',
  },
  // Case numbers (案号): residents type them to follow a case, staff import them.
  caseNumber: {
    errors: {
      notText: '案号应为文字',
      tooLong: '案号太长，请检查',
      empty: '请填写案号',
      noYear: '案号应以括号内的收案年度开头，如（2026）陕0602行初12号',
      yearDigits: '年份应为四位数字',
      courtCode: '法院代字不正确',
      noSeq: '缺少案件序号',
      typeCode: '案件类型代字不正确，如“民初”“行初”“执”',
      seq: '案件序号不正确',
      unknownType: (type: string) => `案件类型代字“${type}”不在常见列表中，已按原样接收`,
    },
    // Type codes of 最高人民法院关于人民法院案件案号的若干规定 (the common ones) and how they read.
    typeLabels: {
      民初: '民事一审', 民终: '民事二审', 民再: '民事再审', 民申: '民事申请再审审查', 民特: '民事特别程序（含司法确认）',
      民催: '公示催告', 民督: '督促程序', 民破: '破产', 民辖: '管辖', 民监: '民事审判监督',
      行初: '行政一审', 行终: '行政二审', 行再: '行政再审', 行申: '行政申请再审审查', 行审: '非诉行政执行审查',
      行审复: '非诉行政执行审查复议', 行赔初: '行政赔偿一审', 行赔终: '行政赔偿二审', 行辖: '行政管辖',
      刑初: '刑事一审', 刑终: '刑事二审', 刑再: '刑事再审', 刑申: '刑事申诉审查', 刑更: '减刑假释', 刑监: '刑事审判监督',
      执: '首次执行', 执恢: '恢复执行', 执异: '执行异议', 执复: '执行复议', 执保: '财产保全执行', 执监: '执行监督',
      执协: '执行协调', 执他: '其他执行', 财保: '诉前财产保全', 行保: '行政非诉保全',
      法赔: '法院赔偿', 委赔: '赔偿委员会', 司救民: '司法救助（民事）', 司救行: '司法救助（行政）', 司惩: '司法制裁',
      诉前调: '诉前调解',
    } as Readonly<Record<string, string>>,
  },
  articles: {
    fields: { category: '类别', title: '标题', body: '正文', q: '关键词', id: '文章编号', ...PAGING },
  },
  // What a person sees where a stored value cannot be decrypted (unknown key, tampered).
  unreadable: '***（无法解密）',
} as const;

export const resident = {
  // The kinds of dispute a resident picks from, and the committee that takes each.
  // Plain words first, the official term in brackets (issue 11, "Words").
  categories: {
    neighbor: '邻里纠纷',
    marriageFamily: '婚姻家庭纠纷',
    labor: '劳动争议',
    property: '物业纠纷',
    consumer: '消费纠纷',
    medical: '医疗纠纷',
    traffic: '交通事故纠纷',
    land: '土地承包纠纷',
    ip: '知识产权纠纷',
    lending: '民间借贷纠纷',
    petition: '对法院案子有意见（涉诉信访）',
    administrative: '和政府部门有争议（行政争议）',
    other: '其他纠纷',
    peopleCommittee: '人民调解委员会',
    marriageFamilyCommittee: '婚姻家庭纠纷人民调解委员会',
    laborCommittee: '劳动争议人民调解委员会',
    propertyCommittee: '物业纠纷人民调解委员会',
    consumerCommittee: '消费纠纷人民调解委员会',
    medicalCommittee: '医疗纠纷人民调解委员会',
    trafficCommittee: '道路交通事故纠纷人民调解委员会',
    ipCommittee: '知识产权纠纷人民调解委员会',
    petitionCentre: '诉前调解中心（涉诉信访）',
    administrativeCentre: '诉前调解中心（行政争议）',
  },
  disputes: residentDisputeTexts,
  // Entries of a dispute's timeline (the resident reads every one).
  timeline: {
    handedOver: (from: string, reason: string, to: string) => `调解员${from}${reason}，改由调解员${to}承办`,
    handedOverToNobody: (from: string, reason: string) => `调解员${from}${reason}，本委员会暂无其他调解员，待指定承办人`,
  },
  chat: {
    tooFast: (perMinute: number) => `留言太频繁了：每分钟最多 ${perMinute} 条，请稍后再发`,
  },
  subscriptions: {
    fields: { accepted: '已同意的订阅消息' },
  },
  // 开庭提醒: a resident follows a case by its number.
  hearings: {
    subscription: '开庭提醒',
    tooManyCases: (max: number) => `最多关注 ${max} 个案件，请先取消不再需要的提醒`,
    // When the calendar names no court room.
    defaultCourt: '宝塔区人民法院',
    // `text` is what the console channel shows; `note` is the subscribe message's last field.
    messages: {
      reminderText: (caseNumber: string) => `开庭提醒 ${caseNumber}`,
      reminderNote: '明天开庭，请按时到庭',
      scheduledText: (caseNumber: string) => `已排期 ${caseNumber}`,
      scheduledNote: '法院已安排开庭',
      movedText: (caseNumber: string) => `开庭时间变更 ${caseNumber}`,
      movedNote: '开庭时间已变更',
    },
    fields: { caseNumber: '案号', id: '提醒编号' },
  },
  adminDisputes: adminDisputesTexts,
} as const;
