import type { Hearing } from '../../../entities';
import { PAGES } from '../../../miniprogram/config/pages';
import type { WxSubscribeMessage } from '../outbox/messages';
import { mdText } from '../outbox/markdown-text';
import { formatShanghai } from '../shanghai-time';
import { resident } from '../../texts/resident.texts';
import { staff } from '../../texts/staff.texts';

// The words of every message about a hearing. What the court's calendar says
// (cause, court room, judge, parties) came from a file people typed: it is
// shown as text, never as markup.

const T = staff.hearings.cards;

function facts(h: Hearing, agencyName: string | null): string[] {
  return [
    T.caseNumber(mdText(h.caseNumber), h.session),
    ...(h.cause ? [T.cause(mdText(h.cause))] : []),
    T.startsAt(formatShanghai(h.startsAt)),
    ...(h.courtRoom ? [T.courtRoom(mdText(h.courtRoom))] : []),
    ...(h.judgeName ? [T.judge(mdText(h.judgeName))] : []),
    ...(agencyName ? [T.defendant(mdText(agencyName))] : []),
  ];
}

// Before the hearing, at each offset: to the agency's head and group.
export function hearingReminderCard(h: Hearing, agencyName: string | null): string {
  return [
    T.reminderTitle,
    ...facts(h, agencyName),
    '',
    T.reminderAsk,
    T.reminderHowToDeclare(h.caseNumber),
  ].join('\n');
}

export function hearingMovedCard(h: Hearing, agencyName: string | null, before: Date): string {
  return [
    T.movedTitle,
    T.movedFrom(formatShanghai(before)),
    ...facts(h, agencyName),
    '',
    T.movedAsk,
  ].join('\n');
}

export function hearingCancelledCard(h: Hearing, agencyName: string | null): string {
  return [T.cancelledTitle, ...facts(h, agencyName), '', T.cancelledNote].join('\n');
}

// To the court: a head-appearance hearing set less than three days ahead, so
// the appearance notice cannot reach the agency three days before (Art. 5).
export function noticeShortCard(h: Hearing, agencyName: string | null): string {
  return [
    T.noticeShortTitle,
    ...facts(h, agencyName),
    '',
    T.noticeShortAsk,
  ].join('\n');
}

// A resident following the case (开庭提醒): the subscribe message.
export function residentHearingMessage(h: Hearing, note: string): WxSubscribeMessage {
  return {
    template: 'hearing_reminder',
    page: PAGES.home,
    data: { caseNumber: h.caseNumber, court: h.courtRoom ?? resident.hearings.defaultCourt, startsAt: formatShanghai(h.startsAt), note },
  };
}
