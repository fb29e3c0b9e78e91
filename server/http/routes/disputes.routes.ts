import Router from '@koa/router';
import { z } from 'zod';
import { DISPUTE_CATEGORIES, DISPUTE_STATUSES } from '../../../entities';
import { CATEGORIES } from '../../domain/disputes/dispute-categories';
import { DISPUTE_TEXT } from '../../domain/disputes/dispute-limits';
import { DISPUTE_ACTIONS } from '../../domain/disputes/dispute-status';
import { EXTENSION_MAX_DAYS } from '../../domain/disputes/dispute-extensions';
import type { Services } from '../../services';
import { principalOf, route, SIGNED_IN, type Access } from '../auth';
import { id, lines, list, oneOf, page, parse, phone, text } from '../validation';

const labels = {
  category: '纠纷类别', description: '事情经过', village: '村（社区）', villageId: '村（社区）', unmapped: '未对应村（社区）', otherParty: '对方当事人', phone: '联系电话',
  consent: '隐私说明', callback: '请调解员回电', defendantAgencyId: '被申请行政机关', body: '内容', action: '操作', note: '说明',
  agencyIds: '参与单位', question: '问题', articleId: '文章编号', days: '延期天数', reason: '延期理由', extId: '延期申请编号', status: '状态', overdue: '是否超期', id: '纠纷编号', page: '页码', pageSize: '每页条数',
};

// The village is picked from GET /api/places (villageId); a place not listed
// may still be typed (village), and then waits for an admin to map it.
const newDispute = z
  .strictObject({
    category: oneOf(DISPUTE_CATEGORIES),
    description: lines(DISPUTE_TEXT.description.min, DISPUTE_TEXT.description.max),
    villageId: id.nullable().optional(),
    village: text(DISPUTE_TEXT.village.min, DISPUTE_TEXT.village.max).optional(),
    otherParty: text(DISPUTE_TEXT.otherParty.min, DISPUTE_TEXT.otherParty.max).nullable().optional(),
    phone,
    consent: z.literal(true, { error: '请阅读并同意隐私说明后再提交' }),
    callback: z.boolean({ error: '应为是或否' }).optional(),
    defendantAgencyId: id.nullable().optional(),
  })
  .refine((d) => d.villageId != null || d.village !== undefined, { error: '不能为空，请选择所在的村（社区）', path: ['village'] });

const listQuery = z.object({
  status: oneOf(DISPUTE_STATUSES).optional(),
  category: oneOf(DISPUTE_CATEGORIES).optional(),
  village: text(DISPUTE_TEXT.village.min, DISPUTE_TEXT.village.max).optional(),
  overdue: z.enum(['true', 'false'], { error: '应为 true 或 false' }).transform((v) => v === 'true').optional(),
  // Disputes whose village was typed and matches no listed one (an admin maps them).
  unmapped: z.enum(['1', '0', 'true', 'false'], { error: '应为 1 或 0' }).transform((v) => v === '1' || v === 'true').optional(),
  ...page(),
});

const note = lines(DISPUTE_TEXT.note.min, DISPUTE_TEXT.note.max).nullable().optional();
const entryBody = z.strictObject({ body: lines(DISPUTE_TEXT.body.min, DISPUTE_TEXT.body.max) });
const transitionBody = z.strictObject({ action: oneOf(DISPUTE_ACTIONS), note });
const escalationBody = z.strictObject({
  agencyIds: list(id, 20).min(1, '至少选择一个单位'),
  note,
});
const questionBody = z.strictObject({ question: lines(DISPUTE_TEXT.note.min, DISPUTE_TEXT.note.max) });
const articleBody = z.strictObject({ articleId: id });
const params = z.object({ id });
const extParams = z.object({ id, extId: id });
const extensionBody = z.strictObject({
  days: z.number({ error: '应为天数' }).int('应为整数天').min(1, '至少 1 天').max(EXTENSION_MAX_DAYS, `最多 ${EXTENSION_MAX_DAYS} 天`),
  reason: text(DISPUTE_TEXT.note.min, DISPUTE_TEXT.note.max),
});

const RESIDENT: Access = ['resident'];
const CHAT: Access = ['resident', 'mediator'];
const JUDGE: Access = ['judge'];
const ESCALATORS: Access = ['mediator', 'admin'];
// The roles of the status table: an official has no move, so is refused (403), not told "not now" (409).
const MOVERS: Access = ['resident', 'mediator', 'judge', 'admin'];

export function disputeRoutes(s: Services): Router {
  const router = new Router();
  const ctxOf = (ctx: Parameters<Parameters<typeof route>[5]>[0]) => ({
    actor: principalOf(ctx), requestId: ctx.state.requestId as string,
  });

  route(router, s.auth, 'get', '/api/dispute-categories', 'anyone', async (ctx) => {
    ctx.body = { items: CATEGORIES.map(({ id: cid, label, committeeKind, committeeLabel }) => ({ id: cid, label, committeeKind, committeeLabel })) };
  });

  route(router, s.auth, 'post', '/api/disputes', RESIDENT, async (ctx) => {
    const { consent: _consent, ...input } = parse(newDispute, ctx.request.body, labels);
    ctx.status = 201;
    ctx.body = await s.disputes.file(input, principalOf(ctx), ctx.state.requestId);
  });
  route(router, s.auth, 'get', '/api/disputes', SIGNED_IN, async (ctx) => {
    ctx.body = await s.disputes.list(parse(listQuery, ctx.query, labels), principalOf(ctx));
  });
  route(router, s.auth, 'get', '/api/disputes/:id', SIGNED_IN, async (ctx) => {
    ctx.body = await s.disputes.get(parse(params, ctx.params, labels).id, principalOf(ctx));
  });
  route(router, s.auth, 'post', '/api/disputes/:id/messages', CHAT, async (ctx) => {
    const { id: disputeId } = parse(params, ctx.params, labels);
    const { body } = parse(entryBody, ctx.request.body, labels);
    ctx.status = 201;
    ctx.body = await s.disputes.postMessage(disputeId, body, ctxOf(ctx));
  });
  route(router, s.auth, 'post', '/api/disputes/:id/explanations', JUDGE, async (ctx) => {
    const { id: disputeId } = parse(params, ctx.params, labels);
    const { body } = parse(entryBody, ctx.request.body, labels);
    ctx.status = 201;
    ctx.body = await s.disputes.explain(disputeId, body, ctxOf(ctx));
  });
  route(router, s.auth, 'post', '/api/disputes/:id/transitions', MOVERS, async (ctx) => {
    const { id: disputeId } = parse(params, ctx.params, labels);
    const { action, note } = parse(transitionBody, ctx.request.body, labels);
    ctx.body = await s.disputes.transition(disputeId, action, note ?? null, ctxOf(ctx));
  });
  route(router, s.auth, 'post', '/api/disputes/:id/escalations', ESCALATORS, async (ctx) => {
    const { id: disputeId } = parse(params, ctx.params, labels);
    const { agencyIds, note } = parse(escalationBody, ctx.request.body, labels);
    ctx.status = 201;
    ctx.body = await s.disputes.escalate(disputeId, agencyIds, note ?? null, ctxOf(ctx));
  });
  // 请法官说法: the committee's mediators (or an admin) ask the court's judges.
  route(router, s.auth, 'post', '/api/disputes/:id/explanation-requests', ESCALATORS, async (ctx) => {
    const { id: disputeId } = parse(params, ctx.params, labels);
    const { question } = parse(questionBody, ctx.request.body, labels);
    ctx.status = 201;
    ctx.body = await s.disputes.explanationRequests.ask(disputeId, question, ctxOf(ctx));
  });
  // A judge attaches a 法官说法 article; again is no change (200).
  route(router, s.auth, 'post', '/api/disputes/:id/articles', JUDGE, async (ctx) => {
    const { id: disputeId } = parse(params, ctx.params, labels);
    const { articleId } = parse(articleBody, ctx.request.body, labels);
    const { added, articles } = await s.disputes.articles.attach(disputeId, articleId, ctxOf(ctx));
    ctx.status = added ? 201 : 200;
    ctx.body = { articles };
  });
  // 延期: the mediator asks, the committee's head (or an admin) approves, the parties agree.
  route(router, s.auth, 'post', '/api/disputes/:id/extensions', ['mediator'], async (ctx) => {
    const { id: disputeId } = parse(params, ctx.params, labels);
    const input = parse(extensionBody, ctx.request.body, labels);
    ctx.status = 201;
    ctx.body = await s.disputes.extensions.request(disputeId, input, ctxOf(ctx));
  });
  route(router, s.auth, 'post', '/api/disputes/:id/extensions/:extId/approve', ['mediator', 'official', 'admin'], async (ctx) => {
    const { id: disputeId, extId } = parse(extParams, ctx.params, labels);
    ctx.body = await s.disputes.extensions.approve(disputeId, extId, ctxOf(ctx));
  });
  route(router, s.auth, 'post', '/api/disputes/:id/extensions/:extId/consent', RESIDENT, async (ctx) => {
    const { id: disputeId, extId } = parse(extParams, ctx.params, labels);
    ctx.body = await s.disputes.extensions.consent(disputeId, extId, ctxOf(ctx));
  });
  route(router, s.auth, 'post', '/api/disputes/:id/extensions/:extId/other-party-consent', ['mediator'], async (ctx) => {
    const { id: disputeId, extId } = parse(extParams, ctx.params, labels);
    ctx.body = await s.disputes.extensions.otherPartyConsent(disputeId, extId, ctxOf(ctx));
  });
  // 司法确认: the resident applies; the mediator records the other party's joining.
  route(router, s.auth, 'post', '/api/disputes/:id/confirmation', RESIDENT, async (ctx) => {
    const { id: disputeId } = parse(params, ctx.params, labels);
    ctx.body = await s.disputes.confirmation.apply(disputeId, ctxOf(ctx));
  });
  route(router, s.auth, 'post', '/api/disputes/:id/confirmation/other-party', ['mediator'], async (ctx) => {
    const { id: disputeId } = parse(params, ctx.params, labels);
    ctx.body = await s.disputes.confirmation.otherPartyApplies(disputeId, ctxOf(ctx));
  });
  return router;
}
