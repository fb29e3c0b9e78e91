import type { EntityManager } from 'typeorm';
import { AuditEntry } from '../../entities';
import { insertRows } from '../db/bulk-insert';
import type { Principal } from './principal';

export interface AuditContext {
  actor: Principal;
  requestId?: string;
}

// Written in the caller's transaction: an action and its record stand or fall
// together. One plain INSERT: every action pays for it (issue 14).
export async function recordAudit(
  em: EntityManager,
  ctx: AuditContext,
  entry: { action: string; subjectType: string; subjectId: number | null; detail?: Record<string, unknown> },
  at: Date,
): Promise<void> {
  await insertRows(em, AuditEntry, [{
    actorId: ctx.actor.userId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    requestId: ctx.requestId ?? null,
    tokenKind: ctx.actor.credential?.kind ?? null,
    detail: entry.detail ?? null,
    at,
  }]);
}
