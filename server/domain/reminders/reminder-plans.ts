import type { EntityManager } from 'typeorm';
import { ReminderPlan } from '../../../entities';
import { existingValues, insertRows } from '../../db/bulk-insert';
import { isUniqueViolation } from '../../db/db-errors';
import type { Clock } from '../clock';
import type { NewNotification, Outbox, Subject } from '../outbox/outbox-service';
import { AUDIENCE_CHANNEL, audienceKey, audienceTarget, isPerson, type Audience, type AudienceMessage } from './audience';
import { outOfQuietHours, reminderTime, type Offset, type OffsetAnchor } from './offsets';
import { staff } from '../../texts/staff.texts';

// A subject's reminders as one plan: planning again replaces what is pending.
// Every dedupe key carries the plan's version (reminder_plan.version, bumped
// by each plan), so a re-plan after a cancel writes new rows rather than
// meeting the cancelled ones' keys and writing nothing, and planning twice
// at one version (a retried request) still writes each reminder once.

export interface PlanInput {
  dueAt: Date;
  offsets: readonly Offset[];
  // 'day-9am' (disputes, linkage items) unless the offsets count from the due time itself (hearings).
  anchor?: OffsetAnchor;
  audience: readonly Audience[];
  template: (r: { offset: Offset; at: Date; audience: Audience }) => AudienceMessage;
}

export interface PlanResult {
  version: number;
  written: number;
  skipped: number;
}

const PLAN_BATCH = 500;

export function createReminderPlans({ clock, outbox }: { clock: Clock; outbox: Outbox }) {
  async function cancel(em: EntityManager, subject: Subject, reason: string = staff.reminders.cancelled): Promise<number> {
    // No due time: the overdue sweep passes it by from now on.
    await em.update(ReminderPlan, { subjectType: subject.type, subjectId: subject.id }, { dueAt: null, updatedAt: clock.now() });
    return outbox.cancel(em, subject, reason);
  }

  // The rows of one plan at one version: one per offset and audience member,
  // a person's moved out of quiet hours, those already past skipped.
  function rowsOf(subject: Subject, version: number, input: PlanInput, now: Date) {
    const rows: NewNotification<typeof AUDIENCE_CHANNEL>[] = [];
    let skipped = 0;
    for (const offset of input.offsets) {
      const planned = reminderTime(input.dueAt, offset, input.anchor ?? 'day-9am');
      for (const audience of input.audience) {
        const at = isPerson(audience) ? outOfQuietHours(planned, input.dueAt) : planned;
        // Past already: skipped, not sent late in a burst.
        if (at <= now) {
          skipped++;
          continue;
        }
        rows.push({
          channel: AUDIENCE_CHANNEL,
          target: audienceTarget(audience),
          message: input.template({ offset, at, audience }),
          dueAt: at,
          dedupeKey: `${subject.type}:${subject.id}:v${version}:${offset.label}:${audienceKey(audience)}`,
          subject,
          credit: audience.kind === 'resident' ? { userId: audience.userId, template: audience.template } : undefined,
        });
      }
    }
    return { rows, skipped };
  }

  async function plan(em: EntityManager, subject: Subject, input: PlanInput): Promise<PlanResult> {
    const now = clock.now();
    const version = await nextVersion(em, subject, input.dueAt, now);
    // What is pending belongs to the old plan; its held credits go back.
    if (version > 1) await outbox.cancel(em, subject, staff.reminders.replanned);
    const { rows, skipped } = rowsOf(subject, version, input, now);
    return { version, written: await outbox.enqueueMany(em, rows), skipped };
  }

  // A subject made in the caller's transaction (a dispute being filed) has no
  // plan yet: its plan row is written at version 1 and its reminders are
  // handed back for the caller's own enqueueMany, beside its other notices;
  // two statements fewer than `plan` on the request path (issue 14).
  async function planNew(em: EntityManager, subject: Subject, input: PlanInput): Promise<NewNotification<typeof AUDIENCE_CHANNEL>[]> {
    const now = clock.now();
    await insertRows(em, ReminderPlan, [{
      subjectType: subject.type, subjectId: subject.id, version: 1, dueAt: input.dueAt, urges: 0, lastUrgeAt: null, escalatedAt: null, updatedAt: now,
    }]);
    return rowsOf(subject, 1, input, now).rows;
  }

  // Many subjects of one type at once (a calendar load, a benchmark): the
  // subjects planned for the first time in multi-row INSERTs, the others
  // one by one as `plan` does.
  async function planMany(em: EntityManager, type: string, items: Array<{ id: number; input: PlanInput }>): Promise<number> {
    const now = clock.now();
    let written = 0;
    for (let i = 0; i < items.length; i += PLAN_BATCH) {
      const batch = items.slice(i, i + PLAN_BATCH);
      const known = await existingValues(em, ReminderPlan, 'subjectId', batch.map((x) => x.id), { column: 'subjectType', value: type });
      let fresh = batch.filter((x) => !known.has(x.id));
      try {
        if (fresh.length) {
          await insertRows(em, ReminderPlan, fresh.map((x) => ({
            subjectType: type, subjectId: x.id, version: 1, dueAt: x.input.dueAt, urges: 0, lastUrgeAt: null, escalatedAt: null, updatedAt: now,
          })));
        }
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        fresh = [];
      }
      const freshIds = new Set(fresh.map((x) => x.id));
      for (const x of batch) if (!freshIds.has(x.id)) written += (await plan(em, { type, id: x.id }, x.input)).written;
      written += await outbox.enqueueMany(em, fresh.flatMap((x) => rowsOf({ type, id: x.id }, 1, x.input, now).rows));
    }
    return written;
  }

  return { plan, planNew, planMany, cancel };
}

// The subject's next plan version (1 for its first plan), with the due time
// the overdue sweep reads and its urge counters reset. The update takes the
// row's lock, so two plans of one subject at once get two versions.
async function nextVersion(em: EntityManager, subject: Subject, dueAt: Date, now: Date): Promise<number> {
  const where = { subjectType: subject.type, subjectId: subject.id };
  const fresh = { dueAt, urges: 0, lastUrgeAt: null, escalatedAt: null, updatedAt: now };
  for (let attempt = 0; ; attempt++) {
    const bumped = await em
      .createQueryBuilder()
      .update(ReminderPlan)
      .set({ ...fresh, version: () => 'version + 1' })
      .where('subjectType = :type AND subjectId = :id', { type: subject.type, id: subject.id })
      .execute();
    if (bumped.affected) return (await em.findOneByOrFail(ReminderPlan, where)).version;
    try {
      await em.insert(ReminderPlan, { ...where, ...fresh, version: 1 });
      return 1;
    } catch (err) {
      // Another transaction made the row first: bump that one.
      if (!isUniqueViolation(err) || attempt > 0) throw err;
    }
  }
}

export type ReminderPlans = ReturnType<typeof createReminderPlans>;
