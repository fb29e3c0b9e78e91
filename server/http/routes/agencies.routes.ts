import Router from '@koa/router';
import { z } from 'zod';
import { AGENCY_KINDS, DISPUTE_CATEGORIES } from '../../../entities';
import type { Services } from '../../services';
import { ADMIN, principalOf, route, STAFF } from '../auth';
import { id, list, oneOf, parse, text } from '../validation';
import { staff } from '../../texts/staff.texts';

const labels = staff.agencies.fields;

const newAgency = z.strictObject({
  name: text(2, 100),
  kind: oneOf(AGENCY_KINDS),
  parentId: id.nullable().optional(),
  categories: list(oneOf(DISPUTE_CATEGORIES), DISPUTE_CATEGORIES.length).optional(),
  villages: list(text(1, 64), 500).optional(),
  wecomWebhookKey: z
    .string({ error: staff.agencies.validation.notText })
    .regex(/^[A-Za-z0-9-]{8,128}$/, staff.agencies.validation.webhookKeyFormat)
    .nullable()
    .optional(),
  shortName: text(2, 50).nullable().optional(),
  aliases: list(text(2, 100), 20).optional(),
  // 宝法建: a court's judicial suggestions are numbered 宝法建〔2026〕1号.
  documentPrefix: text(1, 16).refine((v) => /^\p{Script=Han}+$/u.test(v), staff.agencies.validation.documentPrefixHan).nullable().optional(),
  headUserId: id.nullable().optional(),
});
const agencyPatch = newAgency.omit({ kind: true }).partial();

// A room is named by its id (as the Wechaty bot logs it) or by its topic, not both;
// `roomId: null` unbinds.
const roomBinding = z
  .strictObject({
    roomId: z
      .string({ error: staff.agencies.validation.notText })
      .regex(/^[^\s]{1,128}$/, staff.agencies.room.roomIdFormat)
      .nullable()
      .optional(),
    topic: text(1, 100).optional(),
  })
  .refine((b) => (b.roomId !== undefined) !== (b.topic !== undefined), staff.agencies.room.oneOf);

const listQuery = z.object({ kind: oneOf(AGENCY_KINDS).optional() });

export function agencyRoutes(s: Services): Router {
  const router = new Router({ prefix: '/api/agencies' });
  route(router, s.auth, 'post', '/', ADMIN, async (ctx) => {
    const input = parse(newAgency, ctx.request.body, labels);
    ctx.status = 201;
    ctx.body = await s.agencies.create(input, { actor: principalOf(ctx), requestId: ctx.state.requestId });
  });
  route(router, s.auth, 'get', '/', STAFF, async (ctx) => {
    const q = parse(listQuery, ctx.query, labels);
    const items = await s.agencies.list(q);
    ctx.body = { items, total: items.length };
  });
  route(router, s.auth, 'post', '/:id/room', ADMIN, async (ctx) => {
    const p = parse(z.object({ id }), ctx.params, labels);
    const b = parse(roomBinding, ctx.request.body, labels);
    const binding = b.topic !== undefined ? { topic: b.topic } : { roomId: b.roomId ?? null };
    ctx.body = await s.agencies.bindRoom(p.id, binding, { actor: principalOf(ctx), requestId: ctx.state.requestId });
  });
  // DESIGN.md: PATCH, also accepted as POST for clients without PATCH.
  for (const method of ['patch', 'post'] as const) {
    route(router, s.auth, method, '/:id', ADMIN, async (ctx) => {
      const p = parse(z.object({ id }), ctx.params, labels);
      ctx.body = await s.agencies.update(p.id, parse(agencyPatch, ctx.request.body, labels), { actor: principalOf(ctx), requestId: ctx.state.requestId });
    });
  }
  route(router, s.auth, 'get', '/:id', STAFF, async (ctx) => {
    const p = parse(z.object({ id }), ctx.params, labels);
    ctx.body = await s.agencies.get(p.id);
  });
  return router;
}
