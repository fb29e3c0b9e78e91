import type { EntityManager } from 'typeorm';
import { AuditEntry } from '../../entities';
import type { Principal } from './principal';

export interface AuditContext {
  actor: Principal;
  requestId?: string;
}

// Written in the caller's transaction: an action and its record stand or fall together.
export async function recordAudit(
  em: EntityManager,
  ctx: AuditContext,
  entry: { action: string; subjectType: string; subjectId: number | null; detail?: Record<string, unknown> },
  at: Date,
): Promise<void> {
  await em.save(em.create(AuditEntry, {
    actorId: ctx.actor.userId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    requestId: ctx.requestId ?? null,
    tokenKind: ctx.actor.credential?.kind ?? null,
    detail: entry.detail ?? null,
    at,
  }));
}
