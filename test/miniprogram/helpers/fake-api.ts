import { CATEGORIES } from '../../../server/domain/disputes/dispute-categories';
import type {
  Article, ArticleSummary, Credits, HearingSubscription, DisputeDetail, DisputeExtension, DisputeListItem, FiledDispute, LoginResult, Places, PostedEntry, TimelineEntry,
} from '../../../miniprogram/services/types';
import type { WxReply, WxRequest } from './fake-wx';

// The server as the page tests see it: the routes the mini-program calls,
// answering in the API's shapes (services/types.ts, which api-contract.ts
// checks against the server's own types), with a little state.

const RESIDENT_ID = 7;
const at = (iso: string) => new Date(iso).toISOString();

// The phone's time in the page and client tests (services/clock is set to it),
// and when the fake server's logins end: a day later, as the real server's sessions.
export const CLIENT_NOW = Date.parse('2026-11-26T02:00:00.000Z');
export const SESSION_ENDS = new Date(CLIENT_NOW + 24 * 3600 * 1000).toISOString();
const error = (status: number, code: string, message: string, fields?: Record<string, string>): WxReply => ({
  status, data: { error: { code, message, ...(fields ? { fields } : {}) } },
});

export class FakeApi {
  tokens = new Set<string>();
  logins = 0;
  // Set to make the next POST /api/disputes fail validation on these fields.
  nextFilingErrors: Record<string, string> | null = null;
  filed: unknown[] = [];
  reported: string[][] = [];
  withdrawals = 0;
  credits: Credits = { dispute_reply: 0, dispute_status: 0, hearing_reminder: 0 };
  articles: Article[] = [
    { id: 1, category: 'neighbor', title: '邻里之间漏水，谁来赔？', body: '楼上漏水造成楼下损失的，楼上住户应当赔偿。\n可以先协商，协商不成找调解员。', judge: { id: 31, name: '王法官' }, publishedAt: at('2026-11-20T02:00:00Z') },
    { id: 2, category: 'labor', title: '老板拖欠工钱怎么办', body: '保存好考勤和聊天记录，可以申请劳动争议调解。', judge: { id: 31, name: '王法官' }, publishedAt: at('2026-11-18T02:00:00Z') },
    { id: 3, category: 'neighbor', title: '宅基地边界起争执', body: '以确权登记为准，不要动手。', judge: null, publishedAt: at('2026-11-10T02:00:00Z') },
    { id: 4, category: 'marriage_family', title: '彩礼能不能要回来', body: '要看是否登记结婚、是否共同生活。', judge: { id: 32, name: '李法官' }, publishedAt: at('2026-11-01T02:00:00Z') },
  ];
  // GET /api/places: a few of 宝塔区's streets and towns; null answers 404, as a server without the route.
  places: Places | null = {
    townships: [
      { id: 1, name: '宝塔山街道', kind: 'street', villages: [{ id: 101, name: '宝塔山社区' }, { id: 102, name: '东关社区' }] },
      { id: 2, name: '南市街道', kind: 'street', villages: [{ id: 201, name: '南关社区' }, { id: 202, name: '杜甫川社区' }, { id: 203, name: '七里铺社区' }] },
      { id: 3, name: '桥沟街道', kind: 'street', villages: [{ id: 301, name: '桥沟社区' }, { id: 302, name: '桥儿沟社区' }] },
      { id: 4, name: '河庄坪镇', kind: 'town', villages: [{ id: 401, name: '河庄坪村' }, { id: 402, name: '李家洼村' }] },
    ],
  };
  disputes: DisputeDetail[] = [];
  // 开庭提醒: the cases followed, and the sessions the court has scheduled, by case number.
  followed: HearingSubscription[] = [];
  sessions = new Map<string, NonNullable<HearingSubscription['nextHearing']>>();
  private nextFollowId = 1;

  constructor() {
    this.disputes.push(this.detail(101, 'JF-2026-000101', 'neighbor', 'mediating', [
      { id: 1, kind: 'move', author: { id: RESIDENT_ID, name: '张*', role: 'resident' }, body: '群众提交纠纷', at: at('2026-11-20T01:00:00Z') },
      { id: 2, kind: 'move', author: { id: 21, name: '刘调解员', role: 'mediator' }, body: '受理', at: at('2026-11-20T03:00:00Z') },
      { id: 3, kind: 'message', author: { id: 21, name: '刘调解员', role: 'mediator' }, body: '您好，明天上午我到村里了解情况。', at: at('2026-11-21T01:30:00Z') },
      { id: 4, kind: 'explanation', author: { id: 31, name: '王法官', role: 'judge' }, body: '相邻关系应当本着有利生产、方便生活的原则处理。', at: at('2026-11-22T02:00:00Z') },
    ]));
  }

  detail(id: number, serial: string, category: string, status: DisputeDetail['status'], timeline: TimelineEntry[]): DisputeDetail {
    const label = CATEGORIES.find((c) => c.id === category)!.label;
    return {
      id, serial, category, categoryLabel: label, status, statusLabel: status === 'submitted' ? '已提交' : '调解中',
      description: '邻居家的树挡住了我家的光，商量了几次都没有结果。', village: '杜甫川村', otherParty: '李某',
      contactPhone: '13800138000', committee: { id: 5, name: '宝塔区人民调解委员会' }, mediator: { id: 21, name: '刘调解员' },
      deadlineAt: at('2026-12-20T15:59:59.999Z'), overdue: false, extensions: [], confirmation: null, courtGuidance: null,
      allowedActions: ['submitted', 'accepted', 'mediating'].includes(status) ? ['withdraw'] : [],
      closedAt: null, createdAt: timeline[0]?.at ?? at('2026-11-26T02:00:00Z'),
      timeline, explanations: timeline.filter((e) => e.kind === 'explanation'),
      // The server's rule: the category's articles (a judge may attach others first).
      articles: this.articles.filter((a) => a.category === category).map((a) => ({ id: a.id, title: a.title })),
    };
  }

  // A request for more time as the server's view shows it: asked by the mediator, approved or not yet.
  extension(id: number, days: number, reason: string, approved: boolean): DisputeExtension {
    return {
      id, days, reason, status: 'requested', statusLabel: approved ? '待申请人同意、对方当事人同意' : '待调委会负责人批准、申请人同意、对方当事人同意',
      waitingFor: approved ? ['申请人同意', '对方当事人同意'] : ['调委会负责人批准', '申请人同意', '对方当事人同意'],
      approvedAt: approved ? at('2026-11-25T02:00:00Z') : null, residentConsentAt: null, otherPartyConsentAt: null,
      previousDeadlineAt: null, newDeadlineAt: null, createdAt: at('2026-11-24T02:00:00Z'),
    };
  }

  // The resident agrees, with the server's rules and messages (dispute-extensions.ts).
  private consent(d: DisputeDetail, extId: number): WxReply {
    const x = d.extensions.find((e) => e.id === extId);
    if (!x) return error(404, 'NOT_FOUND', '延期申请不存在');
    if (x.status === 'effective') return error(409, 'EXTENSION_EFFECTIVE', '该延期已生效，无需再次办理');
    if (!x.approvedAt) return error(409, 'EXTENSION_NOT_APPROVED', '该延期申请尚未经调委会负责人批准，暂不能确认');
    if (x.residentConsentAt) return error(409, 'EXTENSION_CONSENTED', '您已同意该延期');
    x.residentConsentAt = at('2026-11-26T02:00:00Z');
    x.waitingFor = x.waitingFor.filter((w) => w !== '申请人同意');
    x.statusLabel = `待${x.waitingFor.join('、')}`;
    d.timeline.push({ id: 2000 + d.timeline.length, kind: 'extension', author: { id: RESIDENT_ID, name: '张*', role: 'resident' }, body: '申请人同意延期', at: x.residentConsentAt });
    return { status: 200, data: x };
  }

  // The dispute as the server shows it after an agreement (resolve at `agreedAt`, 30 days to apply) …
  resolve(d: DisputeDetail, dueAt: string, windowPassed = false) {
    Object.assign(d, {
      status: 'resolved', statusLabel: '调解成功', allowedActions: [], closedAt: at('2026-11-25T02:00:00Z'),
      confirmation: { dueAt, residentAppliedAt: null, otherPartyAppliedAt: null, requested: false, windowPassed, canApply: !windowPassed },
    });
  }

  // … and after a failed mediation, with the court's phone.
  fail(d: DisputeDetail, phone: string) {
    Object.assign(d, {
      status: 'failed', statusLabel: '调解不成', allowedActions: [], closedAt: at('2026-11-25T02:00:00Z'),
      courtGuidance: { text: `调解没成，可以依法向法院起诉。起诉请带上身份证和相关证据，到宝塔区人民法院诉讼服务中心，或在“陕西移动微法院”网上立案。咨询电话：${phone}`, phone },
    });
  }

  // 撤回, with the server's rule (the status table) and refusal.
  private withdraw(d: DisputeDetail, action: unknown): WxReply {
    if (action !== 'withdraw' || !d.allowedActions.includes('withdraw')) {
      return { status: 409, data: { error: { code: 'TRANSITION_NOT_ALLOWED', message: '当前状态下您不能“撤回”', allowed: d.allowedActions } } };
    }
    Object.assign(d, { status: 'withdrawn', statusLabel: '已撤回', allowedActions: [], closedAt: at('2026-11-26T02:00:00Z') });
    d.timeline.push({ id: 3000 + d.timeline.length, kind: 'move', author: { id: RESIDENT_ID, name: '张*', role: 'resident' }, body: '撤回', at: at('2026-11-26T02:00:00Z') });
    return { status: 200, data: { id: d.id, status: d.status, allowedActions: [] } };
  }

  // 申请司法确认, with the server's rules and messages (dispute-confirmation.ts).
  private applyConfirmation(d: DisputeDetail): WxReply {
    const c = d.confirmation;
    if (!c || d.status !== 'resolved') return error(409, 'CONFIRMATION_NOT_OPEN', '只有调解成功、达成调解协议的纠纷才能申请司法确认');
    if (c.windowPassed) {
      return error(409, 'CONFIRMATION_WINDOW_PASSED', '申请司法确认须在调解协议达成后30日内提出，期限（至2026年11月20日）已过，不能再申请。如有需要，可以依法向法院起诉。');
    }
    if (c.residentAppliedAt) return error(409, 'CONFIRMATION_APPLIED', '您已申请司法确认，正在等对方当事人一起申请');
    Object.assign(c, { residentAppliedAt: at('2026-11-26T02:00:00Z'), canApply: false });
    d.timeline.push({ id: 4000 + d.timeline.length, kind: 'confirmation', author: { id: RESIDENT_ID, name: '张*', role: 'resident' }, body: '申请人申请司法确认', at: at('2026-11-26T02:00:00Z') });
    return { status: 200, data: { id: d.id, status: d.status, confirmation: c } };
  }

  private summary(a: Article): ArticleSummary {
    return { id: a.id, category: a.category, title: a.title, summary: a.body.slice(0, 60), publishedAt: a.publishedAt };
  }

  private listItem(d: DisputeDetail): DisputeListItem {
    const { id, serial, category, categoryLabel, status, statusLabel, village, deadlineAt, overdue, createdAt } = d;
    return { id, serial, category, categoryLabel, status, statusLabel, village, deadlineAt, overdue, createdAt };
  }

  readonly handle = (req: WxRequest): WxReply => {
    const route = `${req.method} ${req.path.replace(/\/\d+(?=\/|$)/g, '/:id')}`;
    const id = Number(/\/(\d+)(?:\/|$)/.exec(req.path)?.[1]);
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (route === 'POST /api/auth/mp-login') {
      const token = `token-${++this.logins}`;
      this.tokens.add(token);
      const r: LoginResult = { token, expiresAt: SESSION_ENDS, user: { id: RESIDENT_ID, role: 'resident' } };
      return { status: 200, data: r };
    }
    if (route === 'GET /api/dispute-categories') return { status: 200, data: { items: CATEGORIES.map((c) => ({ ...c })) } };
    if (route === 'GET /api/articles') {
      const q = req.query.q ?? '';
      const items = this.articles.filter((a) => (!req.query.category || a.category === req.query.category) && (!q || a.title.includes(q) || a.body.includes(q)));
      const size = Number(req.query.pageSize ?? 20);
      const page = Number(req.query.page ?? 1);
      return { status: 200, data: { items: items.slice((page - 1) * size, page * size).map((a) => this.summary(a)), total: items.length } };
    }
    if (route === 'GET /api/articles/:id') {
      const a = this.articles.find((x) => x.id === id);
      return a ? { status: 200, data: a } : error(404, 'NOT_FOUND', '文章不存在');
    }
    if (route === 'GET /api/places') return this.places ? { status: 200, data: this.places } : error(404, 'NOT_FOUND', '接口不存在');
    // Everything below needs a signed-in resident.
    const token = /^Bearer (\S+)$/.exec(req.authorization ?? '')?.[1];
    if (!token || !this.tokens.has(token)) return error(401, 'TOKEN_INVALID', '登录凭证无效或已过期，请重新登录');
    switch (route) {
      case 'GET /api/me':
        return { status: 200, data: { id: RESIDENT_ID, role: 'resident', name: '微信用户', agencyId: null, villages: [] } };
      case 'GET /api/me/subscriptions':
        return { status: 200, data: { credits: this.credits } };
      case 'POST /api/me/subscriptions': {
        const accepted = body.accepted as Array<keyof Credits>;
        this.reported.push([...accepted]);
        for (const t of accepted) this.credits[t]++;
        return { status: 200, data: { credits: this.credits } };
      }
      case 'DELETE /api/me/consents/privacy':
        this.withdrawals++;
        return { status: 200, data: { kind: 'privacy', withdrawnAt: at('2026-11-26T02:00:00Z') } };
      case 'POST /api/disputes':
        return this.file(body);
      case 'GET /api/disputes':
        return { status: 200, data: { items: [...this.disputes].reverse().map((d) => this.listItem(d)), total: this.disputes.length } };
      case 'GET /api/disputes/:id': {
        const d = this.disputes.find((x) => x.id === id);
        return d ? { status: 200, data: d } : error(404, 'NOT_FOUND', '纠纷不存在');
      }
      case 'POST /api/disputes/:id/messages': {
        const d = this.disputes.find((x) => x.id === id);
        if (!d) return error(404, 'NOT_FOUND', '纠纷不存在');
        const e: TimelineEntry = { id: 1000 + d.timeline.length, kind: 'message', author: { id: RESIDENT_ID, name: '张*', role: 'resident' }, body: String(body.body), at: at('2026-11-26T02:00:00Z') };
        d.timeline.push(e);
        const posted: PostedEntry = { id: e.id, kind: e.kind, body: e.body, at: e.at };
        return { status: 201, data: posted };
      }
      case 'POST /api/disputes/:id/extensions/:id/consent': {
        const d = this.disputes.find((x) => x.id === id);
        return d ? this.consent(d, Number(/\/extensions\/(\d+)\//.exec(req.path)![1])) : error(404, 'NOT_FOUND', '纠纷不存在');
      }
      case 'POST /api/disputes/:id/transitions': {
        const d = this.disputes.find((x) => x.id === id);
        return d ? this.withdraw(d, body.action) : error(404, 'NOT_FOUND', '纠纷不存在');
      }
      case 'POST /api/disputes/:id/confirmation': {
        const d = this.disputes.find((x) => x.id === id);
        return d ? this.applyConfirmation(d) : error(404, 'NOT_FOUND', '纠纷不存在');
      }
      case 'POST /api/hearing-subscriptions':
        return this.follow(String(body.caseNumber ?? ''));
      case 'GET /api/hearing-subscriptions':
        return { status: 200, data: { items: this.followed.map((f) => ({ ...f, nextHearing: this.sessions.get(f.caseNumber) ?? null })), total: this.followed.length } };
      case 'DELETE /api/hearing-subscriptions/:id': {
        const before = this.followed.length;
        this.followed = this.followed.filter((f) => f.id !== id);
        return this.followed.length < before ? { status: 204, data: '' } : error(404, 'NOT_FOUND', '提醒不存在');
      }
      default:
        return error(404, 'NOT_FOUND', '接口不存在');
    }
  };

  // A rough stand-in for parseCaseNumber: the year's brackets and a 号 at the end.
  private follow(caseNumber: string): WxReply {
    if (!/^[（(]\d{4}[）)].+\d+号$/.test(caseNumber)) return error(400, 'VALIDATION_FAILED', '案号有误：年份应为四位数字', { caseNumber: '年份应为四位数字' });
    const f: HearingSubscription = { id: this.nextFollowId++, caseNumber, nextHearing: this.sessions.get(caseNumber) ?? null };
    this.followed.push(f);
    return { status: 201, data: f };
  }

  private file(body: Record<string, unknown>): WxReply {
    if (this.nextFilingErrors) {
      const fields = this.nextFilingErrors;
      this.nextFilingErrors = null;
      const [field, message] = Object.entries(fields)[0]!;
      return error(400, 'VALIDATION_FAILED', `${field === 'village' ? '村（社区）' : field}：${message}`, fields);
    }
    this.filed.push(body);
    const id = 200 + this.filed.length;
    const serial = `JF-2026-${String(id).padStart(6, '0')}`;
    const d = this.detail(id, serial, String(body.category), 'submitted', [
      { id: 1, kind: 'move', author: { id: RESIDENT_ID, name: '张*', role: 'resident' }, body: '群众提交纠纷', at: at('2026-11-26T02:00:00Z') },
    ]);
    this.disputes.push(d);
    const related = this.articles.filter((a) => a.category === body.category).slice(0, 3).map((a) => this.summary(a));
    const r: FiledDispute = { id, serial, status: 'submitted', deadlineAt: d.deadlineAt!, committee: d.committee, mediator: d.mediator, articles: related };
    return { status: 201, data: r };
  }
}
