import type { Dispute, User } from '../../../entities';
import { disputePage } from '../../../miniprogram/config/pages';
import { maskName, maskPhone } from '../masking';
import { mdLines, mdText } from '../outbox/markdown-text';
import { formatShanghai } from '../shanghai-time';
import { categoryInfo } from './dispute-categories';
import { STATUS_LABELS, STATUS_PHRASES } from './dispute-status';
import { common } from '../../texts/resident.texts';
import { staff } from '../../texts/staff.texts';

// The words of every message about a dispute. Personal data is masked in
// anything that goes to a group; only the resident's own phone ever shows it.
// Whatever people wrote (village, names, notes) goes in through mdText, so a
// card shows it as text: never a link, a mention, a heading or a new line.
// The masks' stars too (`微*（139****5678）` would be italics): they show as ＊.

export interface NoticeContext {
  dispute: Dispute;
  resident: Pick<User, 'name'>;
  residentPhone: string | null;
}

const detailPage = (d: Dispute) => disputePage(d.id);

const T = staff.disputeNotices;

// 请调解员给我回电: said in words (the colour only repeats it), so it reads the same in a plain-text group.
export const CALLBACK_WORDS = T.callbackWords;
export const CALLBACK_MARK = T.callbackMark;
const CALLBACK_LINE = `> <font color="warning">${CALLBACK_WORDS}</font>`;
const NONE = common.time.none;

export function newDisputeCard({ dispute: d, resident, residentPhone }: NoticeContext, mediator: Pick<User, 'name'> | null): string {
  const c = categoryInfo(d.category);
  return [
    T.newCard.title(d.serial),
    T.newCard.category(c.label),
    T.newCard.village(mdText(d.village)),
    T.newCard.resident(mdText(maskName(resident.name)), residentPhone ? mdText(maskPhone(residentPhone)) : null),
    T.newCard.mediator(mediator ? mdText(mediator.name) : T.pending),
    T.newCard.deadline(d.deadlineAt ? formatShanghai(d.deadlineAt) : NONE),
    ...(d.callback ? [CALLBACK_LINE] : []),
    '',
    T.howToAccept(d.serial),
    T.howToReply(d.serial),
  ].join('\n');
}

export function mediatorAssignedText({ dispute: d }: NoticeContext): string {
  const c = categoryInfo(d.category);
  return [
    T.assigned.intro(d.serial, c.label, mdText(d.village)),
    T.assigned.deadline(d.deadlineAt ? formatShanghai(d.deadlineAt) : NONE),
    ...(d.callback ? [T.assigned.callback(CALLBACK_WORDS, d.serial)] : []),
    T.assigned.actions(d.serial),
  ].join('\n');
}

export function cadreText({ dispute: d }: NoticeContext, committeeName: string | null): string {
  return T.cadre(mdText(d.village), categoryInfo(d.category).label, d.serial, committeeName ? mdText(committeeName) : T.preMediationCentre);
}

export function replyNotice(d: Dispute, author: Pick<User, 'name' | 'role'>, body: string, at: Date) {
  return {
    template: 'dispute_reply' as const,
    page: detailPage(d),
    data: {
      serial: d.serial,
      replier: author.role === 'judge' ? T.replier.judge(author.name) : T.replier.mediator(author.name),
      content: body,
      time: formatShanghai(at),
    },
  };
}

export function statusNotice(d: Dispute, note: string | null, at: Date) {
  return {
    template: 'dispute_status' as const,
    page: detailPage(d),
    // The template's status is a phrase field (at most five Chinese characters), hence the short label.
    data: { serial: d.serial, status: STATUS_PHRASES[d.status], note: note || STATUS_LABELS[d.status], time: formatShanghai(at) },
  };
}

export function deadlineText(d: Dispute, daysLeft: number): string {
  const deadline = d.deadlineAt ? formatShanghai(d.deadlineAt) : NONE;
  return daysLeft > 0
    ? T.deadline.soon(d.serial, mdText(d.village), deadline, daysLeft)
    : T.deadline.today(d.serial, mdText(d.village), deadline);
}

export function overdueCard(d: Dispute, mediator: User | null, days: number): string {
  return [
    T.overdue.title(d.serial),
    T.categoryAndVillage(categoryInfo(d.category).label, mdText(d.village)),
    T.overdue.status(STATUS_LABELS[d.status], days),
    T.overdue.mediator(mediator ? mdText(mediator.name) : T.pending),
    T.overdue.ask(d.serial),
  ].join('\n');
}

// To the committee's head, when daily urging in the group has not helped.
export function overdueEscalationCard(d: Dispute, mediator: User | null, days: number): string {
  return [
    T.overdue.escalationTitle(d.serial),
    T.categoryAndVillage(categoryInfo(d.category).label, mdText(d.village)),
    T.overdue.escalationLine(days, mediator ? mdText(mediator.name) : T.pending),
    T.overdue.escalationAsk,
  ].join('\n');
}

export function escalationCard(d: Dispute, agencyNames: string[], note: string | null): string {
  return [
    T.escalation.title(d.serial),
    T.categoryAndVillage(categoryInfo(d.category).label, mdText(d.village)),
    T.escalation.agencies(agencyNames.map(mdText)),
    note ? T.escalation.note(mdText(note)) : '',
    T.escalation.ask,
  ]
    .filter(Boolean)
    .join('\n');
}

// A resident's chat message to the mediator (a WeCom app text message, which
// would make an <a href> a link): kept in full, line breaks and all; the first
// of a while goes at once.
export function residentMessageText(d: Dispute, body: string): string {
  return T.chat.message(d.serial, mdLines(body));
}
export const chatCard = residentMessageText;

// What a resident wrote after that, gathered into one card at the end of the
// window: the start of each message, the full text one command away.
export const DIGEST_LISTED = 10;
const PREVIEW_CHARS = 40;
const segmenter = new Intl.Segmenter('zh', { granularity: 'grapheme' });

export function chatDigestCard(d: Dispute, bodies: string[]): string {
  const preview = (body: string) => {
    const chars = Array.from(segmenter.segment(body.replace(/\s+/g, ' ').trim()), (s) => s.segment);
    return mdText(chars.length > PREVIEW_CHARS ? chars.slice(0, PREVIEW_CHARS).join('') + '…' : chars.join(''));
  };
  const listed = bodies.slice(0, DIGEST_LISTED).map((b, i) => `${i + 1}. ${preview(b)}`);
  const more = bodies.length > DIGEST_LISTED ? [T.chat.more(bodies.length - DIGEST_LISTED)] : [];
  return [
    T.chat.digestTitle(d.serial, bodies.length),
    ...listed,
    ...more,
    T.chat.digestView(d.serial),
    T.howToReply(d.serial),
  ].join('\n');
}
