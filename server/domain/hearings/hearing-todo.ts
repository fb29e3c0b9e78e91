import { In, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { Agency, Hearing } from '../../../entities';
import type { Principal } from '../principal';
import { hearingView } from './hearing-views';

// The hearings a person should act on, for their 待办: a judge's own sessions
// (by user or by the name the calendar gives) coming up, and those already
// held where the head had to appear and nobody recorded who did (the judge's
// overdue task); an agency official's sessions where the agency is the
// defendant, flagged when the head must appear and the agency has not yet
// declared who will. Everyone else has no hearing to act on.

const AHEAD_MS = 30 * 24 * 3600 * 1000;
const BEHIND_MS = 90 * 24 * 3600 * 1000;
const LIVE = ['scheduled', 'rescheduled'] as const;

export type HearingTask = 'record' | 'declare' | null;

export async function hearingTodo(em: EntityManager, p: Principal, now: Date, limit: number) {
  const mine = (qb: SelectQueryBuilder<Hearing>): SelectQueryBuilder<Hearing> | null => {
    if (p.role === 'judge') return qb.andWhere('(h.judgeId = :me OR h.judgeName = :name)', { me: p.userId ?? -1, name: p.name });
    if (p.role === 'official' && p.agencyId !== null) return qb.andWhere('h.defendantAgencyId = :agency', { agency: p.agencyId });
    return null;
  };
  const upcomingQ = mine(em.createQueryBuilder(Hearing, 'h')
    .where('h.status IN (:...live)', { live: LIVE })
    .andWhere('h.startsAt >= :now AND h.startsAt < :until', { now, until: new Date(now.getTime() + AHEAD_MS) }));
  if (!upcomingQ) return { items: [], total: 0 };
  // Only the judge records an appearance; an agency cannot declare once the hearing has begun.
  const unrecordedQ = p.role !== 'judge' ? null : mine(em.createQueryBuilder(Hearing, 'h')
    .where('h.status != :cancelled', { cancelled: 'cancelled' })
    .andWhere('h.headMustAppear = :yes AND h.appearance IS NULL', { yes: true })
    .andWhere('h.startsAt < :now AND h.startsAt >= :since', { now, since: new Date(now.getTime() - BEHIND_MS) }));

  const [overdue, overdueTotal] = unrecordedQ ? await unrecordedQ.orderBy('h.startsAt', 'ASC').addOrderBy('h.id', 'ASC').take(limit).getManyAndCount() : [[], 0];
  const [upcoming, upcomingTotal] = await upcomingQ.orderBy('h.startsAt', 'ASC').addOrderBy('h.id', 'ASC').take(Math.max(0, limit - overdue.length)).getManyAndCount();
  const rows = [...overdue, ...upcoming];
  const ids = [...new Set(rows.map((h) => h.defendantAgencyId).filter((x): x is number => x !== null))];
  const names = new Map((ids.length ? await em.find(Agency, { where: { id: In(ids) }, select: { id: true, name: true } }) : []).map((a) => [a.id, a.name]));
  const task = (h: Hearing, late: boolean): HearingTask => {
    if (late) return 'record';
    return p.role === 'official' && h.headMustAppear && h.declaration === null ? 'declare' : null;
  };
  return {
    items: rows.map((h, i) => ({
      ...hearingView(h, h.defendantAgencyId !== null ? (names.get(h.defendantAgencyId) ?? null) : null),
      overdue: i < overdue.length,
      task: task(h, i < overdue.length),
    })),
    total: overdueTotal + upcomingTotal,
  };
}
