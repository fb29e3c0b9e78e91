import type { DataSource, EntityManager } from 'typeorm';
import { SubscriptionCredit, User } from '../../entities';
import { lockRow } from './row-lock';
import type { Clock } from './clock';
import { SUBSCRIBE_TEMPLATES, type SubscribeTemplate } from './outbox/messages';

// One-time subscribe messages: every "allow" the resident gives in
// wx.requestSubscribeMessage lets the server send one message of that
// template. The server counts them and sends nothing without one, because
// WeChat refuses (43101) what was not allowed.

export type Credits = Record<SubscribeTemplate, number>;

export function createSubscriptionService({ db, clock }: { db: DataSource; clock: Clock }) {
  async function credits(em: EntityManager, userId: number): Promise<Credits> {
    const rows = await em.findBy(SubscriptionCredit, { userId });
    const out = Object.fromEntries(SUBSCRIBE_TEMPLATES.map((t) => [t, 0])) as Credits;
    for (const r of rows) if (r.template in out) out[r.template as SubscribeTemplate] = r.credits;
    return out;
  }

  return {
    credits: (userId: number) => credits(db.manager, userId),

    async grant(userId: number, accepted: SubscribeTemplate[]): Promise<Credits> {
      return db.transaction(async (em) => {
        // One resident's grants take turns on their user row: two first grants
        // at once would otherwise both find no row and collide inserting it
        // (a deadlock on MySQL, as the serial counter once had).
        await lockRow(em, User, userId);
        for (const template of accepted) {
          const updated = await em
            .createQueryBuilder()
            .update(SubscriptionCredit)
            .set({ credits: () => 'credits + 1', updatedAt: clock.now() })
            .where('userId = :userId AND template = :template', { userId, template })
            .execute();
          if (!updated.affected) await em.insert(SubscriptionCredit, { userId, template, credits: 1, updatedAt: clock.now() });
        }
        return credits(em, userId);
      });
    },

    // Spends one credit in the caller's transaction; false when there is none.
    spend: (em: EntityManager, userId: number, template: SubscribeTemplate) => spendCredit(em, userId, template, clock.now()),
  };
}

export async function spendCredit(em: EntityManager, userId: number, template: SubscribeTemplate, now: Date): Promise<boolean> {
  const updated = await em
    .createQueryBuilder()
    .update(SubscriptionCredit)
    .set({ credits: () => 'credits - 1', updatedAt: now })
    .where('userId = :userId AND template = :template AND credits > 0', { userId, template })
    .execute();
  return (updated.affected ?? 0) > 0;
}

// A message that held a credit and will not be sent (cancelled) gives it back.
// The row exists: the credit was spent from it.
export async function giveBackCredits(em: EntityManager, userId: number, template: string, n: number, now: Date): Promise<void> {
  if (n <= 0) return;
  await em
    .createQueryBuilder()
    .update(SubscriptionCredit)
    .set({ credits: () => `credits + ${Number(n)}`, updatedAt: now })
    .where('userId = :userId AND template = :template', { userId, template })
    .execute();
}

export type SubscriptionService = ReturnType<typeof createSubscriptionService>;
