import type { DataSource } from 'typeorm';
import { Agency, type AgencyKind, type DisputeCategory } from '../../entities';
import { isUniqueViolation } from '../db/db-errors';
import { recordAudit, type AuditContext } from './audit';
import type { Clock } from './clock';
import { DomainError, errors } from './errors';

export interface NewAgency {
  name: string;
  kind: AgencyKind;
  parentId?: number | null;
  categories?: DisputeCategory[];
  villages?: string[];
  wecomWebhookKey?: string | null;
}

// What staff see of an agency. The webhook key is a credential: anyone holding
// it can post into the group, so lists only say whether one is set.
export function agencyView(a: Agency) {
  return {
    id: a.id,
    name: a.name,
    kind: a.kind,
    parentId: a.parentId,
    categories: a.categories,
    villages: a.villages,
    hasWecomWebhook: !!a.wecomWebhookKey,
    wechatyRoomId: a.wechatyRoomId,
    headUserId: a.headUserId,
    createdAt: a.createdAt.toISOString(),
  };
}

export function createAgencyService({ db, clock }: { db: DataSource; clock: Clock }) {
  return {
    async create(input: NewAgency, ctx: AuditContext) {
      try {
        return await db.transaction(async (em) => {
          if (input.parentId != null && !(await em.existsBy(Agency, { id: input.parentId }))) {
            throw new DomainError('PARENT_NOT_FOUND', '上级单位不存在', 422, { field: 'parentId' });
          }
          if (await em.existsBy(Agency, { name: input.name })) throw nameTaken(input.name);
          const now = clock.now();
          const row = em.create(Agency, {
            name: input.name,
            kind: input.kind,
            parentId: input.parentId ?? null,
            categories: dedupe(input.categories ?? []),
            villages: dedupe(input.villages ?? []),
            wecomWebhookKey: input.wecomWebhookKey ?? null,
            wechatyRoomId: null,
            headUserId: null,
            createdAt: now,
          });
          await em.save(row);
          await recordAudit(em, ctx, { action: 'agency.create', subjectType: 'agency', subjectId: row.id }, now);
          return agencyView(row);
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw nameTaken(input.name);
        throw err;
      }
    },

    async list(filter: { kind?: AgencyKind } = {}) {
      const rows = await db.getRepository(Agency).find({ where: filter.kind ? { kind: filter.kind } : {}, order: { id: 'ASC' } });
      return rows.map(agencyView);
    },

    async get(id: number) {
      const row = await db.getRepository(Agency).findOneBy({ id });
      if (!row) throw errors.notFound('单位');
      return agencyView(row);
    },
  };
}

function nameTaken(name: string) {
  return errors.conflict('AGENCY_NAME_TAKEN', `单位名称“${name}”已存在`, { field: 'name' });
}

function dedupe<T>(list: T[]): T[] {
  return [...new Set(list)];
}

export type AgencyService = ReturnType<typeof createAgencyService>;
