import type { Reminders } from './reminders/reminders';
import type { DataSource, FindOptionsWhere } from 'typeorm';
import { Agency, User, type Role } from '../../entities';
import { isUniqueViolation } from '../db/db-errors';
import { pageWindow } from './paging';
import { recordAudit, type AuditContext } from './audit';
import { deleteSessionsOf } from './auth-service';
import type { SessionCache } from './session-cache';
import type { Clock } from './clock';
import { handOverDisputes } from './disputes/mediator-handover';
import type { Outbox } from './outbox/outbox-service';
import { lockRow } from './row-lock';
import { DomainError, errors } from './errors';
import { maskIdNumber, maskPhone } from './masking';
import type { PersonalDataCipher } from './personal-data';
import { common } from '../texts/resident.texts';
import { staff } from '../texts/staff.texts';

export interface NewUser {
  name: string;
  role: Role;
  agencyId?: number | null;
  wecomUserId?: string | null;
  phone?: string | null;
  idNumber?: string | null;
  villages?: string[];
}

// What an admin may change about an account; absent fields stay as they are.
export interface UserChange {
  active?: boolean;
  role?: Role;
  agencyId?: number | null;
  villages?: string[];
}

export interface UserFilter {
  role?: Role;
  agencyId?: number;
  page: number;
  pageSize: number;
}

export function createUserService(deps: { db: DataSource; clock: Clock; pii: PersonalDataCipher; outbox: Outbox; reminders: Reminders; sessions: SessionCache }) {
  const { db, clock, pii } = deps;
  // Lists show personal data masked; the full number is read only where a
  // feature needs it (calling the resident back), never in a list.
  function view(u: User) {
    return {
      id: u.id,
      name: u.name,
      role: u.role,
      agencyId: u.agencyId,
      wecomUserId: u.wecomUserId,
      phone: u.phoneCipher ? pii.show(u.phoneCipher, maskPhone) : null,
      idNumber: u.idNumberCipher ? pii.show(u.idNumberCipher, maskIdNumber) : null,
      villages: u.villages,
      active: u.active,
      createdAt: u.createdAt.toISOString(),
    };
  }

  return {
    view,

    async create(input: NewUser, ctx: AuditContext) {
      try {
        return await db.transaction(async (em) => {
          if (input.agencyId != null && !(await em.existsBy(Agency, { id: input.agencyId }))) throw agencyNotFound();
          if (needsAgency(input.role) && input.agencyId == null) throw agencyRequired();
          if (input.wecomUserId && (await em.existsBy(User, { wecomUserId: input.wecomUserId }))) {
            throw wecomTaken();
          }
          const now = clock.now();
          const row = em.create(User, {
            role: input.role,
            name: input.name,
            agencyId: input.agencyId ?? null,
            wecomUserId: input.wecomUserId ?? null,
            wechatOpenid: null,
            phoneCipher: input.phone ? pii.encrypt(input.phone) : null,
            phoneHash: input.phone ? pii.lookupHash(input.phone) : null,
            idNumberCipher: input.idNumber ? pii.encrypt(input.idNumber) : null,
            idNumberHash: input.idNumber ? pii.lookupHash(input.idNumber) : null,
            villages: [...new Set(input.villages ?? [])],
            active: true,
            createdAt: now,
          });
          await em.save(row);
          await recordAudit(em, ctx, { action: 'user.create', subjectType: 'user', subjectId: row.id, detail: { role: row.role } }, now);
          return view(row);
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw wecomTaken();
        throw err;
      }
    },

    // Deactivating ends every token of the user at once (reactivating does not
    // bring them back); a mediator who stops mediating for their committee hands
    // their open disputes over. All in one transaction with the audit entry.
    async update(id: number, change: UserChange, ctx: AuditContext) {
      const updated = await db.transaction(async (em) => {
        const row = await lockRow(em, User, id);
        if (!row) throw errors.notFound(common.errors.things.user);
        const before = { active: row.active, role: row.role, agencyId: row.agencyId };
        if (ctx.actor.userId === id && (change.active === false || (change.role !== undefined && change.role !== 'admin'))) {
          throw errors.conflict('CANNOT_CHANGE_SELF', staff.users.cannotChangeSelf);
        }
        if (change.agencyId != null && !(await em.existsBy(Agency, { id: change.agencyId }))) throw agencyNotFound();
        if (change.active !== undefined) row.active = change.active;
        if (change.role !== undefined) row.role = change.role;
        if (change.agencyId !== undefined) row.agencyId = change.agencyId;
        if (change.villages !== undefined) row.villages = [...new Set(change.villages)];
        if (needsAgency(row.role) && row.agencyId == null) throw agencyRequired();
        await em.update(User, { id }, { active: row.active, role: row.role, agencyId: row.agencyId, villages: row.villages });
        const now = clock.now();
        const revoked = before.active && !row.active ? await deleteSessionsOf(em, id) : 0;
        const reason = !row.active ? staff.users.leftReason.disabled : row.role !== 'mediator' ? staff.users.leftReason.noLongerMediator : staff.users.leftReason.movedAway;
        const leftMediation = before.role === 'mediator' && (!row.active || row.role !== 'mediator' || row.agencyId !== before.agencyId);
        const handedOver = leftMediation ? await handOverDisputes(deps, em, row, reason, ctx) : 0;
        await recordAudit(em, ctx, {
          action: 'user.update', subjectType: 'user', subjectId: id,
          detail: { change: { ...change }, before, revoked, handedOver },
        }, now);
        return view(row);
      });
      // Who the user is, as their tokens present them, changed: cached sessions go (session-cache.ts).
      deps.sessions.forgetUser(id);
      return updated;
    },

    async list(filter: UserFilter) {
      const where: FindOptionsWhere<User> = {};
      if (filter.role) where.role = filter.role;
      if (filter.agencyId) where.agencyId = filter.agencyId;
      const [rows, total] = await db.getRepository(User).findAndCount({
        where,
        order: { id: 'ASC' },
        ...pageWindow(filter),
      });
      return { items: rows.map(view), total };
    },

    async get(id: number) {
      const row = await db.getRepository(User).findOneBy({ id });
      if (!row) throw errors.notFound(common.errors.things.user);
      return row;
    },

    async findByPhone(phone: string) {
      return db.getRepository(User).findBy({ phoneHash: pii.lookupHash(phone) });
    },
  };
}

// Staff who act for an agency belong to one; residents and admins need none.
const needsAgency = (role: Role) => role !== 'resident' && role !== 'admin';

function agencyRequired() {
  return new DomainError('AGENCY_REQUIRED', staff.users.agencyRequired, 422, { field: 'agencyId' });
}

function agencyNotFound() {
  return new DomainError('AGENCY_NOT_FOUND', staff.users.agencyNotFound, 422, { field: 'agencyId' });
}

function wecomTaken() {
  return errors.conflict('WECOM_USER_TAKEN', staff.users.wecomTaken, { field: 'wecomUserId' });
}

export type UserService = ReturnType<typeof createUserService>;
