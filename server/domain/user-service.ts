import type { DataSource, FindOptionsWhere } from 'typeorm';
import { Agency, User, type Role } from '../../entities';
import { isUniqueViolation } from '../db/db-errors';
import { pageWindow } from './paging';
import { recordAudit, type AuditContext } from './audit';
import type { Clock } from './clock';
import { DomainError, errors } from './errors';
import { maskIdNumber, maskPhone } from './masking';
import type { PersonalDataCipher } from './personal-data';

export interface NewUser {
  name: string;
  role: Role;
  agencyId?: number | null;
  wecomUserId?: string | null;
  phone?: string | null;
  idNumber?: string | null;
  villages?: string[];
}

export interface UserFilter {
  role?: Role;
  agencyId?: number;
  page: number;
  pageSize: number;
}

export function createUserService({ db, clock, pii }: { db: DataSource; clock: Clock; pii: PersonalDataCipher }) {
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
          if (input.agencyId != null && !(await em.existsBy(Agency, { id: input.agencyId }))) {
            throw new DomainError('AGENCY_NOT_FOUND', '所属单位不存在', 422, { field: 'agencyId' });
          }
          if (input.role !== 'resident' && input.role !== 'admin' && input.agencyId == null) {
            throw new DomainError('AGENCY_REQUIRED', '工作人员必须属于一个单位', 422, { field: 'agencyId' });
          }
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
      if (!row) throw errors.notFound('用户');
      return row;
    },

    async findByPhone(phone: string) {
      return db.getRepository(User).findBy({ phoneHash: pii.lookupHash(phone) });
    },
  };
}

function wecomTaken() {
  return errors.conflict('WECOM_USER_TAKEN', '该企业微信账号已绑定其他用户', { field: 'wecomUserId' });
}

export type UserService = ReturnType<typeof createUserService>;
