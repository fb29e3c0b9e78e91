import type { DisputeStatus, Role } from '../../../entities';
import { statusTable, type Move as StatusMove } from '../status-table';

// The dispute's life as a table: each action, the states it may start from,
// where it leads, and who may take it. Nothing else decides a move.

export const DISPUTE_ACTIONS = ['accept', 'mediate', 'resolve', 'fail', 'withdraw', 'refer', 'confirm'] as const;
export type DisputeAction = (typeof DISPUTE_ACTIONS)[number];

// Who may act, relative to the dispute: its resident, a mediator of its
// committee, any judge, an admin; and both parties together, which no one
// person is: the joint application for judicial confirmation
// (dispute-confirmation.ts) takes the `confirm` move once both have applied.
export type Actor = 'resident' | 'mediator' | 'judge' | 'admin' | 'parties';

interface Move extends StatusMove<DisputeStatus, Actor> {
  to: DisputeStatus;
}

export const MOVES: Record<DisputeAction, Move> = {
  accept: { from: ['submitted'], to: 'accepted', by: ['mediator', 'admin'], label: '受理' },
  mediate: { from: ['accepted'], to: 'mediating', by: ['mediator', 'admin'], label: '开始调解' },
  resolve: { from: ['mediating'], to: 'resolved', by: ['mediator', 'admin'], label: '调解成功' },
  fail: { from: ['mediating'], to: 'failed', by: ['mediator', 'admin'], label: '调解不成' },
  withdraw: { from: ['submitted', 'accepted', 'mediating'], to: 'withdrawn', by: ['resident', 'admin'], label: '撤回' },
  refer: { from: ['failed'], to: 'litigation', by: ['mediator', 'judge', 'admin'], label: '引导诉讼' },
  confirm: { from: ['resolved'], to: 'confirmation_requested', by: ['parties'], label: '申请司法确认' },
};

export const STATUS_LABELS: Record<DisputeStatus, string> = {
  submitted: '已提交',
  accepted: '已受理',
  mediating: '调解中',
  resolved: '调解成功',
  failed: '调解不成',
  withdrawn: '已撤回',
  litigation: '已引导诉讼',
  confirmation_requested: '已申请司法确认',
};

// The same states in at most five Chinese characters and nothing else, for
// the subscribe message's `phrase` field: WeChat refuses the whole message for
// a longer value or one with punctuation, digits or letters.
// Every label fits but one.
export const STATUS_PHRASES: Record<DisputeStatus, string> = { ...STATUS_LABELS, confirmation_requested: '待司法确认' };

// While open, a dispute has a resolution deadline and its reminders run.
export const OPEN_STATUSES: readonly DisputeStatus[] = ['submitted', 'accepted', 'mediating'];

// Read by the one status-table engine (server/domain/status-table.ts), as linkage items will be.
export const DISPUTE_TABLE = statusTable(DISPUTE_ACTIONS, MOVES);

export function allowedActions(status: DisputeStatus, actor: Actor | null): DisputeAction[] {
  return actor ? DISPUTE_TABLE.allowed(status, [actor]) : [];
}

export function actorRole(role: Role): Actor | null {
  return role === 'official' ? null : role;
}
