import type { Hearing } from '../../../entities';
import { PAGES } from '../../../miniprogram/config/pages';
import type { WxSubscribeMessage } from '../outbox/messages';
import { mdText } from '../outbox/markdown-text';
import { formatShanghai } from '../shanghai-time';

// The words of every message about a hearing. What the court's calendar says
// (cause, court room, judge, parties) came from a file people typed: it is
// shown as text, never as markup.

const ARTS_8_9 = '负责人确实不能出庭的，应在开庭前向法院提交加盖单位印章的书面说明，并委托相应的工作人员出庭（法释〔2020〕3号第八、九条）。';

function facts(h: Hearing, agencyName: string | null): string[] {
  return [
    `> 案号：${mdText(h.caseNumber)}（第 ${h.session} 次开庭）`,
    ...(h.cause ? [`> 案由：${mdText(h.cause)}`] : []),
    `> 开庭时间：<font color="warning">${formatShanghai(h.startsAt)}</font>`,
    ...(h.courtRoom ? [`> 法庭：${mdText(h.courtRoom)}`] : []),
    ...(h.judgeName ? [`> 承办法官：${mdText(h.judgeName)}`] : []),
    ...(agencyName ? [`> 被告：${mdText(agencyName)}`] : []),
  ];
}

// Before the hearing, at each offset: to the agency's head and group.
export function hearingReminderCard(h: Hearing, agencyName: string | null): string {
  return [
    '**开庭提醒 · 行政机关负责人出庭应诉**',
    ...facts(h, agencyName),
    '',
    `请贵单位负责人（正职、副职或分管负责人）按时出庭应诉。${ARTS_8_9}`,
    `申报出庭人员请发：出庭 ${h.caseNumber} 负责人 姓名`,
  ].join('\n');
}

export function hearingMovedCard(h: Hearing, agencyName: string | null, before: Date): string {
  return [
    '**开庭时间变更**',
    `> 原定：${formatShanghai(before)}`,
    ...facts(h, agencyName),
    '',
    '请按新的时间安排负责人出庭，原定时间的提醒已取消。',
  ].join('\n');
}

export function hearingCancelledCard(h: Hearing, agencyName: string | null): string {
  return ['**开庭取消**', ...facts(h, agencyName), '', '该次开庭已取消，原有提醒不再发送；如法院另行排期，将再次通知。'].join('\n');
}

// To the court: a head-appearance hearing set less than three days ahead, so
// the appearance notice cannot reach the agency three days before (Art. 5).
export function noticeShortCard(h: Hearing, agencyName: string | null): string {
  return [
    '**出庭通知时间不足三日**',
    ...facts(h, agencyName),
    '',
    '该案需行政机关负责人出庭，开庭距今不足三日，出庭应诉通知书应在开庭三日前送达（法释〔2020〕3号第五条），请承办法官及时联系被告单位或调整开庭时间。',
  ].join('\n');
}

// A resident following the case (开庭提醒): the subscribe message.
export function residentHearingMessage(h: Hearing, note: string): WxSubscribeMessage {
  return {
    template: 'hearing_reminder',
    page: PAGES.home,
    data: { caseNumber: h.caseNumber, court: h.courtRoom ?? '宝塔区人民法院', startsAt: formatShanghai(h.startsAt), note },
  };
}
