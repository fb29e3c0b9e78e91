import type { Agency, Dispute, User } from '../../../entities';
import { disputePage } from '../../../miniprogram/config/pages';
import { maskName } from '../masking';
import { mdText } from '../outbox/markdown-text';
import { formatShanghai, shanghaiDate } from '../shanghai-time';
import { categoryInfo } from './dispute-categories';
import { STATUS_PHRASES } from './dispute-status';

// The words of the judicial-confirmation messages (dispute-confirmation.ts).
// What people typed (names, village, the other party) goes through mdText,
// names masked: the court's card goes to a group.

// 「2026年12月28日」: the window ends at the end of its last day.
export function dayText(at: Date): string {
  const d = shanghaiDate(at);
  return `${d.year}年${d.month}月${d.day}日`;
}

// The joint application, to the court's group.
export function confirmationCard(d: Dispute, p: { resident: Pick<User, 'name'>; committee: Pick<Agency, 'name'> | null; mediator: Pick<User, 'name'> | null }): string {
  return [
    `**司法确认申请** ${d.serial}`,
    `> 调解组织：${p.committee ? mdText(p.committee.name) : '诉前调解中心'}`,
    `> 调解员：${p.mediator ? mdText(p.mediator.name) : '—'}`,
    `> 类别：${categoryInfo(d.category).label}　村（社区）：${mdText(d.village)}`,
    `> 当事人：${mdText(maskName(p.resident.name))}（申请人）${d.otherParty ? `、${mdText(maskName(d.otherParty))}` : ''}`,
    `> 调解协议达成：${d.closedAt ? dayText(d.closedAt) : '—'}`,
    `> 申请期限：协议达成后30日内，<font color="warning">至${d.confirmationDueAt ? dayText(d.confirmationDueAt) : '—'}</font>`,
    '双方当事人已共同申请司法确认，请安排审查，并联系调解员调取调解协议。',
  ].join('\n');
}

// Day 20 and day 27, to the mediator.
export function confirmationReminderText(d: Dispute, dueAt: Date, daysLeft: number): string {
  const waiting = [!d.residentAppliedAt ? '群众' : null, !d.otherPartyAppliedAt ? '对方当事人' : null].filter(Boolean).join('和');
  return [
    `提醒：纠纷 ${d.serial}（${mdText(d.village)}）的调解协议可申请司法确认，期限至${dayText(dueAt)}，还有 ${daysLeft} 天。`,
    waiting ? `尚待${waiting}申请。对方当事人申请后请发：对方申请 ${d.serial}` : '',
  ].filter(Boolean).join('\n');
}

// Day 20 and day 27, to the resident (a subscribe message; the note is at most 20 characters).
export function confirmationReminderNotice(d: Dispute, dueAt: Date, at: Date) {
  return {
    template: 'dispute_status' as const,
    page: disputePage(d.id),
    data: { serial: d.serial, status: STATUS_PHRASES.resolved, note: `请在${dayText(dueAt)}前申请司法确认`, time: formatShanghai(at) },
  };
}

// Both applied: the resident hears that the court has it.
export function confirmationRequestedNotice(d: Dispute, at: Date) {
  return {
    template: 'dispute_status' as const,
    page: disputePage(d.id),
    data: { serial: d.serial, status: STATUS_PHRASES.confirmation_requested, note: '双方已申请，法院将联系您', time: formatShanghai(at) },
  };
}
