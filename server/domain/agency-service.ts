import type { DataSource, EntityManager } from 'typeorm';
import { Agency, User, type AgencyKind, type DisputeCategory } from '../../entities';
import { isUniqueViolation } from '../db/db-errors';
import { recordAudit, type AuditContext } from './audit';
import type { Clock } from './clock';
import { DomainError, errors } from './errors';
import { staff } from '../texts/staff.texts';

export interface NewAgency {
  name: string;
  kind: AgencyKind;
  parentId?: number | null;
  categories?: DisputeCategory[];
  villages?: string[];
  wecomWebhookKey?: string | null;
  shortName?: string | null;
  aliases?: string[];
  documentPrefix?: string | null;
  headUserId?: number | null;
}

export type AgencyPatch = Partial<Omit<NewAgency, 'kind'>>;

// The rooms the Wechaty bot is in. Only a process that runs the bot has one
// (`npm run bot` does not serve HTTP; a process that does both passes it to
// createServices): without it a room id is stored as given, and a topic cannot
// be looked up.
export interface RoomDirectory {
  findById(id: string): Promise<{ id: string; topic: string } | null>;
  findByTopic(topic: string): Promise<Array<{ id: string; topic: string }>>;
}

// One of the two: the room's id as the bot logs it, or its topic (群名称).
export type RoomBinding = { roomId: string | null } | { topic: string };

// What staff see of an agency. The webhook key is a credential: anyone holding
// it can post into the group, so lists only say whether one is set.
export function agencyView(a: Agency) {
  return {
    id: a.id,
    name: a.name,
    shortName: a.shortName,
    aliases: a.aliases ?? [],
    documentPrefix: a.documentPrefix,
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

export function createAgencyService({ db, clock, rooms }: { db: DataSource; clock: Clock; rooms?: RoomDirectory }) {
  return {
    async create(input: NewAgency, ctx: AuditContext) {
      try {
        return await db.transaction(async (em) => {
          if (input.parentId != null && !(await em.existsBy(Agency, { id: input.parentId }))) {
            throw new DomainError('PARENT_NOT_FOUND', staff.agencies.parentNotFound, 422, { field: 'parentId' });
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
            shortName: input.shortName ?? null,
            aliases: dedupe(input.aliases ?? []),
            documentPrefix: input.documentPrefix ?? null,
            wechatyRoomId: null,
            headUserId: null,
            createdAt: now,
          });
          if (input.headUserId != null) await checkHead(em, input.headUserId);
          row.headUserId = input.headUserId ?? null;
          await em.save(row);
          await recordAudit(em, ctx, { action: 'agency.create', subjectType: 'agency', subjectId: row.id }, now);
          return agencyView(row);
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw nameTaken(input.name);
        throw err;
      }
    },

    // Names, villages, categories, the group robot and the head change over
    // time; reminders resolve the head and the group when they are sent, so a
    // change here reaches every reminder still to go.
    async update(id: number, patch: AgencyPatch, ctx: AuditContext) {
      try {
        return await db.transaction(async (em) => {
          const row = await em.findOneBy(Agency, { id });
          if (!row) throw errors.notFound(staff.agencies.agency);
          if (patch.name !== undefined && patch.name !== row.name && (await em.existsBy(Agency, { name: patch.name }))) throw nameTaken(patch.name);
          if (patch.parentId != null && (patch.parentId === id || !(await em.existsBy(Agency, { id: patch.parentId })))) {
            throw new DomainError('PARENT_NOT_FOUND', staff.agencies.parentNotFound, 422, { field: 'parentId' });
          }
          if (patch.headUserId != null) await checkHead(em, patch.headUserId);
          const changes: Partial<Agency> = {};
          for (const [k, v] of Object.entries(patch) as Array<[keyof AgencyPatch, unknown]>) {
            if (v === undefined) continue;
            (changes as Record<string, unknown>)[k] = Array.isArray(v) ? dedupe(v) : v;
          }
          Object.assign(row, changes);
          await em.save(row);
          await recordAudit(em, ctx, { action: 'agency.update', subjectType: 'agency', subjectId: id, detail: { fields: Object.keys(changes) } }, clock.now());
          return agencyView(row);
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw nameTaken(patch.name ?? '');
        throw err;
      }
    },

    async list(filter: { kind?: AgencyKind } = {}) {
      const rows = await db.getRepository(Agency).find({ where: filter.kind ? { kind: filter.kind } : {}, order: { id: 'ASC' } });
      return rows.map(agencyView);
    },

    // Binds the agency's group to a room of the Wechaty bot: its cards go there
    // (unless it has a WeCom group robot, which comes first). `roomId: null` unbinds.
    async bindRoom(id: number, binding: RoomBinding, ctx: AuditContext) {
      const room = await resolveRoom(binding, rooms);
      return db.transaction(async (em) => {
        const row = await em.findOneBy(Agency, { id });
        if (!row) throw errors.notFound(staff.agencies.agency);
        const before = row.wechatyRoomId;
        row.wechatyRoomId = room?.id ?? null;
        await em.update(Agency, { id }, { wechatyRoomId: row.wechatyRoomId });
        await recordAudit(em, ctx, {
          action: room ? 'agency.bind_room' : 'agency.unbind_room', subjectType: 'agency', subjectId: id,
          detail: { roomId: row.wechatyRoomId, topic: room?.topic ?? null, previousRoomId: before },
        }, clock.now());
        return agencyView(row);
      });
    },

    async get(id: number) {
      const row = await db.getRepository(Agency).findOneBy({ id });
      if (!row) throw errors.notFound(staff.agencies.agency);
      return agencyView(row);
    },
  };
}

async function resolveRoom(binding: RoomBinding, rooms: RoomDirectory | undefined): Promise<{ id: string; topic: string | null } | null> {
  if ('topic' in binding) {
    if (!rooms) {
      throw new DomainError('ROOM_LOOKUP_UNAVAILABLE', staff.agencies.room.lookupUnavailable, 422, { field: 'topic' });
    }
    const found = await rooms.findByTopic(binding.topic);
    if (found.length === 0) throw new DomainError('ROOM_NOT_FOUND', staff.agencies.room.noSuchTopic(binding.topic), 422, { field: 'topic' });
    if (found.length > 1) throw new DomainError('ROOM_AMBIGUOUS', staff.agencies.room.ambiguousTopic(found.length, binding.topic), 422, { field: 'topic' });
    return found[0]!;
  }
  if (binding.roomId === null) return null;
  // Without the bot in this process the id cannot be checked; it is stored as given.
  if (!rooms) return { id: binding.roomId, topic: null };
  const found = await rooms.findById(binding.roomId);
  if (!found) throw new DomainError('ROOM_NOT_FOUND', staff.agencies.room.notFound, 422, { field: 'roomId' });
  return found;
}

// The head is a person of the product (a user), so reminders can reach them.
async function checkHead(em: EntityManager, userId: number) {
  if (!(await em.existsBy(User, { id: userId }))) throw new DomainError('HEAD_NOT_FOUND', staff.agencies.headNotFound, 422, { field: 'headUserId' });
}

function nameTaken(name: string) {
  return errors.conflict('AGENCY_NAME_TAKEN', staff.agencies.nameTaken(name), { field: 'name' });
}

function dedupe<T>(list: T[]): T[] {
  return [...new Set(list)];
}

export type AgencyService = ReturnType<typeof createAgencyService>;
