import type { DataSource, EntityManager } from 'typeorm';
import { Session, User } from '../../entities';
import type { WechatAuthClient } from '../clients/wechat-auth.client';
import type { WecomAuthClient } from '../clients/wecom-auth.client';
import { recordAudit, type AuditContext } from './audit';
import { isUniqueViolation } from '../db/db-errors';
import type { Clock } from './clock';
import { DomainError, errors } from './errors';
import { ADMIN_TOKEN_PRINCIPAL, type Credential, type Principal } from './principal';
import { findSession } from './session-lookup';
import type { SessionCache } from './session-cache';
import { hashToken, newToken, sameDigest, tokenDigest } from './tokens';
import { common } from '../texts/resident.texts';
import { staff } from '../texts/staff.texts';

export interface AuthServiceDeps {
  db: DataSource;
  clock: Clock;
  adminToken: string;
  sessionTtlHours: number;
  apiTokenTtlDays: number;
  wechat: WechatAuthClient;
  // Absent when WeCom is not configured: staff then sign in with API tokens.
  wecom: WecomAuthClient | null;
  // Development login (config.devLogin): the console lists demo staff and signs in as one without WeCom.
  devLogin?: boolean;
  // The console's WeCom OAuth link names the corp (WECOM_CORP_ID); absent: no WeCom login offered.
  wecomCorpId?: string | null;
  // Shared with the user service, which forgets a user whose access changes.
  sessions: SessionCache;
}

// How the console offers to sign in: the WeCom workbench's OAuth, demo people, or both.
export interface LoginOptions {
  devLogin: boolean;
  wecomCorpId: string | null;
}

export interface DevUser {
  id: number;
  name: string;
  role: User['role'];
  agency: string | null;
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

export interface LoginResult extends IssuedToken {
  user: { id: number; role: User['role'] };
}

const HOUR = 3600 * 1000;

const principalOfUser = (u: User, credential?: Credential): Principal => {
  const p: Principal = { userId: u.id, role: u.role, name: u.name, agencyId: u.agencyId, villages: u.villages };
  if (credential) p.credential = credential;
  return p;
};

// Each request gets its own copy of a cached principal. Written out, not as
// `{ ...p, villages }`: on Node 20 a property added after a spread costs
// ~0.5 µs (bench/README.md), on every request.
function copyOf(p: Principal): Principal {
  const copy: Principal = { userId: p.userId, role: p.role, name: p.name, agencyId: p.agencyId, villages: [...p.villages] };
  if (p.credential) copy.credential = p.credential;
  return copy;
}

function adminPrincipal(): Principal {
  const p = copyOf(ADMIN_TOKEN_PRINCIPAL);
  p.credential = { kind: 'admin-token', sessionId: null };
  return p;
}

// Every session and API token of a user, in the caller's transaction: a
// deactivation and the end of the user's tokens stand or fall together.
export async function deleteSessionsOf(em: EntityManager, userId: number): Promise<number> {
  const result = await em.delete(Session, { userId });
  return result.affected ?? 0;
}

export function createAuthService(deps: AuthServiceDeps) {
  const { db, clock } = deps;
  // The admin token's digest, made once: a request's token is hashed once and
  // compared digest to digest, and the same digest (hex) keys its session.
  const adminDigest = tokenDigest(deps.adminToken);

  async function issue(em: EntityManager, userId: number, kind: Session['kind'], ttlMs: number): Promise<IssuedToken> {
    const token = newToken();
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + ttlMs);
    await em.insert(Session, { tokenHash: hashToken(token), userId, kind, expiresAt, createdAt: now });
    return { token, expiresAt };
  }

  async function login(em: EntityManager, user: User): Promise<LoginResult> {
    if (!user.active) throw new DomainError('ACCOUNT_DISABLED', common.login.accountDisabled, 403);
    const issued = await issue(em, user.id, 'login', deps.sessionTtlHours * HOUR);
    return { ...issued, user: { id: user.id, role: user.role } };
  }

  return {
    // Resolves a bearer token to who is acting, or refuses. Expired and unknown
    // tokens get the same answer, so a guesser learns nothing.
    async authenticate(token: string): Promise<Principal> {
      if (token.length > 256) throw errors.tokenInvalid();
      const digest = tokenDigest(token);
      if (sameDigest(digest, adminDigest)) return adminPrincipal();
      const now = clock.now();
      const hash = digest.toString('hex');
      const cached = deps.sessions.get(hash);
      // The session's expiry is judged on every request, cached or not.
      if (cached && cached.expiresAt > now) return copyOf(cached.principal);
      const epoch = deps.sessions.epoch();
      const found = await findSession(db, hash, now);
      if (!found || !found.user.active) throw errors.tokenInvalid();
      const { session, user } = found;
      const principal = principalOfUser(user, { kind: session.kind === 'api' ? 'api-token' : 'session', sessionId: session.id });
      deps.sessions.set(hash, { principal, userId: user.id, expiresAt: session.expiresAt }, epoch);
      return copyOf(principal);
    },

    // A member of staff speaking to the bot, known by their WeCom user id. An
    // unknown, deactivated or resident account is a stranger to the bot: null.
    async principalForWecomUser(wecomUserId: string): Promise<Principal | null> {
      if (!wecomUserId) return null;
      const user = await db.getRepository(User).findOneBy({ wecomUserId });
      if (!user || !user.active || user.role === 'resident') return null;
      return principalOfUser(user);
    },

    // Ends the session or API token this request came with. The shared admin
    // token is configuration, not a session: it is changed where it is set.
    async logout(ctx: AuditContext): Promise<void> {
      const credential = ctx.actor.credential;
      if (!credential || credential.sessionId === null) {
        throw errors.conflict('ADMIN_TOKEN_SHARED', staff.login.sharedTokenLogout);
      }
      await db.transaction(async (em) => {
        await em.delete(Session, { id: credential.sessionId });
        await recordAudit(em, ctx, { action: 'auth.logout', subjectType: 'user', subjectId: ctx.actor.userId }, clock.now());
      });
      deps.sessions.forgetSession(credential.sessionId);
    },

    // Every session and API token of a user ends at once (a lost phone, a departed mediator).
    async revokeAll(userId: number, ctx: AuditContext): Promise<{ revoked: number }> {
      const result = await db.transaction(async (em) => {
        if (!(await em.existsBy(User, { id: userId }))) throw errors.notFound(common.errors.things.user);
        const revoked = await deleteSessionsOf(em, userId);
        await recordAudit(em, ctx, { action: 'user.revoke-tokens', subjectType: 'user', subjectId: userId, detail: { revoked } }, clock.now());
        return { revoked };
      });
      deps.sessions.forgetUser(userId);
      return result;
    },

    async mpLogin(code: string): Promise<LoginResult> {
      const { openid } = await deps.wechat.code2Session(code);
      const attempt = () =>
        db.transaction(async (em) => {
          let user = await em.findOneBy(User, { wechatOpenid: openid });
          if (!user) {
            user = em.create(User, {
              role: 'resident', name: common.login.newResidentName, agencyId: null, wecomUserId: null, wechatOpenid: openid,
              phoneCipher: null, phoneHash: null, idNumberCipher: null, idNumberHash: null,
              villages: [], active: true, createdAt: clock.now(),
            });
            await em.save(user);
          }
          return login(em, user);
        });
      try {
        return await attempt();
      } catch (err) {
        // Two first logins of one resident at once: the other created the row; use it.
        if (isUniqueViolation(err)) return attempt();
        throw err;
      }
    },

    async wecomLogin(code: string): Promise<LoginResult> {
      if (!deps.wecom) throw new DomainError('WECOM_NOT_CONFIGURED', staff.login.wecomNotConfigured, 503);
      const wecomUserId = await deps.wecom.userIdForCode(code);
      return db.transaction(async (em) => {
        const user = await em.findOneBy(User, { wecomUserId });
        if (!user || user.role === 'resident') {
          throw new DomainError('STAFF_NOT_REGISTERED', staff.login.notRegistered, 403);
        }
        return login(em, user);
      });
    },

    loginOptions(): LoginOptions {
      return { devLogin: deps.devLogin === true, wecomCorpId: deps.wecom && deps.wecomCorpId ? deps.wecomCorpId : null };
    },

    // Development login: the active staff a newcomer may look around as. Off, it
    // answers 404 like a path that does not exist.
    async devUsers(): Promise<DevUser[]> {
      if (!deps.devLogin) throw new DomainError('NOT_FOUND', staff.login.devLoginOff, 404);
      const users = await db.getRepository(User).find({ where: { active: true }, relations: { agency: true }, order: { id: 'ASC' } });
      return users
        .filter((u) => u.role !== 'resident')
        .map((u) => ({ id: u.id, name: u.name, role: u.role, agency: u.agency?.name ?? null }));
    },

    async devLogin(userId: number): Promise<LoginResult> {
      if (!deps.devLogin) throw new DomainError('NOT_FOUND', staff.login.devLoginOff, 404);
      return db.transaction(async (em) => {
        const user = await em.findOneBy(User, { id: userId });
        if (!user || user.role === 'resident' || !user.active) {
          throw new DomainError('DEV_USER_UNKNOWN', staff.login.devUserUnknown, 404, { fields: { userId: staff.login.devUserUnknown } });
        }
        return login(em, user);
      });
    },

    // A long-lived token for a staff member's tool or an integration.
    async issueApiToken(userId: number, ctx: AuditContext): Promise<IssuedToken> {
      return db.transaction(async (em) => {
        const user = await em.findOneBy(User, { id: userId });
        if (!user) throw errors.notFound(common.errors.things.user);
        if (!user.active) throw new DomainError('ACCOUNT_DISABLED', staff.login.tokenForDisabled, 409);
        const issued = await issue(em, user.id, 'api', deps.apiTokenTtlDays * 24 * HOUR);
        await recordAudit(em, ctx, { action: 'user.token', subjectType: 'user', subjectId: user.id }, clock.now());
        return issued;
      });
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
