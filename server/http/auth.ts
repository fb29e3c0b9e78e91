import type Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import type { Role } from '../../entities';
import type { AuthService } from '../domain/auth-service';
import { errors } from '../domain/errors';
import type { Principal } from '../domain/principal';

// Who may call a route is part of its declaration: `anyone`, or a list of roles.
export type Access = 'anyone' | readonly Role[];

export const STAFF: readonly Role[] = ['mediator', 'judge', 'official', 'admin'];
export const ADMIN: readonly Role[] = ['admin'];
export const SIGNED_IN: readonly Role[] = ['resident', 'mediator', 'judge', 'official', 'admin'];

export function bearer(ctx: Context): string | null {
  const header = ctx.get('authorization');
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw errors.tokenInvalid();
  return m[1]!;
}

export function guard(auth: AuthService, access: Access): Middleware {
  return async (ctx, next) => {
    if (access !== 'anyone') {
      const token = bearer(ctx);
      if (!token) throw errors.unauthenticated();
      const principal = await auth.authenticate(token);
      if (!access.includes(principal.role)) throw errors.forbidden();
      ctx.state.principal = principal;
    }
    await next();
  };
}

export function principalOf(ctx: Context): Principal {
  const p = ctx.state.principal as Principal | undefined;
  if (!p) throw errors.unauthenticated();
  return p;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

// Every route is declared through this: a route without an access rule cannot exist.
export function route(
  router: Router,
  auth: AuthService,
  method: Method,
  path: string,
  access: Access,
  handler: (ctx: Context) => Promise<void>,
): void {
  router[method](path, guard(auth, access), (ctx) => handler(ctx as unknown as Context));
}
