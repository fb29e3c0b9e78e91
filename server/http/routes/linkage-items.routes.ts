import Router from '@koa/router';
import { z } from 'zod';
import { LINKAGE_ACTIONS, LINKAGE_ITEM_STATUSES, LINKAGE_ITEM_TYPES } from '../../../entities';
import type { Services } from '../../services';
import { principalOf, route, type Access } from '../auth';
import { id, lines, list, oneOf, page, parse, text } from '../validation';

const labels = {
  type: '类型', title: '标题', body: '内容', toAgencyId: '承办单位', ccAgencyIds: '抄送单位', fromAgencyId: '来文单位',
  documentNumber: '文号', due: '办理期限', disputeId: '纠纷编号', status: '状态', overdue: '是否超期', action: '操作',
  assigneeId: '承办人', note: '说明', id: '事项编号', page: '页码', pageSize: '每页条数',
};

const count = (max: number) => z.number({ error: '应为数字' }).int('应为整数').min(1, '至少为 1').max(max, `最大为 ${max}`);
const due = z.strictObject({
  days: count(365).optional(),
  workingDays: count(250).optional(),
  months: count(24).optional(),
  at: z.iso.datetime({ offset: true, error: '应为带时区的时间，如 2026-12-08T09:00:00+08:00' }).transform((s) => new Date(s)).optional(),
}, { error: '应为对象，如 {"workingDays": 15}' });

const newItem = z.strictObject({
  type: oneOf(LINKAGE_ITEM_TYPES),
  title: text(1, 200),
  body: lines(1, 5000),
  toAgencyId: id,
  ccAgencyIds: list(id, 20).optional(),
  fromAgencyId: id.nullable().optional(),
  documentNumber: text(1, 64).nullable().optional(),
  due: due.optional(),
  disputeId: id.nullable().optional(),
});
const listQuery = z.object({
  type: oneOf(LINKAGE_ITEM_TYPES).optional(),
  status: oneOf(LINKAGE_ITEM_STATUSES).optional(),
  toAgencyId: id.optional(),
  overdue: z.enum(['true', 'false'], { error: '应为 true 或 false' }).transform((v) => v === 'true').optional(),
  ...page(),
});
const actionBody = z.strictObject({
  action: oneOf(LINKAGE_ACTIONS),
  toAgencyId: id.optional(),
  assigneeId: id.optional(),
  note: lines(1, 2000).nullable().optional(),
});
const params = z.object({ id });

// Agencies' officials, the court's judges, the liaison office and admins; the
// service narrows by scope (outside it: 404) and by the status table.
const STAFF: Access = ['judge', 'official', 'admin'];

export function linkageItemRoutes(s: Services): Router {
  const router = new Router();
  route(router, s.auth, 'post', '/api/linkage-items', STAFF, async (ctx) => {
    const input = parse(newItem, ctx.request.body, labels);
    ctx.status = 201;
    ctx.body = await s.linkage.register(input, { actor: principalOf(ctx), requestId: ctx.state.requestId as string });
  });
  route(router, s.auth, 'get', '/api/linkage-items', STAFF, async (ctx) => {
    ctx.body = await s.linkage.list(parse(listQuery, ctx.query, labels), principalOf(ctx));
  });
  route(router, s.auth, 'get', '/api/linkage-items/:id', STAFF, async (ctx) => {
    ctx.body = await s.linkage.get(parse(params, ctx.params, labels).id, principalOf(ctx));
  });
  route(router, s.auth, 'post', '/api/linkage-items/:id/actions', STAFF, async (ctx) => {
    const { id: itemId } = parse(params, ctx.params, labels);
    const input = parse(actionBody, ctx.request.body, labels);
    ctx.body = await s.linkage.act(itemId, input, { actor: principalOf(ctx), requestId: ctx.state.requestId as string });
  });
  return router;
}
