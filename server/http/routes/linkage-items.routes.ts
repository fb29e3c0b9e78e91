import Router from '@koa/router';
import { z } from 'zod';
import { LINKAGE_ACTIONS, LINKAGE_ITEM_STATUSES, LINKAGE_ITEM_TYPES } from '../../../entities';
import type { Services } from '../../services';
import { common } from '../../texts/resident.texts';
import { staff } from '../../texts/staff.texts';
import { principalOf, route, type Access } from '../auth';
import { id, lines, list, oneOf, page, parse, text } from '../validation';

const T = staff.linkage;
const labels = { ...T.fields, ...common.validation.fields };

const count = (max: number) => z.number({ error: common.validation.notNumber }).int(common.validation.notInteger).min(1, T.validation.atLeastOne).max(max, T.validation.atMost(max));
const due = z.strictObject({
  days: count(365).optional(),
  workingDays: count(250).optional(),
  months: count(24).optional(),
  at: z.iso.datetime({ offset: true, error: T.validation.dueAt }).transform((s) => new Date(s)).optional(),
}, { error: T.validation.dueObject });

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
  overdue: z.enum(['true', 'false'], { error: T.validation.trueOrFalse }).transform((v) => v === 'true').optional(),
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
