import type { DisputeStatus, Role } from '../../../entities';
import { statusTable, type Move as StatusMove } from '../status-table';
import { resident } from '../../texts/resident.texts';

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
  accept: { from: ['submitted'], to: 'accepted', by: ['mediator', 'admin'], label: resident.disputes.moves.accept },
  mediate: { from: ['accepted'], to: 'mediating', by: ['mediator', 'admin'], label: resident.disputes.moves.mediate },
  resolve: { from: ['mediating'], to: 'resolved', by: ['mediator', 'admin'], label: resident.disputes.moves.resolve },
  fail: { from: ['mediating'], to: 'failed', by: ['mediator', 'admin'], label: resident.disputes.moves.fail },
  withdraw: { from: ['submitted', 'accepted', 'mediating'], to: 'withdrawn', by: ['resident', 'admin'], label: resident.disputes.moves.withdraw },
  refer: { from: ['failed'], to: 'litigation', by: ['mediator', 'judge', 'admin'], label: resident.disputes.moves.refer },
  confirm: { from: ['resolved'], to: 'confirmation_requested', by: ['parties'], label: resident.disputes.moves.confirm },
};

export const STATUS_LABELS: Record<DisputeStatus, string> = resident.disputes.statuses;

// The same states in at most five Chinese characters and nothing else, for
// the subscribe message's `phrase` field: WeChat refuses the whole message for
// a longer value or one with punctuation, digits or letters.
// Every label fits but two.
export const STATUS_PHRASES: Record<DisputeStatus, string> = {
  ...STATUS_LABELS,
  litigation: resident.disputes.phrases.litigation,
  confirmation_requested: resident.disputes.phrases.confirmationRequested,
};

// What the resident's timeline says of a move when no note was given: the
// status it led to where the staff verb is not plain words (引导诉讼).
export function moveEntry(action: DisputeAction): string {
  return action === 'refer' ? STATUS_LABELS[MOVES.refer.to] : MOVES[action].label;
}

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
