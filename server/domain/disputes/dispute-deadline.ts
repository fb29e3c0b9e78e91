import { In, MoreThanOrEqual, LessThan, type EntityManager } from 'typeorm';
import { Dispute, DisputeExtension, User } from '../../../entities';
import type { Deadline, WorkingCalendar, YearLoadedHook } from '../calendar/calendar';
import type { Outbox } from '../outbox/outbox-service';
import { staffOf } from '../outbox/recipients';
import type { OverdueKind } from '../reminders/overdue-sweep';
import type { Reminders } from '../reminders/reminders';
import type { PlanInput } from '../reminders/reminder-plans';
import { formatShanghai, shanghaiTime } from '../shanghai-time';
import type { DisputeDeps } from './dispute-deps';
import { deadlineText, overdueCard, overdueEscalationCard } from './dispute-notices';
import { OPEN_STATUSES } from './dispute-status';
import { common } from '../../texts/resident.texts';
import { staff } from '../../texts/staff.texts';

// A dispute's resolution deadline and its reminders, on the reminder module:
// the mediator is reminded before it (DISPUTE_REMINDER_OFFSETS), the
// committee's group is urged daily once it has passed, and the committee's
// head is told after URGE_ESCALATE_AFTER urges.

// Reminders of the deadline, apart from messages about what happened in the
// dispute: an ended dispute withdraws the first and still delivers the second.
export const DEADLINE_SUBJECT = 'dispute-deadline';
export const deadlineSubject = (disputeId: number) => ({ type: DEADLINE_SUBJECT, id: disputeId });

type DeadlineDeps = Pick<DisputeDeps, 'deadlineSpec' | 'reminders' | 'provisionalNotices'>;

// The deadline from filing, moved on by each extension that took effect.
export function computeDeadline(deps: Pick<DisputeDeps, 'deadlineSpec'>, calendar: WorkingCalendar, d: Pick<Dispute, 'createdAt' | 'category'>, extensions: Pick<DisputeExtension, 'days'>[]): Deadline {
  let deadline = calendar.deadline(d.createdAt, deps.deadlineSpec(d.category));
  for (const ext of extensions) {
    const next = calendar.deadline(deadline.dueAt, { days: ext.days });
    deadline = { dueAt: next.dueAt, provisional: deadline.provisional || next.provisional };
  }
  return deadline;
}

export async function effectiveExtensions(em: EntityManager, disputeId: number) {
  return em.find(DisputeExtension, { where: { disputeId, status: 'effective' }, order: { id: 'ASC' } });
}

export async function planDeadlineReminders(reminders: Reminders, em: EntityManager, d: Dispute) {
  if (!d.deadlineAt) return;
  await reminders.plan(em, deadlineSubject(d.id), deadlinePlan(reminders, d, d.deadlineAt));
}

// At filing: the new dispute's first plan, its reminders handed back to go
// out in one INSERT with the filing's other notices.
export async function planNewDeadlineReminders(reminders: Reminders, em: EntityManager, d: Dispute) {
  if (!d.deadlineAt) return [];
  return reminders.planNew(em, deadlineSubject(d.id), deadlinePlan(reminders, d, d.deadlineAt));
}

function deadlinePlan(reminders: Reminders, d: Dispute, dueAt: Date): PlanInput {
  return {
    dueAt,
    offsets: reminders.settings.disputeOffsets,
    anchor: 'day-9am',
    audience: d.mediatorId ? [{ kind: 'user', userId: d.mediatorId }] : [],
    template: ({ offset }) => ({ text: deadlineText(d, offset.unit === 'd' ? offset.amount : 0) }),
  };
}

// The sweep's view of disputes: an open one past its deadline is urged in its
// committee's group, the mediator mentioned; the committee's head is told
// when urging did not help.
export function disputeOverdueKind(): OverdueKind {
  return {
    subjectType: DEADLINE_SUBJECT,
    cadenceDays: 1,
    async urge(em, disputeId, { daysOverdue }) {
      const d = await em.findOneBy(Dispute, { id: disputeId });
      if (!d || !OPEN_STATUSES.includes(d.status)) return null;
      if (!d.committeeId) return { urge: [], escalation: [] };
      const mediator = d.mediatorId ? await em.findOneBy(User, { id: d.mediatorId }) : null;
      return {
        urge: [{
          audience: { kind: 'agency-group', agencyId: d.committeeId },
          message: { text: overdueCard(d, mediator, daysOverdue), markdown: true, mentionUserId: d.mediatorId },
        }],
        escalation: [{
          audience: { kind: 'agency-head', agencyId: d.committeeId },
          message: { text: overdueEscalationCard(d, mediator, daysOverdue), markdown: true },
        }],
      };
    },
  };
}

// Sets a new deadline, re-plans its reminders; returns whether it moved.
export async function moveDeadline(deps: DeadlineDeps, em: EntityManager, d: Dispute, deadline: Deadline, now: Date): Promise<boolean> {
  const moved = d.deadlineAt?.getTime() !== deadline.dueAt.getTime();
  if (!moved && d.deadlineProvisional === deadline.provisional) return false;
  d.deadlineAt = deadline.dueAt;
  d.deadlineProvisional = deadline.provisional;
  await em.update(Dispute, { id: d.id }, { deadlineAt: deadline.dueAt, deadlineProvisional: deadline.provisional, updatedAt: now });
  await deps.provisionalNotices?.noteProvisional(em, now, deadline);
  if (moved) await planDeadlineReminders(deps.reminders, em, d);
  return moved;
}

// When a year of the calendar is loaded: every open dispute whose deadline
// reaches that year is computed again; a moved one is re-planned and its
// mediator told.
export function recomputeDisputeDeadlines(deps: DeadlineDeps & { outbox: Outbox; clock: { now(): Date } }): YearLoadedHook {
  return async (em, year, calendar) => {
    const now = deps.clock.now();
    const disputes = await em.find(Dispute, {
      where: {
        status: In([...OPEN_STATUSES]),
        deadlineAt: MoreThanOrEqual(shanghaiTime({ year, month: 1, day: 1 })),
        createdAt: LessThan(shanghaiTime({ year: year + 1, month: 1, day: 1 })),
      },
      order: { id: 'ASC' },
    });
    let changed = 0;
    for (const d of disputes) {
      const before = d.deadlineAt;
      const deadline = computeDeadline(deps, calendar, d, await effectiveExtensions(em, d.id));
      if (!(await moveDeadline(deps, em, d, deadline, now))) continue;
      changed++;
      const mediator = d.mediatorId ? await em.findOneBy(User, { id: d.mediatorId }) : null;
      if (!mediator) continue;
      await deps.outbox.enqueue(em, {
        ...staffOf(mediator),
        message: { msgtype: 'text', content: staff.disputes.deadlineRecomputed(d.serial, year, before ? formatShanghai(before) : common.time.none, formatShanghai(deadline.dueAt)) },
        dueAt: now,
        dedupeKey: `dispute:${d.id}:deadline-moved:${deadline.dueAt.getTime()}`,
        subject: { type: 'dispute', id: d.id },
      });
    }
    return { changed };
  };
}

