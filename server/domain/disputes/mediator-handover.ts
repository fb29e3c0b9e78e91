import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { Agency, Dispute, DisputeEntry, User } from '../../../entities';
import type { AuditContext } from '../audit';
import type { Clock } from '../clock';
import type { Outbox } from '../outbox/outbox-service';
import { groupNotice, staffOf } from '../outbox/recipients';
import { categoryInfo } from './dispute-categories';
import { formatShanghai } from '../shanghai-time';
import { mediatorLoads, type MediatorRef } from './dispute-filing-reads';
import { deadlineSubject, planDeadlineReminders } from './dispute-deadline';
import type { Reminders } from '../reminders/reminders';
import { pickMediator } from './dispute-routing';
import { OPEN_STATUSES } from './dispute-status';
import { common, resident } from '../../texts/resident.texts';
import { staff } from '../../texts/staff.texts';

const H = staff.disputes.handover;

// A mediator who is deactivated, moved to another agency or given another role
// leaves their open disputes behind: each goes to the least busy mediator of
// its committee (the filing rule), or stays unassigned when there is none. The
// committee's group is told, the new mediator too, and the dispute's timeline
// records the move — all in the caller's transaction.

export interface HandoverDeps {
  clock: Clock;
  outbox: Outbox;
  reminders: Reminders;
}

interface Move {
  dispute: Dispute;
  to: MediatorRef | null;
}

// Whether `user`, as now saved, still mediates for the committee.
const mediatesFor = (user: User, committeeId: number | null) =>
  user.active && user.role === 'mediator' && committeeId !== null && user.agencyId === committeeId;

// `user` is the row after the change; `reason` says what happened, e.g. 已停用.
export async function handOverDisputes(deps: HandoverDeps, em: EntityManager, user: User, reason: string, ctx: AuditContext): Promise<number> {
  const open = await em.find(Dispute, { where: { mediatorId: user.id, status: In([...OPEN_STATUSES]) }, order: { id: 'ASC' } });
  const leaving = open.filter((d) => !mediatesFor(user, d.committeeId));
  if (!leaving.length) return 0;
  const now = deps.clock.now();
  // Each committee's loads are read once and kept up to date here, so each
  // choice counts the disputes just handed out.
  const loads = new Map<number, Awaited<ReturnType<typeof mediatorLoads>>>();
  const byCommittee = new Map<number, Move[]>();
  const byMediator = new Map<number, { to: MediatorRef; disputes: Dispute[] }>();
  let firstEntryId: number | null = null;
  for (const d of leaving) {
    let to: MediatorRef | null = null;
    if (d.committeeId !== null) {
      if (!loads.has(d.committeeId)) loads.set(d.committeeId, await mediatorLoads(em, d.committeeId));
      const { mediators, open: counts } = loads.get(d.committeeId)!;
      to = pickMediator(mediators, counts);
      if (to) counts.set(to.id, (counts.get(to.id) ?? 0) + 1);
    }
    await em.update(Dispute, { id: d.id }, { mediatorId: to?.id ?? null, updatedAt: now });
    d.mediatorId = to?.id ?? null;
    const entry = em.create(DisputeEntry, {
      disputeId: d.id, kind: 'move', authorId: ctx.actor.userId, via: 'api', at: now,
      body: to ? resident.timeline.handedOver(user.name, reason, to.name) : resident.timeline.handedOverToNobody(user.name, reason),
      meta: { action: 'handover', from: user.id, to: to?.id ?? null },
    });
    await em.save(entry);
    firstEntryId ??= entry.id;
    // The old mediator's deadline reminders go with the dispute to the new one, if any.
    await deps.reminders.cancel(em, deadlineSubject(d.id));
    if (to) {
      await planDeadlineReminders(deps.reminders, em, d);
      const mine = byMediator.get(to.id) ?? { to, disputes: [] };
      mine.disputes.push(d);
      byMediator.set(to.id, mine);
    }
    if (d.committeeId !== null) byCommittee.set(d.committeeId, [...(byCommittee.get(d.committeeId) ?? []), { dispute: d, to }]);
  }
  // One message to each new mediator, one card to each committee's group.
  for (const { to, disputes } of byMediator.values()) {
    await deps.outbox.enqueue(em, {
      ...staffOf(to), message: { msgtype: 'text', content: newMediatorText(user.name, reason, disputes) },
      dueAt: now, dedupeKey: `handover:${user.id}:to:${to.id}:e${firstEntryId}`,
    });
  }
  for (const [committeeId, moves] of byCommittee) {
    const committee = await em.findOneBy(Agency, { id: committeeId });
    if (!committee) continue;
    await deps.outbox.enqueue(em, {
      ...groupNotice(committee, handoverCard(user.name, reason, moves)),
      dueAt: now, dedupeKey: `handover:${user.id}:group:${committee.id}:e${firstEntryId}`,
    });
  }
  return leaving.length;
}

export function newMediatorText(mediatorName: string, reason: string, disputes: readonly Dispute[]): string {
  return [
    H.toNewMediator(mediatorName, reason, disputes.length),
    ...disputes.map((d) => H.disputeLine(d.serial, categoryInfo(d.category).label, d.deadlineAt ? formatShanghai(d.deadlineAt) : common.time.none)),
    H.howToView(disputes.map((d) => d.serial)),
  ].join('\n');
}

export function handoverCard(mediatorName: string, reason: string, moves: readonly Move[]): string {
  const unassigned = moves.filter((m) => !m.to).length;
  return [
    H.cardTitle(mediatorName, reason),
    ...moves.map(({ dispute: d, to }) => H.cardMove(d.serial, categoryInfo(d.category).label, to ? H.mediator(to.name) : H.unassigned)),
    unassigned ? H.cardUnassigned(unassigned) : H.cardFollowUp,
  ].join('\n');
}
