import type { LinkageAction, LinkageItemStatus, LinkageItemType } from '../../../entities';
import { staff } from '../../texts/staff.texts';
import { statusTable, type Move } from '../status-table';

const T = staff.linkage;

// A linkage item's life as one table for all seven types: each action, the
// states it may start from, where it leads, and who may take it. Nothing else
// decides a move.

// Who acts, relative to the item: an official of the receiving agency (or a
// judge, when a court receives), someone of the sending agency, the liaison
// office (联席办), an admin. Copied agencies read and never act.
export type LinkageActor = 'receiver' | 'sender' | 'liaison' | 'admin';

// While open, an item has a deadline and its reminders run.
const OPEN: readonly LinkageItemStatus[] = ['registered', 'transferred', 'assigned'];
export const OPEN_STATUSES = OPEN;

export const MOVES: Record<LinkageAction, Move<LinkageItemStatus, LinkageActor, { assigneeId: number | null }>> = {
  // Creation only: no state leads to it.
  register: { from: [], to: 'registered', by: ['sender', 'liaison', 'admin'], label: T.actionLabels.register },
  sign: { from: ['registered', 'transferred'], to: 'assigned', by: ['receiver', 'admin'], label: T.actionLabels.sign },
  transfer: { from: OPEN, to: 'transferred', by: ['receiver', 'liaison', 'admin'], label: T.actionLabels.transfer },
  assign: { from: OPEN, to: 'assigned', by: ['receiver', 'admin'], label: T.actionLabels.assign },
  // The sender presses; the item stays where it is.
  urge: { from: OPEN, to: (from) => from, by: ['sender', 'liaison', 'admin'], label: T.actionLabels.urge },
  feedback: { from: OPEN, to: 'answered', by: ['receiver', 'admin'], label: T.actionLabels.feedback },
  close: { from: ['answered'], to: 'closed', by: ['sender', 'liaison', 'admin'], label: T.actionLabels.close },
  reopen: { from: ['answered', 'closed'], to: (_from, item) => (item.assigneeId ? 'assigned' : 'registered'), by: ['sender', 'liaison', 'admin'], label: T.actionLabels.reopen },
};

export const LINKAGE_TABLE = statusTable<LinkageAction, LinkageItemStatus, LinkageActor, { assigneeId: number | null }>(
  ['register', 'sign', 'transfer', 'assign', 'urge', 'feedback', 'close', 'reopen'],
  MOVES,
);

export function allowedActions(status: LinkageItemStatus, actors: readonly LinkageActor[]): LinkageAction[] {
  return LINKAGE_TABLE.allowed(status, actors);
}

export const STATUS_LABELS: Record<LinkageItemStatus, string> = T.statusLabels;

// The one table of type labels (screens, cards, bot, digest).
export const TYPE_LABELS: Record<LinkageItemType, string> = T.typeLabels;
