import type { EntityManager } from 'typeorm';
import { countDisputeChange } from '../reports/dispute-stats';
import { In } from 'typeorm';
import { Agency, Article, Consent, Dispute, DisputeEntry, LinkageEvent, LinkageItem, User, type DisputeCategory } from '../../../entities';
import { recordAudit } from '../audit';
import { nextCounterValue } from '../counters';
import { DomainError } from '../errors';
import { placeOfDispute } from '../place-service';
import { groupNotice, staffOf } from '../outbox/recipients';
import type { Principal } from '../principal';
import { lockRow } from '../row-lock';
import { shanghaiDate, startOfShanghaiDay } from '../shanghai-time';
import type { WorkingCalendar } from '../calendar/calendar';
import type { DisputeDeps } from './dispute-deps';
import { planDeadlineReminders } from './dispute-deadline';
import { cadreText, mediatorAssignedText, newDisputeCard, type NoticeContext } from './dispute-notices';
import { pickCommittee, pickMediator } from './dispute-routing';
import { OPEN_STATUSES } from './dispute-status';
import { articleSummary } from './dispute-views';
import { resident as residentTexts } from '../../texts/resident.texts';
import { staff } from '../../texts/staff.texts';


export interface NewDispute {
  category: DisputeCategory;
  description: string;
  // The village picked from GET /api/places; or, for a place not listed, its name as typed.
  villageId?: number | null;
  village?: string | null;
  otherParty?: string | null;
  phone: string;
  // 请调解员给我回电: the resident would rather be called than write back and forth.
  callback?: boolean;
  // For an administrative dispute, the agency whose act is disputed, when the resident knows it.
  defendantAgencyId?: number | null;
}

// 群众说事: a resident's report becomes a dispute, routed to a committee and a
// mediator, with its deadline, its reminders and the people to tell — all in
// one transaction, so a dispute never exists without its notifications.
export async function fileDispute(deps: DisputeDeps, input: NewDispute, actor: Principal, requestId?: string) {
  const { db, clock, pii, outbox } = deps;
  if (actor.role !== 'resident' || actor.userId === null) throw new DomainError('FORBIDDEN', residentTexts.disputes.errors.residentsOnly, 403);
  const residentId = actor.userId;

  // Read before the transaction, which on SQLite runs alone and on MySQL holds
  // the resident's row and the serial counter (issue 14): the calendar, the
  // agencies (routing), the linked cadres and the articles to hand back. They
  // change by an admin's hand, not by filings.
  const calendar = await deps.calendar.current();
  const agencies = await db.manager.find(Agency);
  // Before anything is written: an unknown village refuses the whole filing.
  const place = placeOfDispute(agencies, input);
  const [cadres, articles] = await Promise.all([
    db.manager.createQueryBuilder(User, 'u').where('u.role = :role AND u.active = :active', { role: 'official', active: true }).getMany(),
    db.manager.find(Article, { where: { category: input.category }, order: { publishedAt: 'DESC', id: 'DESC' }, take: 3 }),
  ]);
  return db.transaction(async (em) => {
    const now = clock.now();
    const resident = await lockRow(em, User, residentId);
    if (!resident) throw new DomainError('FORBIDDEN', residentTexts.disputes.errors.noAccount, 403);
    const today = await em
      .createQueryBuilder(Dispute, 'd')
      .where('d.residentId = :id AND d.createdAt >= :start', { id: residentId, start: startOfShanghaiDay(now) })
      .getCount();
    if (today >= deps.dailyLimit) {
      throw new DomainError('DAILY_LIMIT_REACHED', residentTexts.disputes.errors.dailyLimit(today), 429);
    }

    await recordPrivacyConsent(em, residentId, now);
    if (!resident.phoneCipher) {
      await em.update(User, { id: residentId }, { phoneCipher: pii.encrypt(input.phone), phoneHash: pii.lookupHash(input.phone) });
    }

    const committee = pickCommittee(agencies, input.category, place);
    const mediator = committee ? await leastBusyMediator(em, committee.id) : null;
    const date = shanghaiDate(now);
    const serial = `JF-${date.year}-${String(await nextCounterValue(em, `serial:JF:${date.year}`)).padStart(6, '0')}`;
    // 30 calendar days by the period rule (ending on a working day), at the end of that Shanghai day.
    const deadline = calendar.deadline(now, deps.deadlineSpec(input.category));
    const deadlineAt = deadline.dueAt;
    await deps.provisionalNotices?.noteProvisional(em, now, deadline);

    const dispute = em.create(Dispute, {
      serial,
      residentId,
      category: input.category,
      description: input.description,
      village: place.village,
      villageId: place.villageId,
      placeUnmapped: place.unmapped,
      otherParty: input.otherParty ?? null,
      callback: input.callback ?? false,
      contactPhoneCipher: pii.encrypt(input.phone),
      contactPhoneHash: pii.lookupHash(input.phone),
      committeeId: committee?.id ?? null,
      mediatorId: mediator?.id ?? null,
      status: 'submitted',
      deadlineAt,
      deadlineProvisional: deadline.provisional,
      closedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    await em.save(dispute);
    await countDisputeChange(em, null, dispute);
    await em.save(
      em.create(DisputeEntry, {
        disputeId: dispute.id, kind: 'move', authorId: residentId, body: residentTexts.disputes.timeline.filed, via: 'miniprogram',
        meta: { action: 'file', to: 'submitted', committeeId: committee?.id ?? null, mediatorId: mediator?.id ?? null }, at: now,
      }),
    );
    if (input.category === 'administrative') await openAdminDispute(deps, em, calendar, dispute, agencies, input, committee, now);
    await recordAudit(em, { actor, requestId }, { action: 'dispute.file', subjectType: 'dispute', subjectId: dispute.id }, now);

    const ctx: NoticeContext = { dispute, resident, residentPhone: input.phone };
    await notifyNewDispute(deps, em, ctx, committee, mediator, cadres, now);
    return {
      id: dispute.id,
      serial,
      status: dispute.status,
      deadlineAt: deadlineAt.toISOString(),
      deadlineProvisional: deadline.provisional,
      // The official name of the village picked, so the resident sees where it went.
      village: place.village,
      villageId: place.villageId,
      committee: committee ? { id: committee.id, name: committee.name } : null,
      mediator: mediator ? { id: mediator.id, name: mediator.name } : null,
      articles: articles.filter((a) => a.publishedAt).map(articleSummary),
    };
  });
}

async function recordPrivacyConsent(em: EntityManager, userId: number, now: Date) {
  const active = await em.findOne(Consent, { where: { userId, kind: 'privacy' }, order: { id: 'DESC' } });
  if (!active || active.withdrawnAt) await em.insert(Consent, { userId, kind: 'privacy', grantedAt: now, withdrawnAt: null });
}

// The committee's active mediators and how many open disputes each holds.
export async function mediatorLoads(em: EntityManager, committeeId: number): Promise<{ mediators: User[]; open: Map<number, number> }> {
  const mediators = await em.find(User, { where: { agencyId: committeeId, role: 'mediator', active: true } });
  if (!mediators.length) return { mediators, open: new Map() };
  const counts = await em
    .createQueryBuilder(Dispute, 'd')
    .select('d.mediatorId', 'mediatorId')
    .addSelect('COUNT(*)', 'n')
    .where({ mediatorId: In(mediators.map((m) => m.id)), status: In([...OPEN_STATUSES]) })
    .groupBy('d.mediatorId')
    .getRawMany<{ mediatorId: number; n: string | number }>();
  return { mediators, open: new Map(counts.map((c) => [Number(c.mediatorId), Number(c.n)])) };
}

async function leastBusyMediator(em: EntityManager, committeeId: number): Promise<User | null> {
  const { mediators, open } = await mediatorLoads(em, committeeId);
  return pickMediator(mediators, open);
}

// 行政争议: the policy's register–transfer–assign–urge–feedback trail starts
// here as a linkage item addressed to the defendant agency, when one is named.
async function openAdminDispute(
  deps: DisputeDeps, em: EntityManager, calendar: WorkingCalendar, d: Dispute, agencies: Agency[], input: NewDispute, committee: Agency | null, now: Date,
) {
  const defendant =
    (input.defendantAgencyId != null ? agencies.find((a) => a.id === input.defendantAgencyId) : undefined) ??
    agencies.find((a) => input.otherParty && a.name === input.otherParty.trim());
  if (input.defendantAgencyId != null && !defendant) {
    throw new DomainError('AGENCY_NOT_FOUND', residentTexts.disputes.errors.defendantNotFound, 422, { fields: { defendantAgencyId: residentTexts.disputes.errors.agencyNotFound } });
  }
  if (!defendant) return;
  if (deps.adminDisputes) {
    await deps.adminDisputes.openAdminDispute(em, calendar, d, defendant, now);
    return;
  }
  // Without the linkage module (a test wiring disputes alone): the trail's first step only.
  const item = em.create(LinkageItem, {
    type: 'admin_dispute', documentNumber: null, title: staff.disputeNotices.adminDispute.title(d.serial), body: d.description,
    fromAgencyId: committee?.id ?? null, toAgencyId: defendant.id, assigneeId: null, status: 'registered',
    dueAt: null, dueKind: null, dueDays: null, provisional: false, answeredAt: null, disputeId: d.id, createdAt: now, updatedAt: now,
  });
  await em.save(item);
  await em.insert(LinkageEvent, {
    itemId: item.id, action: 'register', actorId: d.residentId, fromAgencyId: committee?.id ?? null,
    toAgencyId: defendant.id, note: staff.disputeNotices.adminDispute.registered(d.serial), at: now,
  });
}

async function notifyNewDispute(deps: DisputeDeps, em: EntityManager, ctx: NoticeContext, committee: Agency | null, mediator: User | null, cadres: User[], now: Date) {
  const d = ctx.dispute;
  const subject = { type: 'dispute', id: d.id };
  // The committee's group, the mediator and the village's linked cadres, in one multi-row INSERT.
  await deps.outbox.enqueueMany(em, [
    ...(committee ? [{ ...groupNotice(committee, newDisputeCard(ctx, mediator), mediator?.wecomUserId), dueAt: now, dedupeKey: `dispute:${d.id}:new:group`, subject }] : []),
    ...(mediator
      ? [{ ...staffOf(mediator), message: { msgtype: 'text' as const, content: mediatorAssignedText(ctx) }, dueAt: now, dedupeKey: `dispute:${d.id}:new:mediator`, subject }]
      : []),
    ...cadres
      .filter((u) => u.villages.includes(d.village))
      .map((cadre) => ({
        ...staffOf(cadre), message: { msgtype: 'text' as const, content: cadreText(ctx, committee?.name ?? null) },
        dueAt: now, dedupeKey: `dispute:${d.id}:cadre:${cadre.id}`, subject,
      })),
  ] as Parameters<typeof deps.outbox.enqueueMany>[1]);
  // The deadline's reminders and, once it passes, its urging (dispute-deadline.ts).
  await planDeadlineReminders(deps.reminders, em, d);
}
