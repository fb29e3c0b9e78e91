import type { EntityManager } from 'typeorm';
import { Agency, LinkageItem, type DueKind, type LinkageItemType } from '../../../entities';
import type { DeadlineSpec } from '../calendar/calendar';
import { DomainError } from '../errors';
import type { OverdueKind } from '../reminders/overdue-sweep';
import type { Reminders } from '../reminders/reminders';
import type { LinkageRules } from './linkage-deps';
import { deadlineReminderText, overdueEscalationText, overdueUrgeText } from './linkage-notices';
import { OPEN_STATUSES } from './linkage-status';

// A linkage item's deadline, on the calendar module, and its reminders, on
// the reminder module: the receiving agency's group and head at
// LINKAGE_REMINDER_OFFSETS; once overdue, its group is urged weekly and,
// after URGE_ESCALATE_AFTER urges, its head, the sender and the liaison
// office are told.

export const DEADLINE_SUBJECT = 'linkage-deadline';
export const deadlineSubject = (itemId: number) => ({ type: DEADLINE_SUBJECT, id: itemId });

// What a person asked for instead of the type's default (`due` in the API).
export type DueInput = { days?: number; workingDays?: number; months?: number; at?: Date };

export function defaultSpec(rules: LinkageRules, type: Exclude<LinkageItemType, 'joint_meeting'>): DeadlineSpec {
  switch (type) {
    case 'judicial_suggestion':
      return { months: rules.judicialSuggestionMonths };
    case 'admin_dispute':
      return { workingDays: rules.adminDisputeWorkingDays };
    case 'debt_litigation_notice':
      return { workingDays: rules.debtNoticeWorkingDays };
    case 'legality_review':
      return { workingDays: rules.legalityReviewWorkingDays };
    case 'assistance_request':
      return { workingDays: rules.assistanceWorkingDays };
    case 'risk_letter':
      return { months: rules.riskLetterMonths };
  }
}

// The item's deadline rule: the override when given (exactly one of its
// fields), else the type's default; a joint meeting needs its time.
export function deadlineSpec(rules: LinkageRules, type: LinkageItemType, due: DueInput | undefined): DeadlineSpec {
  const given = due ? (Object.keys(due) as Array<keyof DueInput>).filter((k) => due[k] !== undefined) : [];
  if (given.length > 1) throw new DomainError('VALIDATION_FAILED', '期限只能按一种方式设置：天数、工作日、月数或时间', 400, { fields: { due: '只能设置一项' } });
  if (due && given.length === 1) {
    const k = given[0]!;
    return k === 'at' ? { at: due.at! } : ({ [k]: due[k] } as DeadlineSpec);
  }
  if (type === 'joint_meeting') throw new DomainError('VALIDATION_FAILED', '联席会议需要会议时间（due.at）', 400, { fields: { due: '请填写会议时间' } });
  return defaultSpec(rules, type);
}

export function specColumns(spec: DeadlineSpec): { dueKind: DueKind; dueDays: number | null } {
  if ('at' in spec) return { dueKind: 'at', dueDays: null };
  if ('workingDays' in spec) return { dueKind: 'working', dueDays: spec.workingDays };
  if ('months' in spec) return { dueKind: 'months', dueDays: spec.months };
  return { dueKind: 'calendar', dueDays: spec.days };
}

// The rule an item was registered with, for a recompute; null for a fixed time.
export function storedSpec(item: Pick<LinkageItem, 'dueKind' | 'dueDays'>): DeadlineSpec | null {
  if (item.dueDays === null) return null;
  switch (item.dueKind) {
    case 'working':
      return { workingDays: item.dueDays };
    case 'months':
      return { months: item.dueDays };
    case 'calendar':
      return { days: item.dueDays };
    default:
      return null;
  }
}

export function isOpen(item: Pick<LinkageItem, 'status'>): boolean {
  return OPEN_STATUSES.includes(item.status);
}

// The reminders of the item's deadline, to the agency it is with now (and
// whoever it was assigned to); planning again replaces what is pending.
export async function planLinkageReminders(reminders: Reminders, em: EntityManager, item: LinkageItem) {
  if (!item.dueAt || !item.toAgencyId || !isOpen(item)) return;
  const agencyId = item.toAgencyId;
  // An agency without a head named would hear it twice in its group.
  const head = (await em.findOne(Agency, { where: { id: agencyId }, select: { id: true, headUserId: true } }))?.headUserId;
  await reminders.plan(em, deadlineSubject(item.id), {
    dueAt: item.dueAt,
    offsets: reminders.settings.linkageOffsets,
    anchor: 'day-9am',
    audience: [
      { kind: 'agency-group', agencyId },
      ...(head ? [{ kind: 'agency-head' as const, agencyId }] : []),
      ...(item.assigneeId ? [{ kind: 'user' as const, userId: item.assigneeId }] : []),
    ],
    template: ({ offset, audience }) => ({
      text: deadlineReminderText(item, offset.unit === 'd' ? offset.amount : 0),
      markdown: true,
      mentionUserId: audience.kind === 'agency-group' ? item.assigneeId : null,
    }),
  });
}

// The sweep's view of linkage items: an open item past its deadline is urged
// weekly in the receiving agency's group; escalation tells that agency's
// head, the sender's group and the liaison office (the policy's 通报).
export function linkageOverdueKind(): OverdueKind {
  return {
    subjectType: DEADLINE_SUBJECT,
    cadenceDays: 7,
    async urge(em, itemId, { daysOverdue }) {
      const item = await em.findOneBy(LinkageItem, { id: itemId });
      // A joint meeting that has taken place is not pressed for.
      if (!item || !isOpen(item) || item.type === 'joint_meeting') return null;
      if (!item.toAgencyId) return { urge: [], escalation: [] };
      const offices = await em.find(Agency, { where: { kind: 'liaison_office' }, select: { id: true }, order: { id: 'ASC' } });
      const sender = item.fromAgencyId !== null && !offices.some((o) => o.id === item.fromAgencyId) ? [item.fromAgencyId] : [];
      const toAgency = await em.findOneBy(Agency, { id: item.toAgencyId });
      const card = overdueEscalationText(item, toAgency?.name ?? '', daysOverdue);
      return {
        urge: [{
          audience: { kind: 'agency-group', agencyId: item.toAgencyId },
          message: { text: overdueUrgeText(item, daysOverdue), markdown: true, mentionUserId: item.assigneeId },
        }],
        escalation: [
          { audience: { kind: 'agency-head', agencyId: item.toAgencyId }, message: { text: card, markdown: true } },
          ...[...sender, ...offices.map((o) => o.id)].map((agencyId) => ({
            audience: { kind: 'agency-group' as const, agencyId }, message: { text: card, markdown: true },
          })),
        ],
      };
    },
  };
}
