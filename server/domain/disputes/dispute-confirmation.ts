import { type EntityManager } from 'typeorm';
import { countDisputeChange } from '../reports/dispute-stats';
import { Agency, Dispute, DisputeEntry, User } from '../../../entities';
import { recordAudit } from '../audit';
import { DomainError, errors } from '../errors';
import { groupNotice, staffOf } from '../outbox/recipients';
import type { Principal } from '../principal';
import type { Audience, Offset } from '../reminders/reminders';
import { lockRow } from '../row-lock';
import { shanghaiDate, shanghaiTime } from '../shanghai-time';
import { actorOn } from './dispute-access';
import type { DisputeDeps } from './dispute-deps';
import { confirmationCard, confirmationReminderNotice, confirmationReminderText, confirmationRequestedNotice, dayText } from './confirmation-notices';
import { DISPUTE_TABLE, MOVES } from './dispute-status';
import { resident as residentTexts } from '../../texts/resident.texts';
import { staff } from '../../texts/staff.texts';

// 司法确认 (人民调解法 Art. 33): after a mediation agreement the two parties
// may apply together, within 30 days of it, to have the court confirm it. The
// resident applies in the mini-program; the mediator, who speaks with the
// other party, records their joining. When both have applied the dispute
// takes the status table's `confirm` move (as "both parties", which no one
// person is) and the court's group receives the joint application. The window
// is a period from the resolve (calendar module); the resident and the
// mediator are reminded on day 20 and day 27 (reminder module), and those
// reminders end when the application is complete or the dispute leaves
// `resolved`.

export const CONFIRMATION_WINDOW_DAYS = 30;
export const CONFIRMATION_REMINDER_DAYS = [20, 27] as const;
export const CONFIRMATION_SUBJECT = 'dispute-confirmation';
export const confirmationSubject = (disputeId: number) => ({ type: CONFIRMATION_SUBJECT, id: disputeId });

const DAY_MS = 24 * 3600_000;

interface Ctx {
  actor: Principal;
  requestId?: string;
  via?: DisputeEntry['via'];
}

type ConfirmationDeps = Pick<DisputeDeps, 'db' | 'clock' | 'outbox' | 'reminders' | 'calendar'>;

// What the detail page shows: the window and who has applied. `canApply` is
// the viewer's own button (the dispute's resident, in time, not yet applied).
export function confirmationView(d: Dispute, p: Principal, now: Date) {
  if (!d.confirmationDueAt || (d.status !== 'resolved' && d.status !== 'confirmation_requested')) return null;
  const windowPassed = d.status === 'resolved' && now > d.confirmationDueAt;
  return {
    dueAt: d.confirmationDueAt.toISOString(),
    residentAppliedAt: d.residentAppliedAt?.toISOString() ?? null,
    otherPartyAppliedAt: d.otherPartyAppliedAt?.toISOString() ?? null,
    requested: d.status === 'confirmation_requested',
    windowPassed,
    canApply: p.role === 'resident' && p.userId === d.residentId && d.status === 'resolved' && !d.residentAppliedAt && !windowPassed,
  };
}

// The court that confirms: the one the pre-litigation mediation centre
// belongs to, else the first court on record (the district's basic court).
async function courtOf(em: EntityManager): Promise<Agency | null> {
  const centres = await em.find(Agency, { where: { kind: 'mediation_centre' }, order: { id: 'ASC' } });
  for (const c of centres) {
    const parent = c.parentId ? await em.findOneBy(Agency, { id: c.parentId }) : null;
    if (parent?.kind === 'court') return parent;
  }
  return em.findOne(Agency, { where: { kind: 'court' }, order: { id: 'ASC' } });
}

// Day 20 and day 27 of the window as offsets before its last day: the window
// may end later than day 30 (a period ending on a rest day moves on), the
// reminders stay on day 20 and 27 of the agreement.
function reminderOffsets(agreedAt: Date, dueAt: Date): Offset[] {
  const from = shanghaiTime(shanghaiDate(agreedAt)).getTime();
  const to = shanghaiTime(shanghaiDate(dueAt)).getTime();
  const span = Math.round((to - from) / DAY_MS);
  return CONFIRMATION_REMINDER_DAYS.filter((n) => n < span).map((n) => ({ label: `day${n}`, amount: span - n, unit: 'd' as const }));
}

export function createConfirmationService(deps: ConfirmationDeps) {
  const { db, clock, outbox, reminders } = deps;

  // The reminders of the window: the mediator until the application is
  // complete, the resident until they have applied. Planning again replaces them.
  async function planReminders(em: EntityManager, d: Dispute) {
    if (!d.confirmationDueAt || !d.closedAt) return;
    const audience: Audience[] = [];
    if (!d.residentAppliedAt) audience.push({ kind: 'resident', userId: d.residentId, template: 'dispute_status' });
    if (d.mediatorId) audience.push({ kind: 'user', userId: d.mediatorId });
    const dueAt = d.confirmationDueAt;
    await reminders.plan(em, confirmationSubject(d.id), {
      dueAt,
      offsets: reminderOffsets(d.closedAt, dueAt),
      anchor: 'day-9am',
      audience,
      template: ({ at, audience: a }) => {
        const daysLeft = Math.round((shanghaiTime(shanghaiDate(dueAt)).getTime() - shanghaiTime(shanghaiDate(at)).getTime()) / DAY_MS);
        return a.kind === 'resident'
          ? { text: residentTexts.disputes.confirmationReminder(d.serial), subscribe: confirmationReminderNotice(d, dueAt, at) }
          : { text: confirmationReminderText(d, dueAt, daysLeft) };
      },
    });
  }

  // Loads the dispute for an application and refuses what cannot be applied
  // for now; nothing is written before these checks pass.
  async function load(em: EntityManager, disputeId: number, p: Principal) {
    const d = await lockRow(em, Dispute, disputeId);
    const actor = d ? actorOn(p, d) : null;
    if (!d || !actor) throw errors.notFound(residentTexts.disputes.things.dispute);
    if (d.status === 'confirmation_requested') throw errors.conflict('CONFIRMATION_REQUESTED', residentTexts.disputes.errors.confirmationRequested);
    if (d.status !== 'resolved' || !d.confirmationDueAt) {
      throw errors.conflict('CONFIRMATION_NOT_OPEN', residentTexts.disputes.errors.confirmationNotOpen);
    }
    if (clock.now() > d.confirmationDueAt) {
      throw errors.conflict('CONFIRMATION_WINDOW_PASSED',
        residentTexts.disputes.errors.confirmationWindowPassed(CONFIRMATION_WINDOW_DAYS, dayText(d.confirmationDueAt)));
    }
    return { d, actor };
  }

  async function addEntry(em: EntityManager, d: Dispute, kind: DisputeEntry['kind'], ctx: Ctx, body: string, meta: Record<string, unknown>, now: Date) {
    await em.insert(DisputeEntry, {
      disputeId: d.id, kind, authorId: ctx.actor.userId, body, meta: meta as never, at: now,
      via: ctx.via ?? (ctx.actor.role === 'resident' ? 'miniprogram' : 'api'),
    });
  }

  async function tellUser(em: EntityManager, userId: number | null, d: Dispute, key: string, content: string, now: Date) {
    const user = userId ? await em.findOneBy(User, { id: userId }) : null;
    if (!user?.active) return;
    await outbox.enqueue(em, { ...staffOf(user), message: { msgtype: 'text', content }, dueAt: now, dedupeKey: key, subject: { type: 'dispute', id: d.id } });
  }

  // Both have applied: the `confirm` move, the court's group told, the
  // resident told, the window's reminders withdrawn.
  async function complete(em: EntityManager, d: Dispute, ctx: Ctx, now: Date) {
    const from = d.status;
    const before = { ...d };
    d.status = DISPUTE_TABLE.apply('confirm', from, ['parties']);
    await em.update(Dispute, { id: d.id }, { status: d.status, updatedAt: now });
    await countDisputeChange(em, before, d);
    const court = await courtOf(em);
    const [resident, committee, mediator] = await Promise.all([
      em.findOneByOrFail(User, { id: d.residentId }),
      d.committeeId ? em.findOneBy(Agency, { id: d.committeeId }) : null,
      d.mediatorId ? em.findOneBy(User, { id: d.mediatorId }) : null,
    ]);
    const body = residentTexts.disputes.timeline.confirmationSent(court?.name ?? null);
    await addEntry(em, d, 'move', ctx, body, { action: 'confirm', from, to: d.status }, now);
    await reminders.cancel(em, confirmationSubject(d.id), residentTexts.disputes.cancelled.confirmationRequested);
    if (court) {
      await outbox.enqueue(em, {
        ...groupNotice(court, confirmationCard(d, { resident, committee, mediator })),
        dueAt: now, dedupeKey: `dispute:${d.id}:confirmation:court:${court.id}`, subject: { type: 'dispute', id: d.id },
      } as Parameters<typeof outbox.enqueue>[1]);
    }
    if (resident.wechatOpenid) {
      const message = confirmationRequestedNotice(d, now);
      await outbox.enqueue(em, {
        channel: 'wx-subscribe', target: resident.wechatOpenid, message, dueAt: now, dedupeKey: `dispute:${d.id}:confirmation:resident`,
        subject: { type: 'dispute', id: d.id }, credit: { userId: resident.id, template: message.template },
      });
    }
    await tellUser(em, d.mediatorId, d, `dispute:${d.id}:confirmation:mediator`,
      staff.disputeNotices.confirmation.toMediator(d.serial, court?.name ?? null), now);
  }

  async function record(disputeId: number, ctx: Ctx, who: 'resident' | 'other-party') {
    return db.transaction(async (em) => {
      const { d, actor } = await load(em, disputeId, ctx.actor);
      const now = clock.now();
      if (who === 'resident') {
        if (actor !== 'resident') throw new DomainError('FORBIDDEN', residentTexts.disputes.errors.confirmationNotYours, 403);
        if (d.residentAppliedAt) throw errors.conflict('CONFIRMATION_APPLIED', residentTexts.disputes.errors.confirmationApplied);
        d.residentAppliedAt = now;
        await em.update(Dispute, { id: d.id }, { residentAppliedAt: now, updatedAt: now });
        await addEntry(em, d, 'confirmation', ctx, residentTexts.disputes.timeline.confirmationResident, { step: 'resident' }, now);
      } else {
        if (actor !== 'mediator') throw new DomainError('FORBIDDEN', staff.disputeNotices.errors.confirmationNotMediator, 403);
        if (d.otherPartyAppliedAt) throw errors.conflict('CONFIRMATION_APPLIED', staff.disputeNotices.errors.confirmationOtherApplied);
        d.otherPartyAppliedAt = now;
        await em.update(Dispute, { id: d.id }, { otherPartyAppliedAt: now, updatedAt: now });
        await addEntry(em, d, 'confirmation', ctx, residentTexts.disputes.timeline.confirmationOtherParty, { step: 'other-party' }, now);
      }
      await recordAudit(em, ctx, { action: `dispute.confirmation.${who}`, subjectType: 'dispute', subjectId: d.id }, now);
      if (d.residentAppliedAt && d.otherPartyAppliedAt) {
        await complete(em, d, ctx, now);
      } else {
        // Planned again for who is still missing: a resident who applied is no longer reminded.
        await planReminders(em, d);
        if (who === 'resident') {
          await tellUser(em, d.mediatorId, d, `dispute:${d.id}:confirmation:resident-applied`,
            staff.disputeNotices.confirmation.residentApplied(d.serial, dayText(d.confirmationDueAt!)), now);
        }
      }
      return { id: d.id, status: d.status, confirmation: confirmationView(d, ctx.actor, now)! };
    });
  }

  return {
    // The dispute was resolved (in the transition's transaction): the window opens.
    async opened(em: EntityManager, d: Dispute, now: Date) {
      const calendar = await deps.calendar.current();
      d.confirmationDueAt = calendar.deadline(now, { days: CONFIRMATION_WINDOW_DAYS }).dueAt;
      await em.update(Dispute, { id: d.id }, { confirmationDueAt: d.confirmationDueAt });
      await planReminders(em, d);
    },
    // The dispute left `resolved` some other way: nothing left to remind of.
    closed: (em: EntityManager, d: Dispute, action: keyof typeof MOVES) =>
      reminders.cancel(em, confirmationSubject(d.id), residentTexts.disputes.cancelled.moved(MOVES[action].label)),
    // 申请司法确认, from the mini-program.
    apply: (disputeId: number, ctx: Ctx) => record(disputeId, ctx, 'resident'),
    // The mediator records that the other party applies too (bot: 对方申请 JF-…).
    otherPartyApplies: (disputeId: number, ctx: Ctx) => record(disputeId, ctx, 'other-party'),
  };
}

export type ConfirmationService = ReturnType<typeof createConfirmationService>;
