import { Brackets, type DataSource, type EntityManager } from 'typeorm';
import { ReminderPlan } from '../../../entities';
import type { Clock } from '../clock';
import type { Outbox } from '../outbox/outbox-service';
import { addDays, isoDay, shanghaiDate, shanghaiTime } from '../shanghai-time';
import { AUDIENCE_CHANNEL, audienceKey, audienceTarget, isPerson, type Audience, type AudienceMessage } from './audience';
import { outOfQuietHours } from './offsets';

// One sweep for every kind of subject: a plan whose due time has passed is
// urged at most once per cadence (a day for disputes, a week for linkage
// items), and once it has been urged `escalateAfter` times without effect its
// escalation audience is told, once per plan. Plans are found through the
// index on reminder_plan.dueAt, so the sweep costs what is overdue, not what
// is planned; a re-plan (a moved deadline) starts the count again.

export interface Notice {
  audience: Audience;
  message: AudienceMessage;
}

export interface OverdueKind {
  subjectType: string;
  // Days between two urges of one subject.
  cadenceDays: number;
  // Whom to urge and whom to escalate to, now; null when the subject needs no
  // urging any more (it ended without its plan being cancelled).
  urge(em: EntityManager, subjectId: number, ctx: { dueAt: Date; now: Date; daysOverdue: number; urges: number }): Promise<{
    urge: Notice[];
    escalation: Notice[];
  } | null>;
}

export interface OverdueResult {
  urged: number;
  escalated: number;
}

const BATCH = 500;

export function createOverdueSweep({ db, clock, outbox, escalateAfter }: { db: DataSource; clock: Clock; outbox: Outbox; escalateAfter: number }) {
  async function enqueueAll(em: EntityManager, plan: ReminderPlan, notices: Notice[], tag: string, now: Date) {
    let n = 0;
    for (const { audience, message } of notices) {
      n += await outbox.enqueue(em, {
        channel: AUDIENCE_CHANNEL,
        target: audienceTarget(audience),
        message,
        // An urge to a person waits for the morning; the due time is long past, so never "before".
        dueAt: isPerson(audience) ? outOfQuietHours(now, new Date(8.64e15)) : now,
        dedupeKey: `${plan.subjectType}:${plan.subjectId}:v${plan.version}:${tag}:${audienceKey(audience)}`,
        subject: { type: plan.subjectType, id: plan.subjectId },
      });
    }
    return n;
  }

  async function sweepKind(kind: OverdueKind, now: Date, result: OverdueResult) {
    const today = shanghaiDate(now);
    // Urged on or after this instant: not again yet.
    const cutoff = shanghaiTime(addDays(today, 1 - kind.cadenceDays));
    let afterId = 0;
    for (;;) {
      const plans = await overdueQuery(db, kind.subjectType, now, cutoff).andWhere('p.id > :afterId', { afterId }).orderBy('p.id', 'ASC').take(BATCH).getMany();
      if (!plans.length) return;
      afterId = plans[plans.length - 1]!.id;
      for (const plan of plans) {
        await db.transaction(async (em) => {
          // Claim this urge: a second sweep (another instance) finds it taken.
          const claimed = await em
            .createQueryBuilder()
            .update(ReminderPlan)
            .set({ urges: () => 'urges + 1', lastUrgeAt: now, updatedAt: now })
            .where('id = :id AND version = :v', { id: plan.id, v: plan.version })
            .andWhere(new Brackets((w) => w.where('lastUrgeAt IS NULL').orWhere('lastUrgeAt < :cutoff', { cutoff })))
            .execute();
          if (!claimed.affected) return;
          const daysOverdue = Math.max(1, Math.round((shanghaiTime(today).getTime() - shanghaiTime(shanghaiDate(plan.dueAt!)).getTime()) / 86_400_000));
          const what = await kind.urge(em, plan.subjectId, { dueAt: plan.dueAt!, now, daysOverdue, urges: plan.urges });
          if (!what) {
            await em.update(ReminderPlan, { id: plan.id }, { dueAt: null, urges: plan.urges, lastUrgeAt: plan.lastUrgeAt });
            return;
          }
          result.urged += (await enqueueAll(em, plan, what.urge, `urge-${isoDay(today)}`, now)) > 0 ? 1 : 0;
          if (plan.urges >= escalateAfter && !plan.escalatedAt) {
            await em.update(ReminderPlan, { id: plan.id }, { escalatedAt: now });
            result.escalated += (await enqueueAll(em, plan, what.escalation, 'escalate', now)) > 0 ? 1 : 0;
          }
        });
      }
      if (plans.length < BATCH) return;
    }
  }

  return {
    async overdue(kinds: readonly OverdueKind[], now = clock.now()): Promise<OverdueResult> {
      const result = { urged: 0, escalated: 0 };
      for (const kind of kinds) await sweepKind(kind, now, result);
      return result;
    },
  };
}

// The plans of one kind past due and not urged within the cadence: a range on
// ix_reminder_plan_due (also what the bench explains).
export function overdueQuery(db: DataSource, subjectType: string, now: Date, cutoff: Date) {
  return db
    .getRepository(ReminderPlan)
    .createQueryBuilder('p')
    .where('p.dueAt < :now', { now })
    .andWhere('p.subjectType = :type', { type: subjectType })
    .andWhere(new Brackets((w) => w.where('p.lastUrgeAt IS NULL').orWhere('p.lastUrgeAt < :cutoff', { cutoff })));
}
