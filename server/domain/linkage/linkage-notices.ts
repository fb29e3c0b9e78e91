import type { Agency, LinkageItem, User } from '../../../entities';
import { resident } from '../../texts/resident.texts';
import { staff } from '../../texts/staff.texts';
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
const N = staff.linkage.notices;
const heading = (item: ItemText) => N.heading(TYPE_LABELS[item.type], refText(item));
const dueLine = (item: ItemText) => (item.dueAt ? N.due(formatShanghai(item.dueAt), item.provisional) : null);
const lines = (...xs: Array<string | null | false>) => xs.filter((x): x is string => !!x).join('\n');

// To the receiving agency (group card; its head gets the same), on registration or transfer.
export function newItemCard(item: ItemText & Pick<LinkageItem, 'body'>, from: Agency | null, action: 'register' | 'transfer'): string {
  return lines(
    N.newItem.heading(heading(item)),
    N.title(mdText(item.title)),
    from ? N.from(mdText(from.name)) : null,
    dueLine(item),
    N.newItem.body(mdText(item.body.length > 200 ? `${item.body.slice(0, 200)}…` : item.body)),
    N.newItem.signPlease(refText(item)),
    action === 'transfer' ? N.newItem.transferred : null,
  );
}

export function copiedCard(item: ItemText, from: Agency | null, to: Agency | null): string {
  return lines(
    N.copied(heading(item)),
    N.title(mdText(item.title)),
    from ? N.from(mdText(from.name)) : null,
    to ? N.to(mdText(to.name)) : null,
    dueLine(item),
  );
}

export function assignedText(item: ItemText, by: Pick<User, 'name'>): string {
  return lines(
    N.assigned(TYPE_LABELS[item.type], mdText(itemRef(item)), mdText(item.title), mdText(by.name)),
    item.dueAt ? N.assignedDue(formatShanghai(item.dueAt)) : null,
  );
}

export function urgeCard(item: ItemText, by: Pick<User, 'name'> | null, note: string | null): string {
  return lines(
    N.urge.heading(heading(item)),
    N.title(mdText(item.title)),
    dueLine(item),
    by ? N.urge.by(mdText(by.name)) : null,
    note ? N.urge.note(mdText(note)) : null,
    N.urge.answerPlease(refText(item)),
  );
}

export function answeredCard(item: ItemText, to: Agency | null, note: string, late: boolean): string {
  return lines(
    N.answered.heading(heading(item), late),
    N.title(mdText(item.title)),
    to ? N.answered.by(mdText(to.name)) : null,
    N.answered.note,
    mdLines(note),
  );
}

export function deadlineReminderText(item: ItemText, daysLeft: number): string {
  return lines(N.reminder.heading(heading(item), daysLeft), N.title(mdText(item.title)), dueLine(item), N.reminder.answerWhenDone(refText(item)));
}

export function overdueUrgeText(item: ItemText, daysOverdue: number): string {
  return lines(N.overdue.heading(heading(item), daysOverdue), N.title(mdText(item.title)), dueLine(item), N.overdue.actNow);
}

export function overdueEscalationText(item: ItemText, agencyName: string, daysOverdue: number): string {
  return lines(
    N.escalation.heading(heading(item)),
    N.title(mdText(item.title)),
    N.to(mdText(agencyName)),
    dueLine(item),
    N.escalation.days(daysOverdue),
  );
}

// On the resident's dispute timeline: what the agency answered, in plain words.
export function residentFeedbackText(agencyName: string, note: string): string {
  return resident.adminDisputes.feedback(agencyName, note);
}
