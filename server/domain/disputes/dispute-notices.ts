import type { Dispute, User } from '../../../entities';
import { disputePage } from '../../../miniprogram/config/pages';
import { maskName, maskPhone } from '../masking';
import { mdLines, mdText } from '../outbox/markdown-text';
import { formatShanghai } from '../shanghai-time';
import { categoryInfo } from './dispute-categories';
import { STATUS_LABELS, STATUS_PHRASES } from './dispute-status';

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

// 请调解员给我回电: said in words (the colour only repeats it), so it reads the same in a plain-text group.
export const CALLBACK_WORDS = '群众希望您回电';
export const CALLBACK_MARK = '请回电';
const CALLBACK_LINE = `> <font color="warning">${CALLBACK_WORDS}</font>`;

export function newDisputeCard({ dispute: d, resident, residentPhone }: NoticeContext, mediator: User | null): string {
  const c = categoryInfo(d.category);
  return [
    `**新的群众说事** ${d.serial}`,
    `> 类别：<font color="info">${c.label}</font>`,
    `> 村（社区）：${mdText(d.village)}`,
    `> 群众：${mdText(maskName(resident.name))}${residentPhone ? `（${mdText(maskPhone(residentPhone))}）` : ''}`,
    `> 调解员：${mediator ? mdText(mediator.name) : '待指定'}`,
    `> 化解时限：${d.deadlineAt ? formatShanghai(d.deadlineAt) : '—'}`,
    ...(d.callback ? [CALLBACK_LINE] : []),
    '',
    `受理：\`受理 ${d.serial}\`　回复群众：\`回复 ${d.serial} 您的话\``,
  ].join('\n');
}

export function mediatorAssignedText({ dispute: d }: NoticeContext): string {
  const c = categoryInfo(d.category);
  return [
    `您有一件新分派的纠纷：${d.serial}（${c.label}，${mdText(d.village)}）。`,
    `化解时限：${d.deadlineAt ? formatShanghai(d.deadlineAt) : '—'}。`,
    ...(d.callback ? [`${CALLBACK_WORDS}，电话在“查看 ${d.serial}”里。`] : []),
    `回复“查看 ${d.serial}”看详情，“受理 ${d.serial}”受理。`,
  ].join('\n');
}

export function cadreText({ dispute: d }: NoticeContext, committeeName: string | null): string {
  return `您联系的${mdText(d.village)}有群众反映${categoryInfo(d.category).label}（${d.serial}），已转${committeeName ? mdText(committeeName) : '诉前调解中心'}办理，请关注。`;
}

export function replyNotice(d: Dispute, author: Pick<User, 'name' | 'role'>, body: string, at: Date) {
  return {
    template: 'dispute_reply' as const,
    page: detailPage(d),
    data: {
      serial: d.serial,
      replier: author.role === 'judge' ? `${author.name}法官` : `调解员${author.name}`,
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
  const deadline = d.deadlineAt ? formatShanghai(d.deadlineAt) : '—';
  return daysLeft > 0
    ? `提醒：纠纷 ${d.serial}（${mdText(d.village)}）将于 ${deadline} 到期，还有 ${daysLeft} 天，请抓紧化解。`
    : `提醒：纠纷 ${d.serial}（${mdText(d.village)}）今天（${deadline}）到期，请今日内化解或说明情况。`;
}

export function overdueCard(d: Dispute, mediator: User | null, days: number): string {
  return [
    `**纠纷超期催办** ${d.serial}`,
    `> 类别：${categoryInfo(d.category).label}　村（社区）：${mdText(d.village)}`,
    `> 状态：${STATUS_LABELS[d.status]}　已超期 <font color="warning">${days} 天</font>`,
    `> 调解员：${mediator ? mdText(mediator.name) : '待指定'}`,
    '请尽快化解，或回复说明原因。',
  ].join('\n');
}

// To the committee's head, when daily urging in the group has not helped.
export function overdueEscalationCard(d: Dispute, mediator: User | null, days: number): string {
  return [
    `**纠纷超期未办结，请督办** ${d.serial}`,
    `> 类别：${categoryInfo(d.category).label}　村（社区）：${d.village}`,
    `> 已超期 ${days} 天，群内已多次催办　调解员：${mediator ? mediator.name : '待指定'}`,
    '请督促调解员尽快化解，或申请延期。',
  ].join('\n');
}

export function escalationCard(d: Dispute, agencyNames: string[], note: string | null): string {
  return [
    `**会商会办** ${d.serial}`,
    `> 类别：${categoryInfo(d.category).label}　村（社区）：${mdText(d.village)}`,
    `> 参与单位：${agencyNames.map(mdText).join('、')}`,
    note ? `> 说明：${mdText(note)}` : '',
    '请各单位安排人员参加会商，共同化解。',
  ]
    .filter(Boolean)
    .join('\n');
}

// A resident's chat message to the mediator (a WeCom app text message, which
// would make an <a href> a link): kept in full, line breaks and all; the first
// of a while goes at once.
export function residentMessageText(d: Dispute, body: string): string {
  return `群众就纠纷 ${d.serial} 留言：${mdLines(body)}\n回复“回复 ${d.serial} 您的话”答复。`;
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
  const more = bodies.length > DIGEST_LISTED ? [`……另有 ${bodies.length - DIGEST_LISTED} 条`] : [];
  return [
    `群众就纠纷 ${d.serial} 又留言 ${bodies.length} 条：`,
    ...listed,
    ...more,
    `回复“查看 ${d.serial}”看全文，“回复 ${d.serial} 您的话”答复。`,
  ].join('\n');
}
