import { In, type EntityManager } from 'typeorm';
import { Agency, type LinkageEvent, type LinkageItem, type User } from '../../../entities';
import { MOVES, OPEN_STATUSES, STATUS_LABELS, TYPE_LABELS } from './linkage-status';

// The API's shape of an item: list rows, and the detail with its trail.

const ref = (a: Agency | undefined | null) => (a ? { id: a.id, name: a.name } : null);

export function itemView(item: LinkageItem, agencies: Map<number, Agency>, now: Date) {
  return {
    id: item.id,
    type: item.type,
    typeLabel: TYPE_LABELS[item.type],
    documentNumber: item.documentNumber,
    title: item.title,
    status: item.status,
    statusLabel: STATUS_LABELS[item.status],
    fromAgency: item.fromAgencyId !== null ? ref(agencies.get(item.fromAgencyId)) : null,
    toAgency: item.toAgencyId !== null ? ref(agencies.get(item.toAgencyId)) : null,
    assigneeId: item.assigneeId,
    dueAt: item.dueAt?.toISOString() ?? null,
    provisional: item.provisional,
    overdue: !!item.dueAt && OPEN_STATUSES.includes(item.status) && item.dueAt < now,
    answeredAt: item.answeredAt?.toISOString() ?? null,
    disputeId: item.disputeId,
    createdAt: item.createdAt.toISOString(),
  };
}

export function eventView(e: LinkageEvent & { actor?: User | null }, agencies: Map<number, Agency>) {
  return {
    id: e.id,
    action: e.action,
    label: MOVES[e.action].label,
    actor: e.actor ? { id: e.actor.id, name: e.actor.name, role: e.actor.role } : null,
    fromAgency: e.fromAgencyId !== null ? ref(agencies.get(e.fromAgencyId)) : null,
    toAgency: e.toAgencyId !== null ? ref(agencies.get(e.toAgencyId)) : null,
    note: e.note,
    at: e.at.toISOString(),
  };
}

// The agencies a page of items and events names, by id, in one query.
export async function agenciesById(em: EntityManager, ids: Array<number | null>): Promise<Map<number, Agency>> {
  const wanted = [...new Set(ids.filter((x): x is number => x !== null))];
  const rows = wanted.length ? await em.findBy(Agency, { id: In(wanted) }) : [];
  return new Map(rows.map((a) => [a.id, a]));
}
