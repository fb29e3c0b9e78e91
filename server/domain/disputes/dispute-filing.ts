import type { EntityManager } from 'typeorm';
import { countDisputeChange } from '../reports/dispute-stats';
import { Agency, Article, Consent, Dispute, DisputeEntry, LinkageEvent, LinkageItem, User, type DisputeCategory } from '../../../entities';
import { recordAudit } from '../audit';
import { nextCounterValue } from '../counters';
import { DomainError } from '../errors';
import { placeOfDispute } from '../place-service';
import { groupNotice, staffOf } from '../outbox/recipients';
import type { Principal } from '../principal';
import { shanghaiDate, startOfShanghaiDay } from '../shanghai-time';
import type { WorkingCalendar } from '../calendar/calendar';
import type { DisputeDeps } from './dispute-deps';
import { planNewDeadlineReminders } from './dispute-deadline';
import { cadreText, mediatorAssignedText, newDisputeCard, type NoticeContext } from './dispute-notices';
import { pickCommittee, pickMediator } from './dispute-routing';
import { filingReads, mediatorLoads, type CadreRef, type MediatorRef } from './dispute-filing-reads';
import { insertOne, insertRows } from '../../db/bulk-insert';
import { resident as residentTexts } from '../../texts/resident.texts';
import { staff } from '../../texts/staff.texts';

// How many of its category's newest 法官说法 a filing hands back.
const FILING_ARTICLES = 3;

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
  const { db, clock, pii } = deps;
  if (actor.role !== 'resident' || actor.userId === null) throw new DomainError('FORBIDDEN', residentTexts.disputes.errors.residentsOnly, 403);
  const residentId = actor.userId;

  // Read before the transaction, which on SQLite runs alone and on MySQL holds
  // the resident's row and the serial counter (issue 14): the calendar, the
  // agencies the filing may need (the village meant, the committees that may
  // take the category, a defendant), the village's linked cadres and the
  // articles to hand back (remembered across filings: newest-articles.ts).
  // They change by an admin's or a judge's hand, not by filings.
  const reads = filingReads(db);
  const [calendar, agencies, articles] = await Promise.all([deps.calendar.current(), reads.agenciesFor(input), deps.newestArticles.of(db.manager, input.category)]);
  // Before anything is written: an unknown village or defendant refuses the whole filing.
  const place = placeOfDispute(agencies, input);
  const defendant = input.category === 'administrative' ? defendantOf(input, agencies) : undefined;
  const cadres = await reads.cadresOf(place.village);
  const committee = pickCommittee(agencies, input.category, place);
  const contactPhone = { cipher: pii.encrypt(input.phone), hash: pii.lookupHash(input.phone) };
  return db.transaction(async (em) => {
    const now = clock.now();
    const locked = await reads.lockResident(em, residentId, startOfShanghaiDay(now));
    if (!locked) throw new DomainError('FORBIDDEN', residentTexts.disputes.errors.noAccount, 403);
    const { resident, filedSince: today } = locked;
    if (today >= deps.dailyLimit) {
      throw new DomainError('DAILY_LIMIT_REACHED', residentTexts.disputes.errors.dailyLimit(today), 429);
    }

    if (!locked.consentStands) await insertRows(em, Consent, [{ userId: residentId, kind: 'privacy', grantedAt: now, withdrawnAt: null }]);
    if (!resident.phoneCipher) await em.update(User, { id: residentId }, { phoneCipher: contactPhone.cipher, phoneHash: contactPhone.hash });

    // Inside the transaction: on SQLite, where filings take turns, each sees
    // the disputes just handed out, and a burst is spread across the committee.
    const mediator = committee ? await leastBusyMediator(em, committee.id) : null;

    // 30 calendar days by the period rule (ending on a working day), at the end of that Shanghai day.
    const deadline = calendar.deadline(now, deps.deadlineSpec(input.category));
    const deadlineAt = deadline.dueAt;
    await deps.provisionalNotices?.noteProvisional(em, now, deadline);

    const dispute = Object.assign(new Dispute(), {
      residentId,
      category: input.category,
      description: input.description,
      village: place.village,
      villageId: place.villageId,
      placeUnmapped: place.unmapped,
      otherParty: input.otherParty ?? null,
      callback: input.callback ?? false,
      contactPhoneCipher: contactPhone.cipher,
      contactPhoneHash: contactPhone.hash,
      committeeId: committee?.id ?? null,
      mediatorId: mediator?.id ?? null,
      status: 'submitted' as const,
      deadlineAt,
      deadlineProvisional: deadline.provisional,
      closedAt: null,
      confirmationDueAt: null,
      residentAppliedAt: null,
      otherPartyAppliedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    // The summary row's lock is shared only by filings of one month, category,
    // committee and village; it needs no id, so it is taken before the serial.
    await countDisputeChange(em, null, dispute);
    // The serial counter's row is locked by every filing of the year until
    // commit (on MySQL; SQLite runs transactions one at a time): taken this
    // late, it is held for the dispute's own rows and the outbox only.
    const date = shanghaiDate(now);
    dispute.serial = `JF-${date.year}-${String(await nextCounterValue(em, `serial:JF:${date.year}`)).padStart(6, '0')}`;
    dispute.id = await insertOne(em, Dispute, dispute);
    await insertRows(em, DisputeEntry, [{
      disputeId: dispute.id, kind: 'move', authorId: residentId, body: residentTexts.disputes.timeline.filed, via: 'miniprogram',
      meta: { action: 'file', to: 'submitted', committeeId: committee?.id ?? null, mediatorId: mediator?.id ?? null }, at: now,
    }]);
    if (defendant) await openAdminDispute(deps, em, calendar, dispute, defendant, committee, now);
    await recordAudit(em, { actor, requestId }, { action: 'dispute.file', subjectType: 'dispute', subjectId: dispute.id }, now);

    const ctx: NoticeContext = { dispute, resident, residentPhone: input.phone };
    await notifyNewDispute(deps, em, ctx, committee, mediator, cadres, now);
    return {
      id: dispute.id,
      serial: dispute.serial,
      status: dispute.status,
      deadlineAt: deadlineAt.toISOString(),
      deadlineProvisional: deadline.provisional,
      // The official name of the village picked, so the resident sees where it went.
      village: place.village,
      villageId: place.villageId,
      committee: committee ? { id: committee.id, name: committee.name } : null,
      mediator: mediator ? { id: mediator.id, name: mediator.name } : null,
      // The category's three newest.
      articles: articles.slice(0, FILING_ARTICLES),
    };
  });
}

async function leastBusyMediator(em: EntityManager, committeeId: number): Promise<MediatorRef | null> {
  const { mediators, open } = await mediatorLoads(em, committeeId);
  return pickMediator(mediators, open);
}

// 行政争议: the policy's register–transfer–assign–urge–feedback trail starts
// here as a linkage item addressed to the defendant agency, when one is named.
// The agency an administrative dispute is against: the one picked, or else
// the one whose exact name the resident typed as the other party.
export function defendantOf(input: NewDispute, agencies: Agency[]): Agency | undefined {
  const defendant =
    (input.defendantAgencyId != null ? agencies.find((a) => a.id === input.defendantAgencyId) : undefined) ??
    agencies.find((a) => input.otherParty && a.name === input.otherParty.trim());
  if (input.defendantAgencyId != null && !defendant) {
    throw new DomainError('AGENCY_NOT_FOUND', residentTexts.disputes.errors.defendantNotFound, 422, { fields: { defendantAgencyId: residentTexts.disputes.errors.agencyNotFound } });
  }
  return defendant;
}

async function openAdminDispute(deps: DisputeDeps, em: EntityManager, calendar: WorkingCalendar, d: Dispute, defendant: Agency, committee: Agency | null, now: Date) {
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

async function notifyNewDispute(
  deps: DisputeDeps, em: EntityManager, ctx: NoticeContext, committee: Agency | null, mediator: MediatorRef | null, cadres: CadreRef[], now: Date,
) {
  const d = ctx.dispute;
  const subject = { type: 'dispute', id: d.id };
  // The committee's group, the mediator, the village's linked cadres and the
  // deadline's reminders (dispute-deadline.ts), in one multi-row INSERT.
  await deps.outbox.enqueueMany(em, [
    ...(committee ? [{ ...groupNotice(committee, newDisputeCard(ctx, mediator), mediator?.wecomUserId), dueAt: now, dedupeKey: `dispute:${d.id}:new:group`, subject }] : []),
    ...(mediator
      ? [{ ...staffOf(mediator), message: { msgtype: 'text' as const, content: mediatorAssignedText(ctx) }, dueAt: now, dedupeKey: `dispute:${d.id}:new:mediator`, subject }]
      : []),
    ...cadres.map((cadre) => ({
      ...staffOf(cadre), message: { msgtype: 'text' as const, content: cadreText(ctx, committee?.name ?? null) },
      dueAt: now, dedupeKey: `dispute:${d.id}:cadre:${cadre.id}`, subject,
    })),
    ...(await planNewDeadlineReminders(deps.reminders, em, d)),
  ] as Parameters<typeof deps.outbox.enqueueMany>[1], { newSubject: true });
}
