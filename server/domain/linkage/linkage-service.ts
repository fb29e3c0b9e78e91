import { In, type EntityManager } from 'typeorm';
import { Agency, Dispute, LinkageCopy, LinkageEvent, LinkageItem } from '../../../entities';
import type { AuditContext } from '../audit';
import type { WorkingCalendar } from '../calendar/calendar';
import { DomainError } from '../errors';
import type { Principal } from '../principal';
import { actOn, type ActionContext, type ActionInput } from './linkage-actions';
import { isCopiedTo, linkageScope, notFound, relationsOf } from './linkage-access';
import type { LinkageDeps } from './linkage-deps';
import { listLinkageItems, listOpenForAgency, type LinkageFilter } from './linkage-queries';
import { recomputeLinkageDeadlines } from './linkage-recompute';
import { parseItemReference } from './linkage-reference';
import { openAdminDispute, registerItem, type NewLinkageItem } from './linkage-registration';
import { allowedActions, OPEN_STATUSES } from './linkage-status';
import { agenciesById, eventView, itemView } from './linkage-views';

// Linkage items (联动事项): registered, listed by scope, read with their
// trail, moved through the status table. Services own the transactions.

export function createLinkageService(deps: LinkageDeps) {
  const { db, clock } = deps;

  async function views(em: EntityManager, items: LinkageItem[]) {
    const agencies = await agenciesById(em, items.flatMap((i) => [i.fromAgencyId, i.toAgencyId]));
    const now = clock.now();
    return items.map((i) => itemView(i, agencies, now));
  }

  // `acted`: the answer to an action, shown even when it took the item out of
  // the actor's scope (a transfer to another agency).
  async function detail(em: EntityManager, item: LinkageItem, p: Principal, acted = false) {
    const scope = await linkageScope(em, p);
    const { visible, actors } = relationsOf(p, scope, item, await isCopiedTo(em, item.id, scope));
    if (!visible && !acted) throw notFound();
    const [events, copies] = await Promise.all([
      em.find(LinkageEvent, { where: { itemId: item.id }, relations: { actor: true }, order: { at: 'ASC', id: 'ASC' } }),
      em.find(LinkageCopy, { where: { itemId: item.id }, order: { agencyId: 'ASC' } }),
    ]);
    const agencies = await agenciesById(em, [
      item.fromAgencyId, item.toAgencyId, ...copies.map((c) => c.agencyId), ...events.flatMap((e) => [e.fromAgencyId, e.toAgencyId]),
    ]);
    return {
      ...itemView(item, agencies, clock.now()),
      body: item.body,
      ccAgencies: copies.map((c) => agencies.get(c.agencyId)).filter((a): a is Agency => !!a).map((a) => ({ id: a.id, name: a.name })),
      allowedActions: allowedActions(item.status, actors),
      events: events.map((e) => eventView(e, agencies)),
    };
  }

  async function withCalendar<T>(work: (em: EntityManager, calendar: WorkingCalendar) => Promise<T>): Promise<T> {
    const calendar = await deps.calendar.current();
    return db.transaction((em) => work(em, calendar));
  }

  return {
    // For the calendar: loading a year recomputes the open deadlines that reach it.
    onYearLoaded: recomputeLinkageDeadlines(deps),

    async register(input: NewLinkageItem, ctx: AuditContext) {
      return withCalendar(async (em, calendar) => detail(em, await registerItem(deps, em, calendar, input, ctx), ctx.actor));
    },

    async act(id: number, input: ActionInput, ctx: ActionContext) {
      return withCalendar(async (em, calendar) => detail(em, await actOn(deps, em, calendar, id, input, ctx), ctx.actor, true));
    },

    async get(id: number, p: Principal) {
      const item = await db.manager.findOneBy(LinkageItem, { id });
      if (!item) throw notFound();
      return detail(db.manager, item, p);
    },

    async list(filter: Omit<LinkageFilter, 'now'>, p: Principal) {
      const scope = await linkageScope(db.manager, p);
      const { items, total } = await listLinkageItems(db.manager, scope, { ...filter, now: clock.now() });
      return { items: await views(db.manager, items), total };
    },

    // What a person should act on, soonest deadline (so the overdue) first:
    // the open items with their agency; the liaison office and admins, every open item.
    async todo(p: Principal, limit = 10) {
      const scope = await linkageScope(db.manager, p);
      if ('none' in scope) return { items: [], total: 0 };
      // An agency's own: read off (toAgencyId, status, dueAt) however long its backlog.
      if ('agencyId' in scope) {
        const { items, total } = await listOpenForAgency(db.manager, scope.agencyId, { page: 1, pageSize: limit });
        return { items: await views(db.manager, items), total };
      }
      const q = db.getRepository(LinkageItem).createQueryBuilder('i').where('i.status IN (:...open)', { open: OPEN_STATUSES });
      const [rows, total] = await q.orderBy('i.dueAt', 'ASC').addOrderBy('i.id', 'ASC').take(limit).getManyAndCount();
      return { items: await views(db.manager, rows), total };
    },

    // Chat names items by document number, id or dispute serial; the rest works by id.
    async idByReference(text: string, p: Principal): Promise<number> {
      const ref = parseItemReference(text);
      const missing = () => new DomainError('NOT_FOUND', `没有找到联动事项 ${text}，或您无权查看`, 404);
      if (!ref) throw missing();
      let item: LinkageItem | null = null;
      if ('id' in ref) item = await db.manager.findOneBy(LinkageItem, { id: ref.id });
      else if ('documentNumber' in ref) item = await db.manager.findOne(LinkageItem, { where: { documentNumber: In([ref.documentNumber, text.trim()]) }, order: { id: 'DESC' } });
      else {
        const d = await db.manager.findOneBy(Dispute, { serial: ref.serial });
        item = d ? await db.manager.findOne(LinkageItem, { where: { disputeId: d.id }, order: { id: 'DESC' } }) : null;
      }
      if (!item) throw missing();
      const scope = await linkageScope(db.manager, p);
      if (!relationsOf(p, scope, item, await isCopiedTo(db.manager, item.id, scope)).visible) throw missing();
      return item.id;
    },

    // The agency named in chat (转办 … 单位): by name, short name or alias.
    async agencyByName(name: string): Promise<Agency> {
      const all = await db.manager.find(Agency, { order: { id: 'ASC' } });
      const t = name.trim();
      const found = all.find((a) => a.name === t) ?? all.find((a) => a.shortName === t) ?? all.find((a) => a.aliases.includes(t));
      if (!found) throw new DomainError('AGENCY_NOT_FOUND', `没有找到单位“${t}”`, 404);
      return found;
    },

    // For dispute filing: a resident's administrative dispute becomes an item.
    openAdminDispute: (em: EntityManager, calendar: WorkingCalendar, d: Dispute, defendant: Agency, now: Date) => openAdminDispute(deps, em, calendar, d, defendant, now),
  };
}

export type LinkageService = ReturnType<typeof createLinkageService>;
