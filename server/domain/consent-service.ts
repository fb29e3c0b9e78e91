import type { DataSource } from 'typeorm';
import { IsNull } from 'typeorm';
import { Consent } from '../../entities';
import { recordAudit, type AuditContext } from './audit';
import type { Clock } from './clock';

// What a resident agreed to can be taken back: withdrawal stamps the active
// row (the row stays as the record). Filing a dispute asks for consent again.
export function createConsentService({ db, clock }: { db: DataSource; clock: Clock }) {
  return {
    async withdraw(userId: number, kind: string, ctx: AuditContext): Promise<{ kind: string; withdrawnAt: string | null }> {
      return db.transaction(async (em) => {
        const active = await em.find(Consent, { where: { userId, kind, withdrawnAt: IsNull() } });
        if (!active.length) return { kind, withdrawnAt: null };
        const now = clock.now();
        await em.update(Consent, active.map((c) => c.id), { withdrawnAt: now });
        await recordAudit(em, ctx, { action: 'consent.withdraw', subjectType: 'consent', subjectId: active[0]!.id, detail: { kind } }, now);
        return { kind, withdrawnAt: now.toISOString() };
      });
    },
  };
}

export type ConsentService = ReturnType<typeof createConsentService>;
