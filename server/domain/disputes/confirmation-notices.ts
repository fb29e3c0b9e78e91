import type { Agency, Dispute, User } from '../../../entities';
import { disputePage } from '../../../miniprogram/config/pages';
import { maskName } from '../masking';
import { mdText } from '../outbox/markdown-text';
import { formatShanghai, shanghaiDate } from '../shanghai-time';
import { categoryInfo } from './dispute-categories';
import { STATUS_PHRASES } from './dispute-status';
import { common, resident } from '../../texts/resident.texts';
import { staff } from '../../texts/staff.texts';

// The words of the judicial-confirmation messages (dispute-confirmation.ts).
// What people typed (names, village, the other party) goes through mdText,
// names masked: the court's card goes to a group.

// 「2026年12月28日」: the window ends at the end of its last day.
export function dayText(at: Date): string {
  const d = shanghaiDate(at);
  return resident.disputes.day(d.year, d.month, d.day);
}

const C = staff.disputeNotices.confirmation;
const NONE = common.time.none;

// The joint application, to the court's group.
export function confirmationCard(d: Dispute, p: { resident: Pick<User, 'name'>; committee: Pick<Agency, 'name'> | null; mediator: Pick<User, 'name'> | null }): string {
  return [
    C.title(d.serial),
    C.committee(p.committee ? mdText(p.committee.name) : staff.disputeNotices.preMediationCentre),
    C.mediator(p.mediator ? mdText(p.mediator.name) : NONE),
    staff.disputeNotices.categoryAndVillage(categoryInfo(d.category).label, mdText(d.village)),
    C.parties(mdText(maskName(p.resident.name)), d.otherParty ? mdText(maskName(d.otherParty)) : null),
    C.agreedOn(d.closedAt ? dayText(d.closedAt) : NONE),
    C.window(d.confirmationDueAt ? dayText(d.confirmationDueAt) : NONE),
    C.ask,
  ].join('\n');
}

// Day 20 and day 27, to the mediator.
export function confirmationReminderText(d: Dispute, dueAt: Date, daysLeft: number): string {
  const waiting = [!d.residentAppliedAt ? C.waitingResident : null, !d.otherPartyAppliedAt ? C.waitingOtherParty : null].filter(Boolean).join(C.and);
  return [
    C.reminder(d.serial, mdText(d.village), dayText(dueAt), daysLeft),
    waiting ? C.waiting(waiting, d.serial) : '',
  ].filter(Boolean).join('\n');
}

// Day 20 and day 27, to the resident (a subscribe message; the note is at most 20 characters).
export function confirmationReminderNotice(d: Dispute, dueAt: Date, at: Date) {
  return {
    template: 'dispute_status' as const,
    page: disputePage(d.id),
    data: { serial: d.serial, status: STATUS_PHRASES.resolved, note: resident.disputes.notes.confirmationDue(dayText(dueAt)), time: formatShanghai(at) },
  };
}

// Both applied: the resident hears that the court has it.
export function confirmationRequestedNotice(d: Dispute, at: Date) {
  return {
    template: 'dispute_status' as const,
    page: disputePage(d.id),
    data: { serial: d.serial, status: STATUS_PHRASES.confirmation_requested, note: resident.disputes.notes.confirmationSent, time: formatShanghai(at) },
  };
}
