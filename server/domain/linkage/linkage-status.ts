import type { LinkageAction, LinkageItemStatus, LinkageItemType } from '../../../entities';
import { statusTable, type Move } from '../status-table';

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
  register: { from: [], to: 'registered', by: ['sender', 'liaison', 'admin'], label: '登记' },
  sign: { from: ['registered', 'transferred'], to: 'assigned', by: ['receiver', 'admin'], label: '签收' },
  transfer: { from: OPEN, to: 'transferred', by: ['receiver', 'liaison', 'admin'], label: '移送' },
  assign: { from: OPEN, to: 'assigned', by: ['receiver', 'admin'], label: '交办' },
  // The sender presses; the item stays where it is.
  urge: { from: OPEN, to: (from) => from, by: ['sender', 'liaison', 'admin'], label: '催办' },
  feedback: { from: OPEN, to: 'answered', by: ['receiver', 'admin'], label: '反馈' },
  close: { from: ['answered'], to: 'closed', by: ['sender', 'liaison', 'admin'], label: '办结' },
  reopen: { from: ['answered', 'closed'], to: (_from, item) => (item.assigneeId ? 'assigned' : 'registered'), by: ['sender', 'liaison', 'admin'], label: '重新办理' },
};

export const LINKAGE_TABLE = statusTable<LinkageAction, LinkageItemStatus, LinkageActor, { assigneeId: number | null }>(
  ['register', 'sign', 'transfer', 'assign', 'urge', 'feedback', 'close', 'reopen'],
  MOVES,
);

export function allowedActions(status: LinkageItemStatus, actors: readonly LinkageActor[]): LinkageAction[] {
  return LINKAGE_TABLE.allowed(status, actors);
}

export const STATUS_LABELS: Record<LinkageItemStatus, string> = {
  registered: '已登记',
  transferred: '已移送',
  assigned: '办理中',
  answered: '已反馈',
  closed: '已办结',
};

export const TYPE_LABELS: Record<LinkageItemType, string> = {
  judicial_suggestion: '司法建议',
  admin_dispute: '行政争议',
  debt_litigation_notice: '债务诉讼通报',
  legality_review: '合法性审查',
  assistance_request: '查人找物',
  risk_letter: '风险提示函',
  joint_meeting: '联席会议',
};
