import Router from '@koa/router';
import { z } from 'zod';
import { ROLES } from '../../../entities';
import { errors } from '../../domain/errors';
import type { Services } from '../../services';
import { ADMIN, principalOf, route, SIGNED_IN } from '../auth';
import { id, list, oneOf, page, parse, phone, text } from '../validation';
import { common } from '../../texts/resident.texts';
import { staff } from '../../texts/staff.texts';

const labels = staff.users.fields;

const newUser = z.strictObject({
  name: text(1, 64),
  role: oneOf(ROLES),
  agencyId: id.nullable().optional(),
  wecomUserId: z.string({ error: common.validation.notText }).regex(/^[A-Za-z0-9_.@-]{1,64}$/, staff.users.wecomUserIdFormat).nullable().optional(),
  phone: phone.nullable().optional(),
  idNumber: z
    .string({ error: common.validation.notText })
    .regex(/^\d{17}[\dXx]$/, staff.users.idNumberFormat)
    .transform((s) => s.toUpperCase())
    .nullable()
    .optional(),
  villages: list(text(1, 64), 200).optional(),
});

const userChange = z
  .strictObject({
    active: z.boolean({ error: staff.users.notBoolean }).optional(),
    role: oneOf(ROLES).optional(),
    agencyId: id.nullable().optional(),
    villages: list(text(1, 64), 200).optional(),
  })
  .refine((c) => Object.keys(c).length > 0, staff.users.emptyChange);

const listQuery = z.object({ role: oneOf(ROLES).optional(), agencyId: id.optional(), ...page() });

export function userRoutes(s: Services): Router {
  const router = new Router({ prefix: '/api/users' });
  const audit = (ctx: Parameters<Parameters<typeof route>[5]>[0]) => ({ actor: principalOf(ctx), requestId: ctx.state.requestId as string });

  route(router, s.auth, 'post', '/', ADMIN, async (ctx) => {
    const input = parse(newUser, ctx.request.body, labels);
    ctx.status = 201;
    ctx.body = await s.users.create(input, audit(ctx));
  });
  route(router, s.auth, 'get', '/', ADMIN, async (ctx) => {
    ctx.body = await s.users.list(parse(listQuery, ctx.query, labels));
  });
  // A person may read their own record; only an admin reads anyone's. Someone
  // else's record answers 404, not 403, so ids cannot be probed.
  route(router, s.auth, 'get', '/:id', SIGNED_IN, async (ctx) => {
    const { id: userId } = parse(z.object({ id }), ctx.params, labels);
    const me = principalOf(ctx);
    if (me.role !== 'admin' && me.userId !== userId) throw errors.notFound(common.errors.things.user);
    ctx.body = s.users.view(await s.users.get(userId));
  });
  route(router, s.auth, 'patch', '/:id', ADMIN, async (ctx) => {
    const { id: userId } = parse(z.object({ id }), ctx.params, labels);
    ctx.body = await s.users.update(userId, parse(userChange, ctx.request.body, labels), audit(ctx));
  });
  // Every session and API token of the user ends now; they sign in again (or get a new token).
  route(router, s.auth, 'delete', '/:id/tokens', ADMIN, async (ctx) => {
    const { id: userId } = parse(z.object({ id }), ctx.params, labels);
    ctx.body = await s.auth.revokeAll(userId, audit(ctx));
  });
  route(router, s.auth, 'post', '/:id/tokens', ADMIN, async (ctx) => {
    const { id: userId } = parse(z.object({ id }), ctx.params, labels);
    const issued = await s.auth.issueApiToken(userId, audit(ctx));
    ctx.status = 201;
    ctx.body = { token: issued.token, expiresAt: issued.expiresAt.toISOString() };
  });
  return router;
}
