import type { Agency, LinkageItem, User } from '../../../entities';
import { mdLines, mdText } from '../outbox/markdown-text';
import { formatShanghai } from '../shanghai-time';
import { TYPE_LABELS } from './linkage-status';

// What people are told about linkage items. Titles, bodies, notes and names
// were typed by someone: every one goes through mdText/mdLines.

type ItemText = Pick<LinkageItem, 'id' | 'type' | 'documentNumber' | 'title' | 'dueAt' | 'provisional'>;

// How an item is named in chat: its document number, else its id (#12).
export function itemRef(item: Pick<LinkageItem, 'id' | 'documentNumber'>): string {
  return item.documentNumber ?? `#${item.id}`;
}

// A typed document number is shown as text; an id is ours.
const refText = (item: Pick<LinkageItem, 'id' | 'documentNumber'>) => (item.documentNumber ? mdText(item.documentNumber) : `#${item.id}`);
const heading = (item: ItemText) => `${TYPE_LABELS[item.type]} ${refText(item)}`;
const dueLine = (item: ItemText) =>
  item.dueAt ? `> 办理期限：${formatShanghai(item.dueAt)}${item.provisional ? '（暂定）' : ''}` : null;
const lines = (...xs: Array<string | null | false>) => xs.filter((x): x is string => !!x).join('\n');

// To the receiving agency (group card; its head gets the same).
export function newItemCard(item: ItemText & Pick<LinkageItem, 'body'>, from: Agency | null, action: '登记' | '移送'): string {
  return lines(
    `**新的${heading(item)}待签收**`,
    `> 标题：${mdText(item.title)}`,
    from ? `> 来文单位：${mdText(from.name)}` : null,
    dueLine(item),
    `> 内容：${mdText(item.body.length > 200 ? `${item.body.slice(0, 200)}…` : item.body)}`,
    `请签收：回复“签收 ${refText(item)}”`,
    action === '移送' ? '（本事项由其他单位移送而来，期限自移送之日起重新计算）' : null,
  );
}

export function copiedCard(item: ItemText, from: Agency | null, to: Agency | null): string {
  return lines(
    `**抄送：${heading(item)}**`,
    `> 标题：${mdText(item.title)}`,
    from ? `> 来文单位：${mdText(from.name)}` : null,
    to ? `> 承办单位：${mdText(to.name)}` : null,
    dueLine(item),
  );
}

export function assignedText(item: ItemText, by: Pick<User, 'name'>): string {
  return lines(`${TYPE_LABELS[item.type]} ${mdText(itemRef(item))}“${mdText(item.title)}”已交由您办理（${mdText(by.name)}交办）。`, item.dueAt ? `办理期限：${formatShanghai(item.dueAt)}` : null);
}

export function urgeCard(item: ItemText, by: Pick<User, 'name'> | null, note: string | null): string {
  return lines(
    `**催办：${heading(item)}**`,
    `> 标题：${mdText(item.title)}`,
    dueLine(item),
    by ? `> 催办人：${mdText(by.name)}` : null,
    note ? `> 说明：${mdText(note)}` : null,
    `请尽快办理并反馈：回复“反馈 ${refText(item)} 内容”`,
  );
}

export function answeredCard(item: ItemText, to: Agency | null, note: string, late: boolean): string {
  return lines(
    `**${heading(item)} 已反馈${late ? '（逾期）' : ''}**`,
    `> 标题：${mdText(item.title)}`,
    to ? `> 反馈单位：${mdText(to.name)}` : null,
    `> 反馈内容：`,
    mdLines(note),
  );
}

export function deadlineReminderText(item: ItemText, daysLeft: number): string {
  const when = daysLeft === 0 ? '今天到期' : `还有 ${daysLeft} 天到期`;
  return lines(`**${heading(item)} ${when}**`, `> 标题：${mdText(item.title)}`, dueLine(item), `办结后请回复“反馈 ${refText(item)} 内容”`);
}

export function overdueUrgeText(item: ItemText, daysOverdue: number): string {
  return lines(`**${heading(item)} 已超期 ${daysOverdue} 天**`, `> 标题：${mdText(item.title)}`, dueLine(item), '请尽快办理并反馈。');
}

export function overdueEscalationText(item: ItemText, agencyName: string, daysOverdue: number): string {
  return lines(
    `**通报：${heading(item)} 超期未反馈**`,
    `> 标题：${mdText(item.title)}`,
    `> 承办单位：${mdText(agencyName)}`,
    dueLine(item),
    `已超期 ${daysOverdue} 天，经催办仍未反馈。`,
  );
}

// On the resident's dispute timeline: what the agency answered, in plain words.
export function residentFeedbackText(agencyName: string, note: string): string {
  return `${agencyName}对您反映的行政争议作出答复：${note}`;
}
